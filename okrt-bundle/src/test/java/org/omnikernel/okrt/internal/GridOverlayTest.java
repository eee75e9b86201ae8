package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerSpec;

class GridOverlayTest {

    private static final Set<String> SCHEDULERS = Set.of(FifoScheduler.NAME, HoppingScheduler.NAME);
    private static final GridCatalog CATALOG = new GridCatalog(Set.of("resource.a", "resource.b", "resource.c"), SCHEDULERS);

    @Test
    void persistedEditsWinFieldByFieldOverTheFile() {
        SchedulerConfig file = TestGrid.parse(2, GridAdminTest.GRID, SCHEDULERS);
        GridOverlay o = GridOverlay.fromProperties(Map.of(
                "okrt.cpu/scheduler", HoppingScheduler.NAME, "okrt.cpu/batch", "16",
                "web/cpushare", "900",
                "resource.a/cores", "1", "resource.a/cpushare", "33",
                "resource.b/scheduler", HoppingScheduler.NAME, "resource.b/metric", "memory",
                "service.pid", "ignored"));
        GridOverlay.Applied applied = o.applyTo(file, CATALOG);
        assertEquals(java.util.List.of(), applied.reports());
        SchedulerConfig c = applied.config();
        assertEquals(HoppingScheduler.NAME, c.cpu().scheduler());
        assertEquals(16, c.cpu().batch());
        assertEquals(900, c.compartments().get(0).cpushare());
        SchedulerSpec a = c.schedulerFor("resource.a").orElseThrow();
        assertEquals("1", a.cores().spec());
        assertEquals(33, a.cpushare());
        assertEquals("web", a.parent(), "the rest comes from the file");
        SchedulerSpec b = c.schedulerFor("resource.b").orElseThrow();
        assertEquals(HoppingScheduler.NAME, b.scheduler());
        assertEquals("memory", b.metric().name());
        assertEquals(SchedulerSpec.DEFAULT, c.resources().get(c.resources().size() - 1).resource(), "* stays last");
        assertEquals(new TreeMap<>(o.toProperties()), new TreeMap<>(applied.dropped().toProperties()));
    }

    @Test
    void editsWhoseTargetOrValueTheFileNoLongerHasAreReportedAndDropped() {
        String noStar = "<schedulerconfig><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='resource.a' scheduler='okrt.fifo' core='0-?'/></schedulerconfig>";
        SchedulerConfig file = TestGrid.parse(2, noStar, SCHEDULERS);
        GridOverlay o = GridOverlay.fromProperties(Map.of(
                "web/cpushare", "900",
                "resource.b/cpushare", "5",
                "resource.zz/cpushare", "5",
                "resource.a/cores", "7",
                "resource.a/scheduler", "propshare.gone",
                "resource.a/cpushare", "44",
                "okrt.cpu/cores", "0"));
        GridOverlay.Applied applied = o.applyTo(file, CATALOG);
        String reports = String.join("\n", applied.reports());
        assertTrue(reports.contains("persisted edits of web dropped"), reports);
        assertTrue(reports.contains("persisted edits of resource.b dropped") && reports.contains("resource=\"*\""), reports);
        assertTrue(reports.contains("persisted edits of resource.zz dropped"), reports);
        assertTrue(reports.contains("resource.a cores=7 dropped: core 7"), reports);
        assertTrue(reports.contains("resource.a scheduler=propshare.gone dropped"), reports);
        assertTrue(reports.contains("okrt.cpu cores=0 dropped"), reports);
        assertEquals(6, applied.reports().size(), reports);
        assertEquals(Map.of("resource.a/cpushare", "44"), applied.dropped().toProperties(), "only what applied is kept");
        assertEquals(44, applied.config().schedulerFor("resource.a").orElseThrow().cpushare());
        assertEquals(1, applied.config().resources().size(), "no entry was made for a target the file does not have");
    }
}
