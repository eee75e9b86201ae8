package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.grid.EditOutcome;
import org.omnikernel.okrt.grid.GridEdit;
import org.omnikernel.okrt.grid.GridEditException;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

class GridImportTest {

    private final List<String> journal = new ArrayList<>();

    private GridAdminImpl admin(TestGrid g) {
        Set<String> schedulers = Set.of(FifoScheduler.NAME, HoppingScheduler.NAME);
        return new GridAdminImpl(g.kernel, () -> schedulers,
                () -> new GridCatalog(Set.of("resource.a", "resource.b", "resource.c"), schedulers), List::of,
                (target, fields) -> journal.add(target + " " + fields), 50);
    }

    private static ResourceInterface nop(String name) {
        return ResourceInterface.named(name).request("NOP", (ctx, m) -> { }).build();
    }

    @Test
    void anImportAppliesTheDifferencesAndAnExportOfTheResultReadsBackTheSame() throws Exception {
        try (TestGrid g = TestGrid.start(2, GridAdminTest.GRID, new SchedulerFactory[] {new HoppingScheduler()});
                GridAdminImpl admin = admin(g)) {
            g.attach(nop("resource.a"));
            g.attach(nop("resource.b"));
            String exported = admin.exportXml();
            EditOutcome same = admin.apply(new GridEdit.Import("same.xml", exported)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals("nothing to change: the grid already matches", same.description());

            String xml = exported
                    .replace("resource=\"resource.b\" scheduler=\"okrt.fifo\" metric=\"cpu\" core=\"0-?\" batch=\"4\" cpushare=\"10000\"",
                            "resource=\"resource.b\" scheduler=\"test.hopping\" metric=\"cpu\" core=\"1\" batch=\"2\" cpushare=\"777\"")
                    .replace("name=\"web\" scheduler=\"okrt.fifo\" metric=\"cpu\" core=\"0-?\" cpushare=\"300\"",
                            "name=\"web\" scheduler=\"test.hopping\" metric=\"cpu\" core=\"0-?\" cpushare=\"900\"")
                    .replace("</schedulerconfig>",
                            "  <resourcescheduler resource=\"resource.c\" scheduler=\"okrt.fifo\" core=\"0\" cpushare=\"5\"/>\n</schedulerconfig>");
            assertTrue(!xml.equals(exported), exported);
            EditOutcome o = admin.apply(new GridEdit.Import("edited.xml", xml)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(o.description().contains("resource.b") && o.description().contains("web"), o.description());

            String after = admin.exportXml();
            assertTrue(after.contains("resource=\"resource.b\" scheduler=\"test.hopping\" metric=\"cpu\" core=\"1\" batch=\"2\" "
                    + "cpushare=\"777\""), after);
            assertTrue(after.contains("name=\"web\" scheduler=\"test.hopping\" metric=\"cpu\" core=\"0-?\" cpushare=\"900\""), after);
            assertTrue(after.contains("resource=\"resource.c\" scheduler=\"okrt.fifo\" metric=\"cpu\" core=\"0\""), after);
            // resource.c was not attached: its entry is used when it attaches
            g.attach(nop("resource.c"));
            assertEquals("0", g.kernel.attached("resource.c").host.spec.cores().spec());
            assertEquals(5, g.kernel.attached("resource.c").host.spec.cpushare());
            assertTrue(journal.stream().anyMatch(j -> j.startsWith("resource.b {")), journal.toString());
            assertTrue(journal.stream().anyMatch(j -> j.startsWith("resource.c {")), journal.toString());
        }
    }

    @Test
    void structureThatCannotChangeLiveRefusesTheWholeDocument() throws Exception {
        try (TestGrid g = TestGrid.start(2, GridAdminTest.GRID, new SchedulerFactory[] {new HoppingScheduler()});
                GridAdminImpl admin = admin(g)) {
            g.attach(nop("resource.a"));
            g.attach(nop("resource.b"));
            String exported = admin.exportXml();
            // a valid change to resource.b plus a new compartment: nothing of it may apply
            String added = exported.replace("scheduler=\"okrt.fifo\" metric=\"cpu\" core=\"0-?\" batch=\"4\" cpushare=\"10000\"",
                    "scheduler=\"test.hopping\" metric=\"cpu\" core=\"0-?\" batch=\"4\" cpushare=\"10000\"")
                    .replace("<cpuscheduler", "<compartment name=\"db\" scheduler=\"okrt.fifo\"/>\n  <cpuscheduler");
            refused(admin, added, "compartments are created and removed only at boot");
            refused(admin, exported.replace("resource=\"resource.a\" compartment=\"web\"", "resource=\"resource.a\""),
                    "a resource changes compartment only at boot");
            refused(admin, exported.replace("maxcores=\"2\"", "maxcores=\"1\""), "cores");
            refused(admin, exported.replace("fallback=\"okrt.fifo\"", "fallback=\"test.hopping\""), "fallback");
            refused(admin, exported.replace("scheduler=\"okrt.fifo\"", "scheduler=\"nope\""), "unknown scheduler \"nope\"");
            refused(admin, exported.replace("batch=\"4\" cpushare=\"20\"/>",
                    "batch=\"4\" cpushare=\"20\"><clientparam name=\"tier\" value=\"2\"/></resourcescheduler>"),
                    "only cpushare changes live");
            assertEquals(exported, admin.exportXml(), "nothing changed");
            assertEquals(List.of(), journal);
        }
    }

    private static void refused(GridAdminImpl admin, String xml, String message) {
        GridEditException e = assertThrows(GridEditException.class, () -> admin.apply(new GridEdit.Import("doc.xml", xml)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.field().equals("xml") || e.field().equals("cores"), e.field());
    }
}
