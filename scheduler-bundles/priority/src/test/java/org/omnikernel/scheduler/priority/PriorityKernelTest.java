package org.omnikernel.scheduler.priority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

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
import org.omnikernel.okrt.stats.KernelSnapshot;

/** priority.strict governing a resource of a real kernel. */
class PriorityKernelTest {

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Two activities keep one core's spinning resource saturated: while the high-priority one has
     * work the low one gets (almost) nothing; when the high one stops, the low one runs.
     */
    @Test
    void theHighPriorityActivityTakesTheCoreUntilItRunsOutOfWork() throws Exception {
        String xml = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0'/>"
                + "<resourcescheduler resource='*' scheduler='priority.strict' core='0'/></schedulerconfig>";
        Map<String, SchedulerFactory> factories = Map.of(PriorityFactory.NAME, new PriorityFactory(),
                FifoScheduler.NAME, new FifoScheduler());
        var config = new SchedulerConfigParser(new GridCatalog(Set.of("resource.spin"), factories.keySet()), 1)
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "priority.xml");
        Kernel k = new Kernel(config, factories::get);
        k.start();
        try {
            Activity high = k.createActivity("high", Parameters.of("priority", "5"));
            Activity low = k.createActivity("low", Parameters.of("priority", "1"));
            long highId = high.id();
            AtomicBoolean stopHigh = new AtomicBoolean();
            AtomicBoolean stopAll = new AtomicBoolean();
            Resource spin = () -> ResourceInterface.named("resource.spin").request("SPIN", (ctx, m) -> {
                long until = System.nanoTime() + 5_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                boolean stop = stopAll.get() || (stopHigh.get() && ctx.activity().id() == highId);
                if (!stop) {
                    ctx.send("resource.spin", "SPIN");
                }
            }).build();
            k.attach(spin).orElseThrow();
            for (int i = 0; i < 8; i++) {
                assertEquals(SendResult.OK, k.send(high, "resource.spin", "SPIN", i));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(SendResult.OK, k.send(low, "resource.spin", "SPIN", i));
            }
            await("high to run 20 000 messages", () -> k.statistics().activity(high.id()).messages() >= 20_000);
            KernelSnapshot busy = k.statistics();
            long h1 = busy.activity(high.id()).messages();
            long l1 = busy.activity(low.id()).messages();
            assertTrue(busy.activity(low.id()).queued() > 0, "low had work all along");
            assertTrue(l1 < 0.05 * (h1 + l1), "while high had work, low got " + l1 + " of " + (h1 + l1) + " messages");

            stopHigh.set(true);
            await("high's queue to drain", () -> k.statistics().activity(high.id()).queued() == 0);
            long h2 = k.statistics().activity(high.id()).messages();
            await("low to run 5 000 more messages", () -> k.statistics().activity(low.id()).messages() >= l1 + 5_000);
            KernelSnapshot after = k.statistics();
            assertEquals(h2, after.activity(high.id()).messages(), "high sent nothing more");
            var stats = after.clients().stream()
                    .filter(c -> c.resource().equals("resource.spin") && c.activityId() == low.id()).findFirst().orElseThrow();
            assertEquals(1L, stats.statistics().details().get("priority"));
            assertTrue(stats.statistics().details().get("dispatches") > 0);
            stopAll.set(true);
        } finally {
            k.stop();
        }
    }
}
