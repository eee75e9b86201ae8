package org.omnikernel.experiments.internal;

import java.util.ArrayList;
import java.util.List;

import org.omnikernel.okrt.stats.KernelSnapshot;

/** A small E1 outcome for the writers' tests: three samples with known shares on two cores. */
final class Outcomes {

    private Outcomes() {
    }

    /** CPU ns per activity and second: 50/33.33/16.67, then 51/33/16, then 49/34/17 (percent). */
    private static final long[][] CPU = {{500_000, 333_300, 166_700}, {510_000, 330_000, 160_000},
            {490_000, 340_000, 170_000}};

    static E1Outcome threeSeconds() {
        List<Long> ids = List.of(1L, 2L, 3L);
        List<KernelSnapshot> snapshots = new ArrayList<>();
        long a = 0;
        long b = 0;
        long c = 0;
        for (int t = 0; t <= CPU.length; t++) {
            if (t > 0) {
                a += CPU[t - 1][0];
                b += CPU[t - 1][1];
                c += CPU[t - 1][2];
            }
            long elapsed = t * 1_000_000_000L;
            snapshots.add(Snapshots.at(10_000_000_000L + elapsed)
                    .core(elapsed, elapsed - t * 1_000L, t * 900L, 0, elapsed - t * 5_000_000L)
                    .core(elapsed, elapsed - t * 1_000L, t * 1_000L, 0, elapsed)
                    .activity(1, a).activity(2, b).activity(3, c).build());
        }
        List<ShareSample> samples = new ArrayList<>();
        for (int t = 1; t < snapshots.size(); t++) {
            samples.add(ShareSample.between(snapshots.get(t - 1), snapshots.get(t), ids,
                    snapshots.get(0).timestampNanos()));
        }
        ShareSummary summary = ShareSummary.of(ShareSummaryTest.E1, ids, snapshots.get(0),
                snapshots.get(snapshots.size() - 1), samples);
        RunDescription run = new RunDescription("e1", RunDescription.SYNTHETIC, 2, 2, 50, 16,
                "/opt/okernel/conf/experiments/e1.xml");
        return new E1Outcome(run, ShareSummaryTest.E1, samples, summary);
    }
}
