package org.omnikernel.experiments.internal;

import java.util.ArrayList;
import java.util.List;

import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * One sample of a share experiment: what happened between two consecutive statistics snapshots,
 * taken about a second apart (the seed's 1 Hz samples, §5.3).
 *
 * @param timeSeconds      when the later snapshot was taken, in seconds since the run's origin
 * @param cpuNanos         CPU time attributed to each activity in the interval (handler time)
 * @param sharesPercent    each activity's part of the CPU time attributed to the activities, in
 *                         percent; NaN when none was attributed
 * @param unaccountedNanos elapsed minus handler, overhead and idle time, summed over the cores: the
 *                         change in the interval (may be slightly negative: the open segment of a
 *                         core is part of it, and it can be shorter at the end than at the start)
 * @param elapsedCoreNanos elapsed time summed over the cores in the interval
 * @param descheduledNanos elapsed time in which the operating system did not run the core threads,
 *                         summed over the cores (approximate: OKRT samples their CPU time every 10 ms).
 *                         A handler the OS interrupts is charged the interruption too, so seconds with
 *                         much of it show shares off their entitlement until WFQ has made up for it
 */
record ShareSample(double timeSeconds, List<Long> cpuNanos, List<Double> sharesPercent, long unaccountedNanos,
        long elapsedCoreNanos, long descheduledNanos) {

    /**
     * @param timeSeconds      when
     * @param cpuNanos         per activity; copied
     * @param sharesPercent    per activity; copied
     * @param unaccountedNanos summed over cores
     * @param elapsedCoreNanos summed over cores
     * @param descheduledNanos summed over cores
     */
    ShareSample {
        cpuNanos = List.copyOf(cpuNanos);
        sharesPercent = List.copyOf(sharesPercent);
    }

    /**
     * Computes the sample of the interval between two snapshots.
     *
     * @param from        the earlier snapshot
     * @param to          the later snapshot
     * @param activityIds the activities, in the order of the shares
     * @param originNanos the run's origin on the snapshots' clock
     * @return the sample
     * @throws IllegalStateException when an activity is missing from a snapshot or the cores differ
     */
    static ShareSample between(KernelSnapshot from, KernelSnapshot to, List<Long> activityIds, long originNanos) {
        List<Long> cpu = new ArrayList<>();
        long total = 0;
        for (long id : activityIds) {
            long delta = cpuOf(to, id) - cpuOf(from, id);
            cpu.add(delta);
            total += delta;
        }
        List<Double> shares = new ArrayList<>();
        for (long c : cpu) {
            shares.add(total > 0 ? 100.0 * c / total : Double.NaN);
        }
        CoreDelta cores = CoreDelta.between(from, to);
        return new ShareSample((to.timestampNanos() - originNanos) / 1e9, cpu, shares, cores.unaccountedNanos(),
                cores.elapsedNanos(), cores.elapsedNanos() - cores.threadCpuNanos());
    }

    private static long cpuOf(KernelSnapshot snapshot, long activityId) {
        ActivityStatistics a = snapshot.activity(activityId);
        if (a == null) {
            throw new IllegalStateException("activity " + activityId + " is missing from the statistics taken at "
                    + snapshot.timestampNanos() + " ns: it was terminated during the run");
        }
        return a.cpuNanos();
    }
}
