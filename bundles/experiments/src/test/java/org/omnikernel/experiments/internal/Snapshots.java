package org.omnikernel.experiments.internal;

import java.util.ArrayList;
import java.util.List;

import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

/** Builds statistics snapshots for tests: cores with ledgers, activities with CPU time, scheduler clients. */
final class Snapshots {

    private final long timestampNanos;
    private final List<CoreStatistics> cores = new ArrayList<>();
    private final List<ActivityStatistics> activities = new ArrayList<>();
    private final List<SchedulerClientStatistics> clients = new ArrayList<>();

    private Snapshots(long timestampNanos) {
        this.timestampNanos = timestampNanos;
    }

    static Snapshots at(long timestampNanos) {
        return new Snapshots(timestampNanos);
    }

    /** A core whose unaccounted time is whatever elapsed minus the three leaves. */
    Snapshots core(long elapsed, long handler, long overhead, long idle, long threadCpu) {
        cores.add(new CoreStatistics(cores.size(), elapsed, handler, overhead, idle, 0,
                Math.max(0, elapsed - handler - overhead - idle), threadCpu, 0, 0));
        return this;
    }

    Snapshots activity(long id, long cpuNanos) {
        activities.add(new ActivityStatistics(id, "e1." + id, 0, cpuNanos, 0, 0, 0, 0, 1));
        return this;
    }

    /** What a resource's scheduler has charged an activity on a core, in its metric. */
    Snapshots client(String resource, int core, long activityId, long consumed) {
        clients.add(new SchedulerClientStatistics(resource, "propshare.wfq", core, "client-" + activityId, activityId,
                new ClientStatistics(consumed, java.util.Map.of())));
        return this;
    }

    KernelSnapshot build() {
        return new KernelSnapshot(timestampNanos, cores, List.of(), activities, clients, 0);
    }
}
