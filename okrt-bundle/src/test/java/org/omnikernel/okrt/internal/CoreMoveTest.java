package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.grid.GridEdit;
import org.omnikernel.okrt.grid.GridSnapshot;

class CoreMoveTest {

    private static final int LABELS = 6;
    private static final int PER_LABEL = 4000;

    /**
     * resource.b's scheduler moves among core 0, core 1 and both, 30 times, and its batch changes,
     * while ordered messages flow from a sender thread: every message runs exactly once and in its
     * label's order, and the statistics stay continuous.
     */
    @Test
    void coresAndBatchChangeUnderLoadWithEveryMessageOnceAndInOrder() throws Exception {
        Map<Long, AtomicLong> next = new ConcurrentHashMap<>();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        Set<Integer> coresSeen = ConcurrentHashMap.newKeySet();
        try (TestGrid g = TestGrid.start(2, 8, new HoppingScheduler());
                GridAdminImpl admin = new GridAdminImpl(g.kernel, () -> Set.of(FifoScheduler.NAME, HoppingScheduler.NAME),
                        () -> new GridCatalog(Set.of("resource.a", "resource.b"), Set.of(FifoScheduler.NAME)), List::of,
                        GridAdminImpl.Journal.NONE, 50)) {
            g.attach(ResourceInterface.named("resource.b").request("STEP", (ctx, m) -> {
                long seq = m.argument(0, Long.class);
                if (!next.computeIfAbsent(m.dependency().counter(), k -> new AtomicLong()).compareAndSet(seq, seq + 1)) {
                    violations.incrementAndGet();
                }
                coresSeen.add(ctx.core());
                delivered.incrementAndGet();
            }, Long.class).build());
            ResourceContext a = g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> { }).build());
            List<DependencyLabel> labels = new ArrayList<>();
            for (int i = 0; i < LABELS; i++) {
                Activity act = g.kernel.createActivity("moved-" + i, Parameters.EMPTY);
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
            String[] placements = {"1", "0", "0-1", "1", "0-?", "0"};
            for (int move = 0; move < 30; move++) {
                admin.apply(new GridEdit.SetCores("resource.b", placements[move % placements.length])).toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                if (move % 5 == 0) {
                    admin.apply(new GridEdit.SetBatch("resource.b", 1 + move % 3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                if (move == 15) {
                    admin.apply(new GridEdit.Swap("resource.b", HoppingScheduler.NAME, Map.of())).toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
                }
            }
            sender.join(30_000);
            TestGrid.await("every step", () -> delivered.get() == LABELS * PER_LABEL);
            assertEquals(0, violations.get(), "a message was lost, run twice, refused or run out of order");
            next.values().forEach(n -> assertEquals(PER_LABEL, n.get()));
            assertEquals(Set.of(0, 1), coresSeen, "the resource ran on both cores over the moves");

            GridSnapshot s = admin.snapshot();
            GridSnapshot.SchedulerView b = s.schedulers().stream().filter(v -> v.target().equals("resource.b")).findFirst()
                    .orElseThrow();
            assertEquals(placements[29 % placements.length], b.cores());
            assertEquals(HoppingScheduler.NAME, b.scheduler());
            var stats = g.kernel.statistics().resource("resource.b");
            assertEquals(LABELS * PER_LABEL, stats.messages(), "statistics continuous across moves");
            assertEquals(0, stats.queued());
            assertTrue(stats.queues() <= LABELS, "queues of the replaced schedulers were retired: " + stats.queues());
            ResourceEntry entry = g.kernel.attached("resource.b");
            for (RequestQueue q : entry.queues()) {
                assertTrue(q.host == entry.host, q + " belongs to a replaced scheduler");
            }
        }
    }

    /** A move to one core puts new traffic there only; the other core keeps no queue of the resource. */
    @Test
    void aMovedResourceRunsOnlyOnItsNewCores() throws Exception {
        try (TestGrid g = TestGrid.start(2, 8);
                GridAdminImpl admin = new GridAdminImpl(g.kernel, () -> Set.of(FifoScheduler.NAME),
                        () -> new GridCatalog(Set.of("resource.a"), Set.of(FifoScheduler.NAME)), List::of,
                        GridAdminImpl.Journal.NONE, 50)) {
            Set<Integer> cores = ConcurrentHashMap.newKeySet();
            AtomicInteger ran = new AtomicInteger();
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> {
                cores.add(ctx.core());
                ran.incrementAndGet();
            }).build());
            admin.apply(new GridEdit.SetCores("resource.a", "1")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            Activity act = g.kernel.createActivity("act", Parameters.EMPTY);
            for (int i = 0; i < 200; i++) {
                g.kernel.send(act, "resource.a", "NOP", i);
            }
            TestGrid.await("all ran", () -> ran.get() == 200);
            assertEquals(Set.of(1), cores);
            assertTrue(admin.exportXml().contains("resource=\"resource.a\" scheduler=\"okrt.fifo\" metric=\"cpu\" core=\"1\""),
                    admin.exportXml());
        }
    }
}
