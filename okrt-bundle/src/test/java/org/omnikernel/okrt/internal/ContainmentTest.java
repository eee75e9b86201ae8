package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;

class ContainmentTest {

    @Test
    void aHandlerThatThrowsNeverStopsItsCore() throws Exception {
        AtomicInteger ok = new AtomicInteger();
        try (TestGrid g = TestGrid.start(1, 8)) {
            g.attach(ResourceInterface.named("resource.a").request("WORK", (ctx, m) -> {
                if (m.argument(0, Integer.class) % 10 == 0) {
                    throw new IllegalStateException("driver bug");
                }
                ok.incrementAndGet();
            }, Integer.class).build());
            Activity a = g.kernel.createActivity("a", Parameters.EMPTY);
            for (int i = 0; i < 100; i++) {
                g.kernel.send(a, "resource.a", "WORK", i, i);
            }
            TestGrid.await("the 90 good messages", () -> ok.get() == 90);
            var r = g.kernel.statistics().resource("resource.a");
            assertEquals(10, r.failures());
            assertEquals(100, r.messages());
        }
    }

    /** A scheduler whose decision throws: its resource stalls, but the core lives and serves the others. */
    @Test
    void aSchedulerThatThrowsNeverStopsItsCore() throws Exception {
        AtomicInteger good = new AtomicInteger();
        org.omnikernel.okrt.scheduler.SchedulerFactory broken = new org.omnikernel.okrt.scheduler.SchedulerFactory() {
            @Override
            public String name() {
                return "test.broken";
            }

            @Override
            public org.omnikernel.okrt.scheduler.Scheduler create(Parameters p, org.omnikernel.okrt.scheduler.SchedulerContext c) {
                org.omnikernel.okrt.scheduler.Scheduler fifo = new FifoScheduler().create(Parameters.EMPTY, c);
                return new org.omnikernel.okrt.scheduler.Scheduler() {
                    @Override
                    public org.omnikernel.okrt.scheduler.CoreScheduler<?> initCore(int core) {
                        CoreHooks inner = new CoreHooks(fifo.initCore(core));
                        return new DelegatingCoreScheduler(inner) {
                            @Override
                            public org.omnikernel.okrt.scheduler.ClientState schedule() {
                                throw new IllegalStateException("policy bug");
                            }
                        };
                    }

                    @Override
                    public org.omnikernel.okrt.scheduler.LoadShare loadShare(org.omnikernel.okrt.scheduler.LoadShareRequest r) {
                        return fifo.loadShare(r);
                    }
                };
            }
        };
        String xml = "<schedulerconfig><cpuscheduler scheduler='okrt.fifo' core='0'/>"
                + "<resourcescheduler resource='resource.b' scheduler='test.broken'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(1, xml, broken)) {
            g.attach(ResourceInterface.named("resource.b").request("WORK", (ctx, m) -> { }).build());
            g.attach(ResourceInterface.named("resource.a").request("WORK", (ctx, m) -> good.incrementAndGet()).build());
            Activity a = g.kernel.createActivity("a", Parameters.EMPTY);
            g.kernel.send(a, "resource.b", "WORK", 0);
            for (int i = 0; i < 50; i++) {
                g.kernel.send(a, "resource.a", "WORK", i);
            }
            TestGrid.await("resource.a served despite resource.b's broken scheduler", () -> good.get() == 50);
            assertEquals(1, g.kernel.statistics().resource("resource.b").queued(), "b's message waits, not lost");
        }
    }
}
