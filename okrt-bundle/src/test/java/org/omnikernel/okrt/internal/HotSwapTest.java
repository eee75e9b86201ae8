package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

class HotSwapTest {

    private static final int LABELS = 6;
    private static final int PER_LABEL = 5000;
    private static final String[] POLICIES = {HoppingScheduler.NAME, FifoScheduler.NAME, "test.recording"};

    /**
     * 100 swaps of a resource's scheduler (and some of the CPU scheduler's) while ordered messages
     * flow on two cores, one of the policies remapping labels to the other core every microsecond:
     * every message runs exactly once and in its label's order.
     */
    @Test
    void hundredSwapsUnderLoadLoseNothingAndKeepOrder() throws Exception {
        Map<Long, AtomicLong> next = new ConcurrentHashMap<>();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        try (TestGrid g = TestGrid.start(2, 8, new HoppingScheduler(), new RecordingScheduler())) {
            g.attach(ResourceInterface.named("resource.b").request("STEP", (ctx, m) -> {
                long seq = m.argument(0, Long.class);
                if (!next.computeIfAbsent(m.dependency().counter(), k -> new AtomicLong()).compareAndSet(seq, seq + 1)) {
                    violations.incrementAndGet();
                }
                delivered.incrementAndGet();
            }, Long.class).build());
            ResourceContext a = g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> { }).build());
            List<DependencyLabel> labels = new ArrayList<>();
            for (int i = 0; i < LABELS; i++) {
                Activity act = g.kernel.createActivity("swapped-" + i, Parameters.of("share", "1"));
                labels.add(a.newDependencyLabel(act, i));
            }
            Thread sender = new Thread(() -> {
                for (long seq = 0; seq < PER_LABEL; seq++) {
                    for (DependencyLabel l : labels) {
                        if (!a.sendOrdered(l, "resource.b", "STEP", seq).isOk()) {
                            violations.incrementAndGet();
                        }
                    }
                }
            });
            sender.start();
            CorePause longest = CorePause.NONE;
            for (int swap = 0; swap < 100; swap++) {
                String policy = POLICIES[swap % POLICIES.length];
                longest = longest.max(g.kernel.swapScheduler("resource.b", policy, Parameters.EMPTY)
                        .toCompletableFuture().get(5, TimeUnit.SECONDS));
                if (swap % 10 == 0) {
                    g.kernel.swapScheduler("okrt.cpu", swap % 20 == 0 ? "test.recording" : FifoScheduler.NAME,
                            Parameters.EMPTY).toCompletableFuture().get(5, TimeUnit.SECONDS);
                }
            }
            sender.join(30_000);
            TestGrid.await("every step", () -> delivered.get() == LABELS * PER_LABEL);
            assertEquals(0, violations.get(), "a message was lost, run twice, refused or run out of order");
            next.values().forEach(n -> assertEquals(PER_LABEL, n.get()));
            var s = g.kernel.statistics();
            assertEquals(LABELS * PER_LABEL, s.resource("resource.b").messages(), "statistics continuous across swaps");
            assertEquals(POLICIES[99 % POLICIES.length], s.resource("resource.b").scheduler());
            assertTrue(longest.wallNanos() > 0 && longest.wallNanos() < 1_000_000_000L, "longest swap pause " + longest);
            assertTrue(longest.cpuNanos() > 0 && longest.cpuNanos() <= longest.wallNanos() + 1_000_000,
                    "a hand-over's CPU time is measured on the core and cannot much exceed its wall time: " + longest);
        }
    }

    /**
     * A swap hands the new scheduler every client of the old one with its parameters: a resource
     * scheduler gets each activity's queue with the activity's {@code share}, the CPU scheduler gets
     * each resource scheduler with its cpushare; nothing is added twice and nothing queued is lost.
     */
    @Test
    void aSwapHandsEveryClientWithItsWeightToTheNewScheduler() throws Exception {
        RecordingScheduler recording = new RecordingScheduler();
        String xml = "<schedulerconfig><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo' core='0-?' cpushare='300'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(2, xml, new SchedulerFactory[] {recording})) {
            AtomicInteger ran = new AtomicInteger();
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> ran.incrementAndGet()).build());
            Activity five = g.kernel.createActivity("five", Parameters.of("share", "5"));
            Activity seven = g.kernel.createActivity("seven", Parameters.of("share", "7"));
            for (int core = 0; core < 2; core++) {
                assertEquals(SendResult.OK, g.kernel.send(five, "resource.a", "NOP", core));
                assertEquals(SendResult.OK, g.kernel.send(seven, "resource.a", "NOP", core));
            }
            TestGrid.await("every NOP ran", () -> ran.get() == 4);
            int queues = g.kernel.statistics().resource("resource.a").queues();
            assertTrue(queues >= 2, "a queue per activity at least: " + queues);

            g.kernel.swapScheduler("resource.a", recording.name(), Parameters.EMPTY).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertTrue(recording.added("share=5") >= 1 && recording.added("share=7") >= 1,
                    "each activity's queue arrived with its share");
            assertEquals(queues, recording.added("share=5") + recording.added("share=7"), "every queue once, no other");

            g.kernel.swapScheduler("okrt.cpu", recording.name(), Parameters.EMPTY).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(2, recording.added("share=300"), "resource.a's scheduler on each core, with its cpushare");

            g.kernel.send(five, "resource.a", "NOP", 0);
            g.kernel.send(seven, "resource.a", "NOP", 1);
            TestGrid.await("the new schedulers run the clients they were handed", () -> ran.get() == 6);
        }
    }

    @Test
    void aRefusedSwapLeavesTheOldSchedulerInForce() throws Exception {
        String xml = "<schedulerconfig><cpuscheduler scheduler='okrt.fifo'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(1, xml, new SchedulerFactory[] {new RecordingScheduler()})) {
            AtomicInteger ran = new AtomicInteger();
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> ran.incrementAndGet()).build());
            Activity weightless = g.kernel.createActivity("weightless", Parameters.of("share", "0"));
            assertEquals(SendResult.OK, g.kernel.send(weightless, "resource.a", "NOP", 0), "okrt.fifo takes any share");
            TestGrid.await("the message ran", () -> ran.get() == 1);

            var unknown = assertThrows(IllegalArgumentException.class,
                    () -> g.kernel.swapScheduler("resource.a", "propshare.nope", Parameters.EMPTY));
            assertTrue(unknown.getMessage().contains("unknown scheduler \"propshare.nope\""), unknown.getMessage());
            var badParams = assertThrows(IllegalArgumentException.class,
                    () -> g.kernel.swapScheduler("resource.a", FifoScheduler.NAME, Parameters.of("quantum", "2")));
            assertTrue(badParams.getMessage().contains("takes no parameters"), badParams.getMessage());
            var refusedClient = assertThrows(IllegalArgumentException.class,
                    () -> g.kernel.swapScheduler("resource.a", "test.recording", Parameters.EMPTY));
            assertTrue(refusedClient.getMessage().contains("refuses a client"), refusedClient.getMessage());
            assertThrows(IllegalArgumentException.class, () -> g.kernel.swapScheduler("resource.zz", FifoScheduler.NAME,
                    Parameters.EMPTY));

            assertEquals(FifoScheduler.NAME, g.kernel.statistics().resource("resource.a").scheduler());
            assertEquals(SendResult.OK, g.kernel.send(weightless, "resource.a", "NOP", 0));
            TestGrid.await("still served by the old scheduler", () -> ran.get() == 2);
        }
    }
}
