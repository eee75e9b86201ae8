package org.omnikernel.experiments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.stats.KernelSnapshot;

/** A sample is the change between two snapshots: CPU per activity, shares, and the cores' ledgers. */
class ShareSampleTest {

    private static final List<Long> IDS = List.of(1L, 2L, 3L);

    @Test
    void sharesAreEachActivitysPartOfTheCpuAttributedInTheInterval() {
        KernelSnapshot from = Snapshots.at(5_000_000_000L).core(0, 0, 0, 0, 0)
                .activity(1, 1_000).activity(2, 2_000).activity(3, 3_000).build();
        KernelSnapshot to = Snapshots.at(6_000_000_000L).core(1_000_000_000L, 900_000_000L, 99_000_000L, 1_000_000L, 0)
                .activity(1, 1_000 + 500_000_000L).activity(2, 2_000 + 300_000_000L).activity(3, 3_000 + 200_000_000L)
                .build();

        ShareSample s = ShareSample.between(from, to, IDS, 4_000_000_000L);

        assertEquals(2.0, s.timeSeconds(), 1e-12, "seconds since the origin");
        assertEquals(List.of(500_000_000L, 300_000_000L, 200_000_000L), s.cpuNanos());
        assertEquals(50.0, s.sharesPercent().get(0), 1e-9);
        assertEquals(30.0, s.sharesPercent().get(1), 1e-9);
        assertEquals(20.0, s.sharesPercent().get(2), 1e-9);
        assertEquals(1_000_000_000L, s.elapsedCoreNanos());
        assertEquals(0, s.unaccountedNanos(), "every ns of the interval was charged to a category");
    }

    @Test
    void ledgersAreSummedOverCoresAndANegativeRemainderIsKept() {
        // core 0's open segment grows from 100 to 140 ns; core 1's 100 ns open segment closes
        KernelSnapshot from = Snapshots.at(0).core(1_000, 900, 0, 0, 0).core(1_000, 800, 100, 0, 0)
                .activity(1, 0).activity(2, 0).activity(3, 0).build();
        KernelSnapshot to = Snapshots.at(1).core(2_000, 1_860, 0, 0, 0).core(2_000, 1_800, 200, 0, 0)
                .activity(1, 1).activity(2, 1).activity(3, 1).build();

        ShareSample s = ShareSample.between(from, to, IDS, 0);

        assertEquals(2_000, s.elapsedCoreNanos());
        assertEquals(40 - 100, s.unaccountedNanos(), "+40 ns from core 0, -100 ns from core 1");
        CoreDelta d = CoreDelta.between(from, to);
        assertEquals(960 + 1_000, d.handlerNanos());
        assertEquals(100, d.overheadNanos());
    }

    @Test
    void unaccountedIsNotClampedAtZero() {
        // the earlier snapshot caught a 500 ns open segment; the later one none
        KernelSnapshot from = Snapshots.at(0).core(1_000, 500, 0, 0, 0).activity(1, 0).activity(2, 0).activity(3, 0)
                .build();
        KernelSnapshot to = Snapshots.at(1).core(2_000, 2_000, 0, 0, 0).activity(1, 1).activity(2, 1).activity(3, 1)
                .build();
        assertEquals(-500, ShareSample.between(from, to, IDS, 0).unaccountedNanos());
    }

    @Test
    void aSecondWithoutCpuHasNoShares() {
        KernelSnapshot same = Snapshots.at(0).core(0, 0, 0, 0, 0).activity(1, 7).activity(2, 7).activity(3, 7).build();
        ShareSample s = ShareSample.between(same, same, IDS, 0);
        assertTrue(s.sharesPercent().stream().allMatch(x -> x.isNaN()), s.toString());
    }

    @Test
    void aMissingActivityIsNamed() {
        KernelSnapshot from = Snapshots.at(0).core(0, 0, 0, 0, 0).activity(1, 0).activity(2, 0).activity(3, 0).build();
        KernelSnapshot to = Snapshots.at(1).core(0, 0, 0, 0, 0).activity(1, 0).activity(3, 0).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ShareSample.between(from, to, IDS, 0));
        assertTrue(e.getMessage().contains("activity 2"), e.getMessage());
    }

    @Test
    void snapshotsOfDifferentCoreCountsAreRefused() {
        KernelSnapshot from = Snapshots.at(0).core(0, 0, 0, 0, 0).activity(1, 0).activity(2, 0).activity(3, 0).build();
        KernelSnapshot to = Snapshots.at(1).core(0, 0, 0, 0, 0).core(0, 0, 0, 0, 0).activity(1, 0).activity(2, 0)
                .activity(3, 0).build();
        assertThrows(IllegalStateException.class, () -> ShareSample.between(from, to, IDS, 0));
    }
}
