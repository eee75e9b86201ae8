package org.omnikernel.experiments.internal;

import java.util.ArrayList;
import java.util.List;

import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * What a share experiment achieved over the whole run, against its entitlement and the brief's goal
 * (E1: ±{@value #GOAL_DEVIATION_PP} percentage points per activity; other experiments give theirs, unaccounted time at most the seed's
 * 0.004% of elapsed core time, §5.3).
 *
 * @param achievedPercent      each activity's part of the CPU time attributed to the activities
 *                             between the first and the last snapshot, in percent (the mean of the
 *                             samples, each weighted by the CPU time it covers)
 * @param deviationPp          achieved minus entitled, in percentage points, per activity
 * @param maxDeviationPp       the largest absolute deviation
 * @param sampleMaxDeviationPp the largest absolute deviation of any activity in any one-second sample
 * @param samplesWithinGoal    samples in which every activity is within {@code goalPp}
 * @param cores                the cores' ledgers over the run, summed over the cores
 * @param samples              how many samples the run took
 * @param seconds              wall-clock time between the first and the last snapshot
 * @param goalPp               the largest deviation that meets the goal, in percentage points
 */
record ShareSummary(List<Double> achievedPercent, List<Double> deviationPp, double maxDeviationPp,
        double sampleMaxDeviationPp, int samplesWithinGoal, CoreDelta cores, int samples, double seconds,
        double goalPp) {

    /** The brief's goal for every activity's deviation from its entitlement, in percentage points. */
    static final double GOAL_DEVIATION_PP = 0.5;
    /** The brief's goal for unaccounted time: the seed's 0.004% of elapsed cycles (§5.3). */
    static final double GOAL_UNACCOUNTED_FRACTION = 0.004 / 100;

    /**
     * @param achievedPercent      per activity; copied
     * @param deviationPp          per activity; copied
     * @param maxDeviationPp       largest over the run
     * @param sampleMaxDeviationPp largest in a sample
     * @param samplesWithinGoal    samples with every activity within the goal
     * @param cores                ledgers over the run
     * @param samples              sample count
     * @param seconds              run length
     * @param goalPp               the goal's deviation
     */
    ShareSummary {
        achievedPercent = List.copyOf(achievedPercent);
        deviationPp = List.copyOf(deviationPp);
    }

    /**
     * Summarises a run.
     *
     * @param entitlement the activities' entitlement
     * @param activityIds the activities' ids, in the entitlement's order
     * @param first       the snapshot the first sample starts from
     * @param last        the snapshot the last sample ends with
     * @param samples     the samples between them
     * @return the summary
     * @throws IllegalArgumentException when no CPU time was attributed to the activities at all
     */
    static ShareSummary of(Entitlement entitlement, List<Long> activityIds, KernelSnapshot first, KernelSnapshot last,
            List<ShareSample> samples) {
        return of(entitlement, Meter.activityCpu(activityIds), first, last, samples, GOAL_DEVIATION_PP);
    }

    /**
     * Summarises a run from what the meters read.
     *
     * @param entitlement the activities' entitlement
     * @param meters      one per activity, in the entitlement's order
     * @param first       the snapshot the first sample starts from
     * @param last        the snapshot the last sample ends with
     * @param samples     the samples between them
     * @param goalPp      the largest deviation that meets the goal, in percentage points
     * @return the summary
     * @throws IllegalArgumentException when the meters read nothing at all over the run
     */
    static ShareSummary of(Entitlement entitlement, List<Meter> meters, KernelSnapshot first, KernelSnapshot last,
            List<ShareSample> samples, double goalPp) {
        ShareSample whole = ShareSample.metered(first, last, meters, first.timestampNanos());
        if (whole.sharesPercent().stream().anyMatch(s -> Double.isNaN(s))) {
            throw new IllegalArgumentException("nothing was metered for the activities during the run");
        }
        List<Double> deviation = new ArrayList<>();
        double max = 0;
        for (int i = 0; i < entitlement.size(); i++) {
            double d = whole.sharesPercent().get(i) - entitlement.percent(i);
            deviation.add(d);
            max = Math.max(max, Math.abs(d));
        }
        double sampleMax = 0;
        int within = 0;
        for (ShareSample s : samples) {
            double worst = 0;
            for (int i = 0; i < entitlement.size(); i++) {
                double share = s.sharesPercent().get(i);
                worst = Double.isNaN(share) ? Double.POSITIVE_INFINITY
                        : Math.max(worst, Math.abs(share - entitlement.percent(i)));
            }
            if (worst <= goalPp) {
                within++;
            }
            if (Double.isFinite(worst)) {
                sampleMax = Math.max(sampleMax, worst);
            }
        }
        return new ShareSummary(whole.sharesPercent(), deviation, max, sampleMax, within, CoreDelta.between(first, last),
                samples.size(), whole.timeSeconds(), goalPp);
    }

    /** @return unaccounted time as a fraction of elapsed core time over the run (signed) */
    double unaccountedFraction() {
        return cores.fraction(cores.unaccountedNanos());
    }

    /** @return OKRT's own time (scheduling, routing, records) as a fraction of elapsed core time */
    double overheadFraction() {
        return cores.fraction(cores.overheadNanos());
    }

    /** @return idle time as a fraction of elapsed core time */
    double idleFraction() {
        return cores.fraction(cores.idleNanos());
    }

    /**
     * @return the fraction of elapsed core time the operating system did not run the core threads
     *         (approximate: their CPU time is sampled every 10 ms)
     */
    double descheduledFraction() {
        return cores.fraction(cores.elapsedNanos() - cores.threadCpuNanos());
    }

    /** @return whether every activity is within {@link #goalPp} of its entitlement */
    boolean sharesMeetGoal() {
        return maxDeviationPp <= goalPp;
    }

    /** @return whether unaccounted time is within {@link #GOAL_UNACCOUNTED_FRACTION} */
    boolean unaccountedMeetsGoal() {
        return Math.abs(unaccountedFraction()) <= GOAL_UNACCOUNTED_FRACTION;
    }
}
