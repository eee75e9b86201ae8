package org.omnikernel.scheduler.testkit;

import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;

/**
 * What a kernel did between two statistics snapshots: every figure is the difference between them.
 * An activity, resource or core the first snapshot does not have counts from 0 there, so a window
 * from {@link KernelRig#sinceBoot()} gives the figures since the kernel started.
 *
 * @param from the earlier snapshot
 * @param to   the later snapshot, of the same kernel
 */
public record Window(KernelSnapshot from, KernelSnapshot to) {

    /**
     * @param from the earlier snapshot
     * @param to   the later snapshot, of the same kernel
     */
    public Window {
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
    }

    /** @return the time between the snapshots, in ns */
    public long nanos() {
        return to.timestampNanos() - from.timestampNanos();
    }

    /**
     * @param activity an activity alive at {@link #to}
     * @return the CPU time of its handlers in the window
     */
    public long cpuNanos(Activity activity) {
        return activityDelta(activity, ActivityStatistics::cpuNanos);
    }

    /**
     * @param activity an activity alive at {@link #to}
     * @return the messages executed on its behalf in the window
     */
    public long messages(Activity activity) {
        return activityDelta(activity, ActivityStatistics::messages);
    }

    /**
     * @param resource the name of a resource attached by {@link #to}
     * @return the CPU time of its handlers in the window
     */
    public long cpuNanos(String resource) {
        return resourceDelta(resource, ResourceStatistics::cpuNanos);
    }

    /**
     * @param core a core's index
     * @return the time it idled in the window
     */
    public long idleNanos(int core) {
        return coreDelta(core, CoreStatistics::idleNanos);
    }

    /**
     * @param core a core's index
     * @return the time it ran in the window, as its own accounting measures it
     */
    public long coreElapsedNanos(int core) {
        return coreDelta(core, CoreStatistics::elapsedNanos);
    }

    /**
     * @param activities activities alive at {@link #to}
     * @return each one's CPU time in the window, and its share of their total
     */
    public Shares cpuShares(Activity... activities) {
        long[] ns = new long[activities.length];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = cpuNanos(activities[i]);
        }
        return new Shares(ns);
    }

    /**
     * @param activities activities alive at {@link #to}
     * @return each one's messages in the window, and its share of their total
     */
    public Shares messageShares(Activity... activities) {
        long[] n = new long[activities.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = messages(activities[i]);
        }
        return new Shares(n);
    }

    /**
     * @param resources names of resources attached by {@link #to}
     * @return each one's CPU time in the window, and its share of their total
     */
    public Shares resourceCpuShares(String... resources) {
        long[] ns = new long[resources.length];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = cpuNanos(resources[i]);
        }
        return new Shares(ns);
    }

    private long activityDelta(Activity activity, ToLongFunction<ActivityStatistics> figure) {
        ActivityStatistics after = to.activity(activity.id());
        if (after == null) {
            throw new AssertionError(activity.name() + " (" + activity.id() + ") is not in the later snapshot");
        }
        ActivityStatistics before = from.activity(activity.id());
        return figure.applyAsLong(after) - (before == null ? 0 : figure.applyAsLong(before));
    }

    private long resourceDelta(String resource, ToLongFunction<ResourceStatistics> figure) {
        ResourceStatistics after = to.resource(resource);
        if (after == null) {
            throw new AssertionError(resource + " is not in the later snapshot");
        }
        ResourceStatistics before = from.resource(resource);
        return figure.applyAsLong(after) - (before == null ? 0 : figure.applyAsLong(before));
    }

    private long coreDelta(int core, ToLongFunction<CoreStatistics> figure) {
        CoreStatistics after = core(to.cores(), core);
        if (after == null) {
            throw new AssertionError("core " + core + " is not in the later snapshot");
        }
        CoreStatistics before = core(from.cores(), core);
        return figure.applyAsLong(after) - (before == null ? 0 : figure.applyAsLong(before));
    }

    private static CoreStatistics core(List<CoreStatistics> cores, int index) {
        return cores.stream().filter(c -> c.core() == index).findFirst().orElse(null);
    }
}
