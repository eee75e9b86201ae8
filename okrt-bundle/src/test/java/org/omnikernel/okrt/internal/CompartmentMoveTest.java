package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.omnikernel.okrt.grid.GridEditException;
import org.omnikernel.okrt.grid.GridSnapshot;

class CompartmentMoveTest {

    private static final int LABELS = 4;
    private static final int PER_LABEL = 3000;

    /**
     * A compartment holding a resource moves between cores, with the resource inside it, while
     * ordered messages flow: a move that would leave the resource outside is refused naming it; the
     * others deliver every message once and in order.
     */
    @Test
    void aCompartmentMovesWithItsResourcesUnderOrderedLoad() throws Exception {
        String xml = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<compartment name='web' scheduler='okrt.fifo' core='0-?'/>"
                + "<compartment name='api' parent='web' scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='resource.b' compartment='api' scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo'/></schedulerconfig>";
        Map<Long, AtomicLong> next = new ConcurrentHashMap<>();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        try (TestGrid g = TestGrid.start(2, xml);
                GridAdminImpl admin = new GridAdminImpl(g.kernel, () -> Set.of(FifoScheduler.NAME),
                        () -> new GridCatalog(Set.of("resource.a", "resource.b"), Set.of(FifoScheduler.NAME)), List::of,
                        GridAdminImpl.Journal.NONE, 50)) {
            g.attach(ResourceInterface.named("resource.b").request("STEP", (ctx, m) -> {
                long seq = m.argument(0, Long.class);
                if (!next.computeIfAbsent(m.dependency().counter(), k -> new AtomicLong()).compareAndSet(seq, seq + 1)) {
                    violations.incrementAndGet();
                }
                delivered.incrementAndGet();
            }, Long.class).build());
            ResourceContext a = g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> { }).build());
            String before = admin.exportXml();
            GridEditException outside = assertThrows(GridEditException.class,
                    () -> admin.apply(new GridEdit.SetCores("web", "1")));
            assertEquals("cores", outside.field());
            assertTrue(outside.getMessage().contains("compartment api (cores 0-?)"), outside.getMessage());
            assertEquals(before, admin.exportXml(), "a refused move changes nothing");

            List<DependencyLabel> labels = new ArrayList<>();
            for (int i = 0; i < LABELS; i++) {
                Activity act = g.kernel.createActivity("in-web-" + i, Parameters.EMPTY);
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
            for (int round = 0; round < 5; round++) {
                apply(admin, new GridEdit.SetCores("resource.b", "1"));
                apply(admin, new GridEdit.SetCores("api", "1"));
                apply(admin, new GridEdit.SetCores("web", "1"));
                apply(admin, new GridEdit.SetCores("web", "0-1"));
                apply(admin, new GridEdit.SetCores("api", "0-1"));
                apply(admin, new GridEdit.SetCores("resource.b", "0-1"));
            }
            apply(admin, new GridEdit.SetCores("resource.b", "1"));
            apply(admin, new GridEdit.SetCores("api", "1"));
            apply(admin, new GridEdit.SetCores("web", "1"));
            sender.join(30_000);
            TestGrid.await("every step", () -> delivered.get() == LABELS * PER_LABEL);
            assertEquals(0, violations.get(), "a message was lost, run twice, refused or run out of order");
            next.values().forEach(n -> assertEquals(PER_LABEL, n.get()));

            GridSnapshot s = admin.snapshot();
            Map<String, String> cores = new java.util.HashMap<>();
            s.schedulers().forEach(v -> cores.put(v.target(), v.cores()));
            assertEquals("1", cores.get("web"));
            assertEquals("1", cores.get("api"));
            assertEquals("1", cores.get("resource.b"));
            assertEquals("api", s.schedulers().stream().filter(v -> v.target().equals("resource.b")).findFirst().orElseThrow()
                    .parent());
            assertEquals(LABELS * PER_LABEL, g.kernel.statistics().resource("resource.b").messages());
            assertTrue(admin.exportXml().contains("name=\"web\" scheduler=\"okrt.fifo\" metric=\"cpu\" core=\"1\""),
                    admin.exportXml());
        }
    }

    private static void apply(GridAdminImpl admin, GridEdit edit) throws Exception {
        admin.apply(edit).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
