package org.omnikernel.experiments.internal;

import java.util.ArrayList;
import java.util.List;

import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * One sample of a share experiment: what happened between two consecutive statistics snapshots,
 * taken about a second apart (the seed's 1 Hz samples, §5.3).
 *
 * @param timeSeconds      when the later snapshot was taken, in seconds since the run's origin
 * @param cpuNanos         what each activity was metered in the interval: CPU time attributed to it
 *                         (handler time), or what a resource charged it (CPU ns, bytes)
 * @param sharesPercent    each activity's part of what the activities were metered, in percent;
 *                         NaN when nothing was
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
     * Computes the sample of the interval between two snapshots from the activities' CPU time.
     *
     * @param from        the earlier snapshot
     * @param to          the later snapshot
     * @param activityIds the activities, in the order of the shares
     * @param originNanos the run's origin on the snapshots' clock
     * @return the sample
     * @throws IllegalStateException when an activity is missing from a snapshot or the cores differ
     */
    static ShareSample between(KernelSnapshot from, KernelSnapshot to, List<Long> activityIds, long originNanos) {
        return metered(from, to, Meter.activityCpu(activityIds), originNanos);
    }

    /**
     * Computes the sample of the interval between two snapshots from what the meters read.
     *
     * @param from        the earlier snapshot
     * @param to          the later snapshot
     * @param meters      one per activity, in the order of the shares
     * @param originNanos the run's origin on the snapshots' clock
     * @return the sample
     * @throws IllegalStateException when a meter cannot read a snapshot or the cores differ
     */
    static ShareSample metered(KernelSnapshot from, KernelSnapshot to, List<Meter> meters, long originNanos) {
        List<Long> amounts = new ArrayList<>();
        long total = 0;
        for (Meter m : meters) {
            long delta = m.read(to) - m.read(from);
            amounts.add(delta);
            total += delta;
        }
        List<Double> shares = new ArrayList<>();
        for (long c : amounts) {
            shares.add(total > 0 ? 100.0 * c / total : Double.NaN);
        }
        CoreDelta cores = CoreDelta.between(from, to);
        return new ShareSample((to.timestampNanos() - originNanos) / 1e9, amounts, shares, cores.unaccountedNanos(),
                cores.elapsedNanos(), cores.elapsedNanos() - cores.threadCpuNanos());
    }
}
