package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;

class OrderingTest {

    private static final int LABELS = 6;
    private static final int PER_LABEL = 4000;

    /**
     * Dependency order must survive a scheduler that remaps every label to another core on nearly
     * every send: queued messages are moved between cores and the new queue waits behind a barrier
     * while the label's previous message still runs on the old core.
     */
    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 8})
    void remapMovesQueuedMessagesInOrder(int batch) throws Exception {
        Map<Long, AtomicLong> lastSeen = new ConcurrentHashMap<>();
        AtomicInteger violations = new AtomicInteger();
        Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        try (TestGrid g = TestGrid.start(2, batch, new HoppingScheduler())) {
            g.attach(ResourceInterface.named("resource.b").request("STEP", (ctx, m) -> {
                DependencyLabel label = m.dependency();
                long seq = m.argument(0, Long.class);
                AtomicInteger sameLabel = running.computeIfAbsent(label.counter(), k -> new AtomicInteger());
                if (sameLabel.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                long prev = lastSeen.computeIfAbsent(label.counter(), k -> new AtomicLong(-1)).getAndSet(seq);
                if (prev != seq - 1) {
                    violations.incrementAndGet();
                }
                long until = System.nanoTime() + 2_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                sameLabel.decrementAndGet();
                delivered.incrementAndGet();
            }, Long.class).build());
            ResourceContext a = g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> { }).build());
            Activity act = g.kernel.createActivity("orderly", Parameters.EMPTY);
            List<DependencyLabel> labels = new ArrayList<>();
            for (int i = 0; i < LABELS; i++) {
                labels.add(a.newDependencyLabel(act, 100 + i));
            }
            for (long seq = 0; seq < PER_LABEL; seq++) {
                for (DependencyLabel l : labels) {
                    assertEquals(SendResult.OK, a.sendOrdered(l, "resource.b", "STEP", seq));
                }
            }
            TestGrid.await("all steps", () -> delivered.get() == LABELS * PER_LABEL);
            assertEquals(0, violations.get(), "messages of a label ran out of order");
            assertEquals(0, overlaps.get(), "two messages of one label ran at once on different cores");
            assertEquals(LABELS, lastSeen.size());
            lastSeen.values().forEach(v -> assertEquals(PER_LABEL - 1, v.get()));
            assertTrue(g.kernel.statistics().cores().stream().allMatch(c -> c.messages() > 0),
                    "the hopping scheduler spread work over both cores");
        }
    }
}
