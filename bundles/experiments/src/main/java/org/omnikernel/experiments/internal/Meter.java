package org.omnikernel.experiments.internal;

import java.util.List;
import java.util.Set;

import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

/**
 * What a share experiment compares among its processes, read from one statistics snapshot: a
 * running total (CPU ns, bytes) that only grows, so that the difference between two snapshots is
 * what happened between them.
 */
@FunctionalInterface
interface Meter {

    /**
     * @param snapshot the kernel's statistics
     * @return the running total at the snapshot
     * @throws IllegalStateException when what is metered has vanished from the snapshot
     */
    long read(KernelSnapshot snapshot);

    /**
     * The CPU time attributed to an activity, at every resource (E1: a CPU aggregate's TR instance).
     *
     * @param activityId the activity
     * @return the meter
     */
    static Meter activityCpu(long activityId) {
        return s -> {
            ActivityStatistics a = s.activity(activityId);
            if (a == null) {
                throw new IllegalStateException("activity " + activityId + " is missing from the statistics taken at "
                        + s.timestampNanos() + " ns: it was terminated during the run");
            }
            return a.cpuNanos();
        };
    }

    /**
     * @param activityIds activities
     * @return one {@link #activityCpu} meter per activity, in order
     */
    static List<Meter> activityCpu(List<Long> activityIds) {
        return activityIds.stream().map(Meter::activityCpu).toList();
    }

    /**
     * What one resource's scheduler charged a set of activities (one process's I/O aggregates), summed
     * over its cores, in the scheduler's metric (CPU ns, or bytes for {@code nbytes}). A scheduler
     * keeps a client's figure while the activity lives, so the activities must outlive the run.
     *
     * @param resource    the resource, such as {@code resource.fcr} or {@code drwr.disk0}
     * @param activityIds the activities
     * @return the meter
     */
    static Meter chargedAt(String resource, Set<Long> activityIds) {
        return s -> {
            long sum = 0;
            for (SchedulerClientStatistics c : s.clients()) {
                if (c.resource().equals(resource) && activityIds.contains(c.activityId())) {
                    sum += c.statistics().consumed();
                }
            }
            return sum;
        };
    }
}
