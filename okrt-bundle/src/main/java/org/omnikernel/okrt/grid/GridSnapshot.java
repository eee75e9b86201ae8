package org.omnikernel.okrt.grid;

import java.util.List;
import java.util.Map;

import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.ResourceStatistics;

/**
 * The grid at one instant, immutable. Totals are since boot; rates and fractions are over the most
 * recent completed sampling interval, so two front ends that look at the same snapshot agree.
 *
 * @param timestampNanos monotonic time the snapshot was taken
 * @param intervalNanos  length of the sampling interval the rates are over (0 before the first one
 *                       completed: every rate is 0 then)
 * @param cores          the kernel's cores
 * @param schedulers     the CPU scheduler, compartment schedulers and resource schedulers, parents first
 * @param resources      attached resources, and those detached or updating that still hold figures
 * @param paths          observed communication paths, sender → receiver
 * @param activities     live activities
 * @param devices        devices registered by driver bundles
 */
public record GridSnapshot(long timestampNanos, long intervalNanos, List<CoreView> cores, List<SchedulerView> schedulers,
        List<ResourceView> resources, List<PathView> paths, List<ActivityView> activities, List<DeviceView> devices) {

    /** Copies the lists. */
    public GridSnapshot {
        cores = List.copyOf(cores);
        schedulers = List.copyOf(schedulers);
        resources = List.copyOf(resources);
        paths = List.copyOf(paths);
        activities = List.copyOf(activities);
        devices = List.copyOf(devices);
    }

    /**
     * A core.
     *
     * @param core   kernel core number
     * @param busy   fraction of the interval spent in message handlers, 0..1
     * @param totals its accounting since boot
     */
    public record CoreView(int core, double busy, CoreStatistics totals) {
    }

    /** Where a scheduler sits. */
    public enum Kind {
        /** the CPU resource scheduler, {@code okrt.cpu} */
        CPU,
        /** a compartment scheduler between the CPU scheduler and resource schedulers */
        COMPARTMENT,
        /** the scheduler of one resource's request queues */
        RESOURCE
    }

    /**
     * A scheduler as it runs now, every swap and edit applied.
     *
     * @param target     the resource, compartment or {@code okrt.cpu} it governs
     * @param kind       where it sits
     * @param parent     the target of its parent scheduler; empty for the CPU scheduler
     * @param scheduler  its registered name
     * @param parameters its scheduler parameters
     * @param metric     the metric it shares by
     * @param cores      the cores it may use, as in the XML
     * @param cpushare   its share at its parent (0 for the CPU scheduler)
     * @param batch      messages per dispatch
     * @param clients    its clients and their shares of the interval
     */
    public record SchedulerView(String target, Kind kind, String parent, String scheduler, Map<String, String> parameters,
            String metric, String cores, long cpushare, int batch, List<ClientView> clients) {
        /** Copies the collections. */
        public SchedulerView {
            parameters = Map.copyOf(parameters);
            clients = List.copyOf(clients);
        }
    }

    /**
     * One client of a scheduler, summed over cores.
     *
     * @param client     the client: an activity's name for a resource scheduler, a child scheduler's
     *                   target for the CPU and compartment schedulers
     * @param activityId the activity's id, or 0 for a child scheduler
     * @param consumed   consumption charged to it since boot, in the scheduler's metric
     * @param share      its fraction of everything the scheduler charged over the interval, 0..1
     */
    public record ClientView(String client, long activityId, long consumed, double share) {
    }

    /**
     * A resource.
     *
     * @param name               its name
     * @param state              {@code attached}, {@code updating} (its bundle is being replaced;
     *                           messages wait) or {@code detached}
     * @param requestTypes       the request types it declares
     * @param metrics            the metrics it reports besides cpu and memory
     * @param totals             its figures since boot
     * @param messagesPerSecond  messages it handled per second over the interval
     * @param cpuFraction        fraction of the kernel's core time it used over the interval, 0..1
     */
    public record ResourceView(String name, String state, List<String> requestTypes, List<String> metrics,
            ResourceStatistics totals, double messagesPerSecond, double cpuFraction) {
        /** Copies the lists. */
        public ResourceView {
            requestTypes = List.copyOf(requestTypes);
            metrics = List.copyOf(metrics);
        }
    }

    /**
     * An observed communication path: messages from one resource (or from outside the kernel) to another.
     *
     * @param source            the sender's name, {@code external} for sends from outside any handler
     * @param destination       the receiver's name
     * @param messages          messages sent since boot
     * @param bytes             bytes of {@link org.omnikernel.okrt.object.Buffer} arguments carried since boot
     * @param messagesPerSecond over the interval
     * @param bytesPerSecond    over the interval
     */
    public record PathView(String source, String destination, long messages, long bytes, double messagesPerSecond,
            double bytesPerSecond) {
    }

    /**
     * An activity.
     *
     * @param id                its id
     * @param name              its name
     * @param parameters        its parameters
     * @param totals            its figures since boot
     * @param cpuFraction       fraction of the kernel's core time it used over the interval, 0..1
     * @param messagesPerSecond over the interval
     * @param bytesPerSecond    resource-reported bytes per second over the interval
     */
    public record ActivityView(long id, String name, Map<String, String> parameters, ActivityStatistics totals,
            double cpuFraction, double messagesPerSecond, double bytesPerSecond) {
        /** Copies the parameters. */
        public ActivityView {
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * A device a driver bundle registered.
     *
     * @param name      its name
     * @param type      {@code block}, {@code scsi}, {@code nic}, …
     * @param driver    the driver bundle's symbolic name
     * @param resources the kernel resources serving it (its interrupt and read/write resources)
     */
    public record DeviceView(String name, String type, String driver, List<String> resources) {
        /** Copies the list. */
        public DeviceView {
            resources = List.copyOf(resources);
        }
    }

    /** @return the grid as an indented tree: schedulers under their parents, resources under their schedulers */
    public String dump() {
        return GridTree.render(this);
    }
}
