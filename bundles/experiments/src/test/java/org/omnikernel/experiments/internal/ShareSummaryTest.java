package org.omnikernel.experiments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.stats.KernelSnapshot;

/** The run as a whole: achieved shares from the totals, deviations, the worst sample, the ledgers. */
class ShareSummaryTest {

    static final Entitlement E1 = new Entitlement(List.of("a", "b", "c"),
            List.of("resource.burn.a", "resource.burn.b", "resource.burn.c"), List.of(5000L, 3333L, 1667L));
    private static final List<Long> IDS = List.of(1L, 2L, 3L);

    private static KernelSnapshot snapshot(long t, long elapsed, long handler, long a, long b, long c) {
        return Snapshots.at(t).core(elapsed, handler, elapsed - handler, 0, elapsed).activity(1, a).activity(2, b)
                .activity(3, c).build();
    }

    @Test
    void achievedIsTheShareOfTheTotalsAndDeviationIsAgainstTheExactEntitlement() {
        KernelSnapshot s0 = snapshot(0, 0, 0, 0, 0, 0);
        KernelSnapshot s1 = snapshot(1_000_000_000L, 1_000_000_000L, 1_000_000_000L, 520, 300, 180); // 52/30/18
        KernelSnapshot s2 = snapshot(2_000_000_000L, 2_000_000_000L, 2_000_000_000L, 1_000, 633, 367); // 48/33.3/18.7
        List<ShareSample> samples = List.of(ShareSample.between(s0, s1, IDS, 0), ShareSample.between(s1, s2, IDS, 0));

        ShareSummary summary = ShareSummary.of(E1, IDS, s0, s2, samples);

        assertEquals(50.0, summary.achievedPercent().get(0), 1e-9);
        assertEquals(31.65, summary.achievedPercent().get(1), 1e-9);
        assertEquals(18.35, summary.achievedPercent().get(2), 1e-9);
        assertEquals(0.0, summary.deviationPp().get(0), 1e-9);
        assertEquals(31.65 - 33.33, summary.deviationPp().get(1), 1e-9);
        assertEquals(18.35 - 16.67, summary.deviationPp().get(2), 1e-9);
        assertEquals(1.68, summary.maxDeviationPp(), 1e-9);
        assertEquals(33.33 - 30.0, summary.sampleMaxDeviationPp(), 1e-9, "b in the first second is the worst");
        assertEquals(0, summary.samplesWithinGoal(), "c is 2.03 pp off in the second sample");
        assertEquals(2, summary.samples());
        assertEquals(2.0, summary.seconds(), 1e-12);
        assertFalse(summary.sharesMeetGoal());
    }

    @Test
    void unaccountedIsMeasuredBetweenTheFirstAndLastSnapshotAgainstTheSeedsGoal() {
        KernelSnapshot s0 = Snapshots.at(0).core(1_000, 1_000, 0, 0, 1_000).activity(1, 0).activity(2, 0)
                .activity(3, 0).build();
        long elapsed = 100_000_000_000L; // 100 s
        KernelSnapshot s1 = Snapshots.at(elapsed).core(1_000 + elapsed, 1_000 + elapsed - 5_000_000, 1_000_000, 0,
                elapsed - 9_000_000).activity(1, 50).activity(2, 33).activity(3, 17).build();

        ShareSummary summary = ShareSummary.of(E1, IDS, s0, s1, List.of(ShareSample.between(s0, s1, IDS, 0)));

        assertEquals(4_000_000, summary.cores().unaccountedNanos());
        assertEquals(0.00004, summary.unaccountedFraction(), 1e-15, "4 ms of 100 s");
        assertTrue(summary.unaccountedMeetsGoal(), "0.004% is within the goal");
        assertEquals(0.00001, summary.overheadFraction(), 1e-15);
        assertEquals((9_000_000 + 1_000) / 1e11, summary.descheduledFraction(), 1e-15,
                "the OS did not run the core thread for 9 ms of the 100 s");
    }

    @Test
    void aRunWithoutCpuForTheActivitiesIsRefused() {
        KernelSnapshot s = snapshot(0, 0, 0, 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> ShareSummary.of(E1, IDS, s, s, List.of()));
    }
}
