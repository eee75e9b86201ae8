package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.grid.EditOutcome;
import org.omnikernel.okrt.grid.GridEdit;
import org.omnikernel.okrt.grid.GridEditException;
import org.omnikernel.okrt.grid.GridSnapshot;
import org.omnikernel.okrt.grid.GridSnapshot.Kind;
import org.omnikernel.okrt.grid.GridSnapshot.SchedulerView;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

class GridAdminTest {

    static final String GRID = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
            + "<compartment name='web' scheduler='okrt.fifo' cpushare='300'/>"
            + "<resourcescheduler resource='resource.a' compartment='web' scheduler='okrt.fifo' cpushare='20'/>"
            + "<resourcescheduler resource='*' scheduler='okrt.fifo'/></schedulerconfig>";

    /** Every applied edit, as the journal saw it. */
    private final List<String> journal = new ArrayList<>();

    private GridAdminImpl admin(TestGrid g) {
        return new GridAdminImpl(g.kernel, () -> Set.of(FifoScheduler.NAME, HoppingScheduler.NAME, "test.recording"),
                () -> new GridCatalog(Set.of("resource.a", "resource.b", "resource.c"),
                        Set.of(FifoScheduler.NAME, HoppingScheduler.NAME, "test.recording")),
                List::of, (target, fields) -> journal.add(target + " " + fields), 50);
    }

    private static EditOutcome apply(GridAdminImpl admin, GridEdit edit) throws Exception {
        return admin.apply(edit).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static SchedulerView scheduler(GridSnapshot s, String target) {
        return s.schedulers().stream().filter(v -> v.target().equals(target)).findFirst().orElseThrow();
    }

    private static ResourceInterface nop(String name) {
        return ResourceInterface.named(name).request("NOP", (ctx, m) -> { }).build();
    }

    @Test
    void theSnapshotShowsSchedulersAsTheyRunAfterEdits() throws Exception {
        try (TestGrid g = TestGrid.start(2, GRID, new SchedulerFactory[] {new HoppingScheduler()});
                GridAdminImpl admin = admin(g)) {
            g.attach(nop("resource.a"));
            g.attach(nop("resource.b"));
            EditOutcome swap = apply(admin, new GridEdit.Swap("resource.b", HoppingScheduler.NAME, Map.of()));
            assertTrue(swap.description().contains("resource.b"), swap.description());
            apply(admin, new GridEdit.SetCpuShare("web", 700));
            apply(admin, new GridEdit.SetCpuShare("resource.b", 1234));

            GridSnapshot s = admin.snapshot();
            SchedulerView cpu = scheduler(s, "okrt.cpu");
            assertEquals(Kind.CPU, cpu.kind());
            assertEquals("", cpu.parent());
            SchedulerView web = scheduler(s, "web");
            assertEquals(Kind.COMPARTMENT, web.kind());
            assertEquals(700, web.cpushare());
            SchedulerView a = scheduler(s, "resource.a");
            assertEquals("web", a.parent());
            assertEquals(20, a.cpushare());
            assertEquals(4, a.batch());
            SchedulerView b = scheduler(s, "resource.b");
            assertEquals(HoppingScheduler.NAME, b.scheduler());
            assertEquals("okrt.cpu", b.parent());
            assertEquals(1234, b.cpushare());
            assertEquals(2, s.cores().size());
            assertEquals(List.of("attached", "attached"), s.resources().stream().map(GridSnapshot.ResourceView::state).toList());
            assertTrue(s.devices().isEmpty());
            String dump = s.dump();
            assertTrue(dump.contains("okrt.cpu  okrt.fifo"), dump);
            assertTrue(dump.contains("\n  web  okrt.fifo") && dump.contains("\n    resource.a  okrt.fifo"), dump);
            assertTrue(dump.contains("resource.b  test.hopping") && dump.contains("cpushare=1234"), dump);

            String xml = admin.exportXml();
            assertTrue(xml.contains("resource=\"resource.b\" scheduler=\"test.hopping\"") && xml.contains("cpushare=\"1234\"")
                    && xml.contains("name=\"web\" scheduler=\"okrt.fifo\" metric=\"cpu\" core=\"0-?\" cpushare=\"700\""), xml);
            assertEquals(3, journal.size(), journal.toString());
        }
    }

    @Test
    void pathsCountMessagesAndBufferBytesPerSenderAndRateThemOverTheInterval() throws Exception {
        try (TestGrid g = TestGrid.start(2, GRID); GridAdminImpl admin = admin(g)) {
            AtomicInteger atB = new AtomicInteger();
            g.attach(ResourceInterface.named("resource.b").request("DATA", (ctx, m) -> atB.incrementAndGet(), Buffer.class)
                    .build());
            g.attach(ResourceInterface.named("resource.a").request("GO", (ctx, m) -> {
                ctx.send("resource.b", "DATA", Buffer.of(new byte[100]));
                ctx.send("resource.b", "DATA", Buffer.of(new byte[28]));
            }).build());
            Activity act = g.kernel.createActivity("traffic", Parameters.EMPTY);
            for (int i = 0; i < 500; i++) {
                assertEquals(SendResult.OK, g.kernel.send(act, "resource.a", "GO", i));
            }
            assertEquals(SendResult.OK, g.kernel.send(act, "resource.b", "DATA", 0, Buffer.of(new byte[7])));
            TestGrid.await("every DATA ran", () -> atB.get() == 1001);
            GridSnapshot s = admin.snapshot();
            GridSnapshot.PathView ab = path(s, "resource.a", "resource.b");
            assertEquals(1000, ab.messages());
            assertEquals(500 * 128, ab.bytes());
            assertEquals(500, path(s, "external", "resource.a").messages());
            GridSnapshot.PathView eb = path(s, "external", "resource.b");
            assertEquals(1, eb.messages());
            assertEquals(7, eb.bytes());
            assertEquals(3, s.paths().size(), s.paths().toString());

            // rates: while a steady flow runs, the last interval shows it; after it stops, the rate drops to 0
            long before = s.timestampNanos();
            TestGrid.await("an interval that saw the traffic completes", () -> admin.snapshot().intervalNanos() > 0);
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 50; i++) {
                    g.kernel.send(act, "resource.a", "GO", i);
                }
                Thread.sleep(5);
            }
            GridSnapshot busy = admin.snapshot();
            assertTrue(busy.timestampNanos() > before);
            assertTrue(path(busy, "resource.a", "resource.b").messagesPerSecond() > 0, busy.paths().toString());
            assertTrue(path(busy, "resource.a", "resource.b").bytesPerSecond() > 0, busy.paths().toString());
            assertTrue(busy.resources().stream().anyMatch(r -> r.messagesPerSecond() > 0));
            TestGrid.await("an idle interval", () -> path(admin.snapshot(), "resource.a", "resource.b").messagesPerSecond() == 0);
            GridSnapshot.ActivityView traffic = admin.snapshot().activities().stream().filter(x -> x.id() == act.id())
                    .findFirst().orElseThrow();
            assertTrue(traffic.totals().messages() >= 2001, traffic.toString());
        }
    }

    private static GridSnapshot.PathView path(GridSnapshot s, String from, String to) {
        return s.paths().stream().filter(p -> p.source().equals(from) && p.destination().equals(to)).findFirst()
                .orElseThrow(() -> new AssertionError("no path " + from + " -> " + to + " in " + s.paths()));
    }

    @Test
    void clientsAreSummedOverCoresWithTheirShareOfTheInterval() throws Exception {
        try (TestGrid g = TestGrid.start(2, GRID); GridAdminImpl admin = admin(g)) {
            g.attach(ResourceInterface.named("resource.b").request("SPIN", (ctx, m) -> {
                long end = System.nanoTime() + 20_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }).build());
            Activity x = g.kernel.createActivity("x", Parameters.EMPTY);
            Activity y = g.kernel.createActivity("y", Parameters.EMPTY);
            long stop = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            while (System.nanoTime() < stop) {
                g.kernel.send(x, "resource.b", "SPIN", 1);
                g.kernel.send(y, "resource.b", "SPIN", 2);
                Thread.sleep(1);
            }
            TestGrid.await("shares over an interval with traffic", () -> scheduler(admin.snapshot(), "resource.b").clients()
                    .stream().mapToDouble(GridSnapshot.ClientView::share).sum() > 0.99);
            SchedulerView b = scheduler(admin.snapshot(), "resource.b");
            assertEquals(Set.of("x", "y"), Set.copyOf(b.clients().stream().map(GridSnapshot.ClientView::client).toList()));
            b.clients().forEach(c -> assertTrue(c.consumed() > 0 && c.activityId() > 0, c.toString()));
            SchedulerView cpu = scheduler(admin.snapshot(), "okrt.cpu");
            assertTrue(cpu.clients().stream().anyMatch(c -> c.client().equals("resource.b") && c.activityId() == 0),
                    cpu.clients().toString());
        }
    }

    @Test
    void refusedEditsNameTheFieldAndChangeNothing() throws Exception {
        String xml = "<schedulerconfig><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<compartment name='web' scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='resource.a' scheduler='okrt.fifo' core='0'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(2, xml, new SchedulerFactory[] {new RecordingScheduler()});
                GridAdminImpl admin = admin(g)) {
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> { }).reports(Metric.NBYTES).build());
            Activity weightless = g.kernel.createActivity("weightless", Parameters.of("share", "0"));
            assertEquals(SendResult.OK, g.kernel.send(weightless, "resource.a", "NOP", 0));
            TestGrid.await("the queue exists", () -> g.kernel.statistics().resource("resource.a").queues() == 1);
            String before = admin.exportXml();

            refused(admin, new GridEdit.Swap("resource.zz", FifoScheduler.NAME, Map.of()), "target", "resources: [resource.a]");
            refused(admin, new GridEdit.Swap("resource.a", "propshare.nope", Map.of()), "scheduler", "valid: [");
            refused(admin, new GridEdit.Swap("resource.a", FifoScheduler.NAME, Map.of("quantum", "2")), "parameters",
                    "takes no parameters");
            refused(admin, new GridEdit.Swap("resource.a", "test.recording", Map.of()), "scheduler", "refuses a client");
            refused(admin, new GridEdit.SetCpuShare("resource.a", 0), "cpushare", "below 1");
            refused(admin, new GridEdit.SetCpuShare("okrt.cpu", 5), "cpushare", "no parent");
            refused(admin, new GridEdit.SetMetric("resource.a", "disk_time"), "metric", "valid: [cpu, memory, nbytes]");
            refused(admin, new GridEdit.SetMetric("resource.a", "Bad Name"), "metric", "");
            refused(admin, new GridEdit.SetBatch("resource.a", 0), "batch", "not from 1 to 1024");
            refused(admin, new GridEdit.SetBatch("web", 4), "batch", "compartment web runs no messages");
            refused(admin, new GridEdit.SetCores("resource.a", "5"), "cores", "does not exist");
            refused(admin, new GridEdit.SetCores("resource.a", "1-0"), "cores", "is empty");
            refused(admin, new GridEdit.SetCores("okrt.cpu", "0"), "cores", "fixed at boot");
            refused(admin, new GridEdit.SetCores("web", "7"), "cores", "does not exist");
            refused(admin, new GridEdit.SetActivityParameters("seven", Map.of("share", "1")), "target", "not an activity id");
            refused(admin, new GridEdit.SetActivityParameters("999", Map.of("share", "1")), "target", "no live activity 999");
            refused(admin, new GridEdit.Import("bad.xml", "<schedulerconfig>"), "xml", "bad.xml");
            refused(admin, new GridEdit.Import("empty.xml", " "), "xml", "empty document");

            assertEquals(before, admin.exportXml(), "nothing changed");
            assertEquals(List.of(), journal, "nothing was journalled");
            assertEquals(FifoScheduler.NAME, g.kernel.statistics().resource("resource.a").scheduler());
        }
    }

    @Test
    void aRefusedActivityEditFailsTheStageAndKeepsTheOldParameters() throws Exception {
        String xml = "<schedulerconfig><cpuscheduler scheduler='okrt.fifo'/>"
                + "<resourcescheduler resource='*' scheduler='test.recording'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(1, xml, new SchedulerFactory[] {new RecordingScheduler()});
                GridAdminImpl admin = admin(g)) {
            AtomicInteger ran = new AtomicInteger();
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> ran.incrementAndGet()).build());
            Activity act = g.kernel.createActivity("act", Parameters.of("share", "4", "tier", "gold"));
            g.kernel.send(act, "resource.a", "NOP", 0);
            TestGrid.await("ran", () -> ran.get() == 1);
            CompletionStage<EditOutcome> bad = admin.apply(new GridEdit.SetActivityParameters(Long.toString(act.id()),
                    Map.of("share", "-1")));
            var e = assertThrows(ExecutionException.class, () -> bad.toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertEquals("parameters", ((GridEditException) e.getCause()).field());
            assertEquals("4", act.parameters().get("share"));

            apply(admin, new GridEdit.SetActivityParameters(Long.toString(act.id()), Map.of("share", "9")));
            assertEquals(Parameters.of("share", "9", "tier", "gold"), act.parameters(), "the others stay");
            assertEquals(Map.of("share", "9", "tier", "gold"), admin.snapshot().activities().stream()
                    .filter(v -> v.id() == act.id()).findFirst().orElseThrow().parameters());
        }
    }

    private static void refused(GridAdminImpl admin, GridEdit edit, String field, String message) {
        GridEditException e;
        try {
            CompletionStage<EditOutcome> stage = admin.apply(edit);
            var x = assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS), edit.toString());
            e = (GridEditException) x.getCause();
        } catch (GridEditException thrown) {
            e = thrown;
        }
        assertEquals(field, e.field(), edit + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(message), edit + ": " + e.getMessage());
    }

    @Test
    void batchAndMetricChangeLiveAndTheKernelDefaultMovesOnlyResourcesWithoutTheirOwn() throws Exception {
        try (TestGrid g = TestGrid.start(2, GRID); GridAdminImpl admin = admin(g)) {
            AtomicInteger ran = new AtomicInteger();
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> ran.incrementAndGet()).build());
            g.attach(ResourceInterface.named("resource.b").request("NOP", (ctx, m) -> {
                ran.incrementAndGet();
                ctx.record(Metric.NBYTES, 10);
            }).reports(Metric.NBYTES).build());
            g.attach(nop("resource.c"));

            apply(admin, new GridEdit.SetBatch("resource.c", 2));
            apply(admin, new GridEdit.SetBatch("okrt.cpu", 16));
            GridSnapshot s = admin.snapshot();
            assertEquals(16, scheduler(s, "okrt.cpu").batch());
            assertEquals(16, scheduler(s, "resource.b").batch(), "governed by * and no batch of its own");
            assertEquals(4, scheduler(s, "resource.a").batch(), "named in the file");
            assertEquals(2, scheduler(s, "resource.c").batch(), "set on its own");
            assertTrue(admin.exportXml().contains("<schedulerconfig maxcores=\"2\" batch=\"16\""), admin.exportXml());

            apply(admin, new GridEdit.SetMetric("resource.b", "nbytes"));
            assertEquals("nbytes", scheduler(admin.snapshot(), "resource.b").metric());
            assertEquals("nbytes", g.kernel.statistics().resource("resource.b").metric());
            Activity act = g.kernel.createActivity("act", Parameters.EMPTY);
            for (int i = 0; i < 100; i++) {
                g.kernel.send(act, "resource.b", "NOP", i);
                g.kernel.send(act, "resource.a", "NOP", i);
            }
            TestGrid.await("all ran under the new metric and batches", () -> ran.get() == 200);
            EditOutcome same = apply(admin, new GridEdit.SetBatch("resource.c", 2));
            assertTrue(same.description().startsWith("nothing to change"), same.description());
        }
    }
}
