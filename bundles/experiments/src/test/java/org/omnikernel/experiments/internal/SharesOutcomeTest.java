package org.omnikernel.experiments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * E2 and E4's outcome from real figures: what each resource's scheduler charged each process's I/O
 * aggregates, summed over aggregates and cores, becomes per-resource shares against 50/33/17; only
 * the judged resources decide the goal; the files say the same.
 */
class SharesOutcomeTest {

    private static final List<Set<Long>> IOAS = List.of(Set.of(11L, 12L), Set.of(21L), Set.of(31L));
    /** Bytes at DRWR per second, per process: a's on two aggregates and two cores. */
    private static final long[][] DRWR = {{2_000_000, 1_400_000, 600_000}, {2_100_000, 1_300_000, 700_000}};
    /** FCR CPU ns per second, per process: equal, far off the entitlement. */
    private static final long[][] FCR = {{1_000, 1_000, 1_000}, {1_000, 1_000, 1_000}};

    private static KernelSnapshot snapshot(int t) {
        long[] drwr = new long[3];
        long[] fcr = new long[3];
        for (int k = 0; k < t; k++) {
            for (int p = 0; p < 3; p++) {
                drwr[p] += DRWR[k][p];
                fcr[p] += FCR[k][p];
            }
        }
        long elapsed = t * 1_000_000_000L;
        return Snapshots.at(elapsed).core(elapsed, elapsed / 2, 0, elapsed / 2, elapsed)
                // a: 3/4 of its bytes on aggregate 11 at core 0, 1/4 on aggregate 12 at core 1
                .client("drwr.disk0", 0, 11, drwr[0] * 3 / 4).client("drwr.disk0", 1, 12, drwr[0] / 4)
                .client("drwr.disk0", 0, 21, drwr[1]).client("drwr.disk0", 1, 31, drwr[2])
                // the infrastructure's bytes and another resource's are not the processes'
                .client("drwr.disk0", 0, 1, 9_999_999).client("resource.sdrwr", 0, 21, 5_000_000)
                .client("resource.fcr", 0, 11, fcr[0]).client("resource.fcr", 0, 21, fcr[1]).client("resource.fcr", 1, 31, fcr[2])
                .build();
    }

    static SharesOutcome outcome() {
        List<KernelSnapshot> s = List.of(snapshot(0), snapshot(1), snapshot(2));
        List<ShareSeries.Measured> measured = new ArrayList<>();
        for (List<String> r : List.of(List.of("drwr", "drwr.disk0", "bytes"), List.of("fcr", "resource.fcr", "cpu_ns"))) {
            ShareSeries series = new ShareSeries(r.get(0), r.get(1), r.get(2), IoProcesses.entitlement(r.get(1)),
                    IOAS.stream().map(ids -> Meter.chargedAt(r.get(1), ids)).toList());
            List<ShareSample> samples = List.of(ShareSample.metered(s.get(0), s.get(1), series.meters(), 0),
                    ShareSample.metered(s.get(1), s.get(2), series.meters(), 0));
            measured.add(new ShareSeries.Measured(series, samples,
                    ShareSummary.of(series.entitlement(), series.meters(), s.get(0), s.get(2), samples, 5.0)));
        }
        return new SharesOutcome("e4", "E4 test", "§5.7, Fig 5.8", 2, 2, "/opt/okernel/conf/experiments/e4.xml",
                List.of("three readers"), measured, List.of("drwr"), "The seed shares the disk 50/33/17.",
                CpuBreakdown.between(s.get(0), s.get(2)));
    }

    @Test
    void sharesAreWhatEachResourceChargedEachProcessSummedOverAggregatesAndCores() {
        SharesOutcome o = outcome();
        ShareSummary drwr = o.series().get(0).summary();
        // 4.1 MB, 2.7 MB, 1.3 MB of 8.1 MB
        assertEquals(100.0 * 4_100_000 / 8_100_000, drwr.achievedPercent().get(0), 1e-9);
        assertEquals(100.0 * 2_700_000 / 8_100_000, drwr.achievedPercent().get(1), 1e-9);
        assertEquals(100.0 * 1_300_000 / 8_100_000, drwr.achievedPercent().get(2), 1e-9);
        assertEquals(100.0 * 2_000_000 / 4_000_000, o.series().get(0).samples().get(0).sharesPercent().get(0), 1e-9);
        assertEquals(List.of(2_000_000L, 1_400_000L, 600_000L), o.series().get(0).samples().get(0).cpuNanos());
        double worst = Math.abs(100.0 * 1_300_000 / 8_100_000 - 100.0 * 1667 / 10000);
        assertEquals(worst, drwr.maxDeviationPp(), 1e-9, "c is furthest off");
        ShareSummary fcr = o.series().get(1).summary();
        assertEquals(100.0 / 3, fcr.achievedPercent().get(0), 1e-9);
        assertEquals(50.0 - 100.0 / 3, fcr.maxDeviationPp(), 1e-9);
    }

    @Test
    void onlyTheJudgedResourcesDecideTheGoal() {
        SharesOutcome o = outcome();
        assertEquals(o.series().get(0).summary().maxDeviationPp(), o.maxDeviationPp(), 1e-12, "FCR's 16.7 pp is not judged");
        assertTrue(o.sharesMeetGoal(), "DRWR is within 5 pp");
        SharesOutcome both = new SharesOutcome(o.experiment(), o.title(), o.seed(), o.cores(), o.warmup(), o.grid(), o.setup(),
                o.series(), List.of("drwr", "fcr"), o.seedSays(), o.cpu());
        assertFalse(both.sharesMeetGoal());
        assertEquals(50.0 - 100.0 / 3, both.maxDeviationPp(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new SharesOutcome(o.experiment(), o.title(), o.seed(), o.cores(),
                o.warmup(), o.grid(), o.setup(), o.series(), List.of("asr"), o.seedSays(), o.cpu()));
    }

    @Test
    void theFilesCarryEveryResourcesSharesAndTheJudgement() {
        SharesOutcome o = outcome();
        List<String> csv = o.samplesCsv().lines().toList();
        assertEquals("time_s,drwr_share_a,drwr_share_b,drwr_share_c,drwr_bytes_a,drwr_bytes_b,drwr_bytes_c,"
                + "fcr_share_a,fcr_share_b,fcr_share_c,fcr_cpu_ns_a,fcr_cpu_ns_b,fcr_cpu_ns_c,"
                + "unaccounted_ns,elapsed_core_ns,descheduled_ns", csv.get(0));
        assertEquals(3, csv.size());
        assertTrue(csv.get(1).startsWith("1.000,50.0000,35.0000,15.0000,2000000,1400000,600000,33.3333,"), csv.get(1));
        String json = o.summaryJson();
        assertTrue(json.contains("\"experiment\": \"e4\""), json);
        assertTrue(json.contains("\"judged\": [\"drwr\"]"), json);
        assertTrue(json.contains("\"shares_met\": true"), json);
        String svg = o.plotSvg();
        assertEquals(2, svg.split("class=\"panel\"", -1).length - 1, "a plot per resource");
        assertEquals(6, svg.split("class=\"achieved\"", -1).length - 1);
        assertEquals("e4.svg", o.plotFile());
        assertEquals(o.series().get(0).summary().achievedPercent().get(2), o.figures().get("drwr.achieved.c"), 1e-12);
        assertTrue(o.summaryText().contains("[not judged]"), o.summaryText());
    }
}
