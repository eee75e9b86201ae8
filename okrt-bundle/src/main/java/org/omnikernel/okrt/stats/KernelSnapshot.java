package org.omnikernel.okrt.stats;

import java.util.List;

/**
 * A timestamped view of the whole kernel (seed §5.3): taken without stopping the cores, so figures
 * of a message being dispatched at that instant may land in the next snapshot; over consecutive
 * snapshots nothing is lost.
 *
 * @param timestampNanos monotonic time of the snapshot
 * @param cores          per core accounting
 * @param resources      per resource figures, including resources detached since boot
 * @param activities     per activity figures of live activities
 * @param clients        what each scheduler reports of each of its clients
 * @param liveClosures   closures created and not yet invoked or destroyed
 */
public record KernelSnapshot(long timestampNanos, List<CoreStatistics> cores, List<ResourceStatistics> resources,
        List<ActivityStatistics> activities, List<SchedulerClientStatistics> clients, long liveClosures) {

    /**
     * @param name a resource's name
     * @return its statistics, or null
     */
    public ResourceStatistics resource(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * @param id an activity's id
     * @return its statistics, or null
     */
    public ActivityStatistics activity(long id) {
        return activities.stream().filter(a -> a.id() == id).findFirst().orElse(null);
    }

    /** @return the sum of every core's unaccounted time */
    public long unaccountedNanos() {
        return cores.stream().mapToLong(CoreStatistics::unaccountedNanos).sum();
    }

    /** @return the sum of every core's elapsed time */
    public long elapsedNanos() {
        return cores.stream().mapToLong(CoreStatistics::elapsedNanos).sum();
    }
}
