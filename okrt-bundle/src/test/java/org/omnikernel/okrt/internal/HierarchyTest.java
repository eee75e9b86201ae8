package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * CPU scheduler → compartment schedulers → resource schedulers (§4.2.2) on one core, all
 * {@code okrt.fifo} with batch 1 — ready clients in turn, which is round robin — and every message the
 * same 20 µs of work. Compartment x holds resources a and b,
 * compartment y holds c, d and e: x and y each get half the core; inside, the half is split among the
 * compartment's busy resources, so when b goes idle its share goes to a, its sibling, not to c, d, e.
 */
class HierarchyTest {

    private static final String GRID = "<schedulerconfig batch='1'>"
            + "<cpuscheduler scheduler='okrt.fifo' core='0'/>"
            + "<compartment name='x' scheduler='okrt.fifo' core='0'/>"
            + "<compartment name='y' scheduler='okrt.fifo' core='0'/>"
            + "<resourcescheduler resource='resource.a' compartment='x' scheduler='okrt.fifo'/>"
            + "<resourcescheduler resource='resource.b' compartment='x' scheduler='okrt.fifo'/>"
            + "<resourcescheduler resource='resource.c' compartment='y' scheduler='okrt.fifo'/>"
            + "<resourcescheduler resource='resource.d' compartment='y' scheduler='okrt.fifo'/>"
            + "<resourcescheduler resource='resource.e' compartment='y' scheduler='okrt.fifo'/>"
            + "</schedulerconfig>";

    private static final List<String> RESOURCES = List.of("resource.a", "resource.b", "resource.c", "resource.d", "resource.e");

    @Test
    void aChildsUnusedShareGoesFirstToItsSiblings() throws Exception {
        Map<String, AtomicBoolean> running = Map.of("resource.a", new AtomicBoolean(true), "resource.b",
                new AtomicBoolean(true), "resource.c", new AtomicBoolean(true), "resource.d", new AtomicBoolean(true),
                "resource.e", new AtomicBoolean(true));
        try (TestGrid g = TestGrid.start(1, GRID, new org.omnikernel.okrt.scheduler.SchedulerFactory[0])) {
            for (String name : RESOURCES) {
                g.attach(ResourceInterface.named(name).request("WORK", (ctx, m) -> {
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    if (running.get(name).get()) {
                        ctx.send(name, "WORK");
                    }
                }).build());
                var activity = g.kernel.createActivity(name.substring(9), Parameters.EMPTY);
                for (int i = 0; i < 4; i++) {
                    g.kernel.send(activity, name, "WORK", i);
                }
            }
            Map<String, Double> all = shares(g, 400);
            assertShare(all, "resource.a", 25);
            assertShare(all, "resource.b", 25);
            assertShare(all, "resource.c", 16.7);
            assertShare(all, "resource.e", 16.7);

            running.get("resource.b").set(false);
            TestGrid.await("b drained", () -> g.kernel.statistics().resource("resource.b").queued() == 0);
            Map<String, Double> withoutB = shares(g, 400);
            assertShare(withoutB, "resource.a", 50);
            assertShare(withoutB, "resource.b", 0);
            assertShare(withoutB, "resource.c", 16.7);
            assertShare(withoutB, "resource.d", 16.7);
            running.values().forEach(r -> r.set(false));
        }
    }

    /**
     * Each resource's share of the dispatches over a window of {@code millis}: with batch 1 and equal
     * work per message, round robin divides dispatches, so they are the exact measure; handler wall
     * time would add the noise of other processes taking the core mid-message.
     */
    private static Map<String, Double> shares(TestGrid g, long millis) {
        KernelSnapshot before = g.kernel.statistics();
        long until = System.nanoTime() + millis * 1_000_000;
        TestGrid.await("the window", () -> System.nanoTime() > until);
        KernelSnapshot after = g.kernel.statistics();
        Map<String, Long> used = new java.util.HashMap<>();
        long total = 0;
        for (String name : RESOURCES) {
            long d = after.resource(name).messages() - before.resource(name).messages();
            used.put(name, d);
            total += d;
        }
        Map<String, Double> out = new java.util.HashMap<>();
        for (String name : RESOURCES) {
            out.put(name, 100.0 * used.get(name) / total);
        }
        return out;
    }

    private static void assertShare(Map<String, Double> shares, String name, double expected) {
        double got = shares.get(name);
        assertTrue(Math.abs(got - expected) <= 3, name + " got " + String.format("%.1f", got) + "% of the dispatches, expected "
                + expected + "% ± 3: " + shares);
    }
}
