package org.omnikernel.scheduler.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

/** {@code rate} governing a resource of a real kernel by CPU time. */
class RateKernelTest {

    private static final long RATE = 100_000_000; // ns of CPU per second: 10 % of a core
    private static final long BURST = 1_000_000;  // 1 ms of CPU

    /**
     * One activity keeps a 2 µs spinning resource saturated. Its CPU time stays within its bucket's
     * line, burst + rate × elapsed, and comes close to it; the core idles the rest of the time although
     * messages are queued all along.
     *
     * <p>Elapsed time runs from before the kernel starts, so it is longer than the client's life: the
     * bucket line the scheduler keeps, burst + rate × (time since the client was added), is below this
     * one by rate × the start-up time, which covers the one dispatch (2 µs) that may be charged past
     * the line after the fact.
     */
    @Test
    void aRateLimitedActivityStaysWithinItsBucketAndTheCoreIdles() throws Exception {
        String xml = "<schedulerconfig batch='1'><cpuscheduler scheduler='okrt.fifo' core='0'/>"
                + "<resourcescheduler resource='resource.spin' scheduler='rate' metric='cpu' core='0'/></schedulerconfig>";
        Map<String, SchedulerFactory> factories = Map.of(RateFactory.NAME, new RateFactory(), FifoScheduler.NAME, new FifoScheduler());
        var config = new SchedulerConfigParser(new GridCatalog(Set.of("resource.spin"), factories.keySet()), 1)
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "rate.xml");
        AtomicBoolean stop = new AtomicBoolean();
        Resource spin = () -> ResourceInterface.named("resource.spin").request("SPIN", (ctx, m) -> {
            long until = System.nanoTime() + 2_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (!stop.get()) {
                ctx.send("resource.spin", "SPIN");
            }
        }).build();
        Kernel k = new Kernel(config, factories::get);
        long t0 = System.nanoTime();
        k.start();
        KernelSnapshot first;
        KernelSnapshot last;
        long t1;
        Activity a;
        try {
            k.attach(spin).orElseThrow();
            a = k.createActivity("limited", Parameters.of("rate", Long.toString(RATE), "burst", Long.toString(BURST)));
            for (int i = 0; i < 8; i++) {
                assertEquals(SendResult.OK, k.send(a, "resource.spin", "SPIN", i));
            }
            first = k.statistics();
            Thread.sleep(1_000);
            last = k.statistics();
            t1 = System.nanoTime();
            stop.set(true);
        } finally {
            k.stop();
        }
        long elapsed = t1 - t0;
        long line = BURST + RATE * elapsed / 1_000_000_000L;
        long cpu = last.activity(a.id()).cpuNanos();
        SchedulerClientStatistics client = last.clients().stream()
                .filter(c -> c.resource().equals("resource.spin") && c.activityId() == a.id()).findFirst().orElseThrow();
        String figures = "cpu " + cpu + " ns, line " + line + " ns over " + elapsed + " ns; scheduler: " + client.statistics();
        assertTrue(cpu <= line, "the limit was exceeded: " + figures);
        assertTrue(cpu >= line / 2, "it ran at its rate: " + figures);
        assertTrue(last.activity(a.id()).queued() > 0, "messages were queued all along: " + figures);
        assertTrue(client.statistics().details().get("throttled_us") > 0, figures);

        CoreStatistics c0 = first.cores().get(0);
        CoreStatistics c1 = last.cores().get(0);
        long coreElapsed = c1.elapsedNanos() - c0.elapsedNanos();
        long idle = c1.idleNanos() - c0.idleNanos();
        assertTrue(idle > coreElapsed / 2, "the core idled " + idle + " ns of " + coreElapsed + " with work queued");
    }
}
