package org.omnikernel.http.internal.metrics;

import static org.omnikernel.http.internal.metrics.PrometheusText.labels;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.omnikernel.http.internal.metrics.PrometheusText.Sample;
import org.omnikernel.http.internal.metrics.PrometheusText.Type;
import org.omnikernel.okrt.grid.GridSnapshot;
import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

/**
 * The kernel's figures as Prometheus metric families, all prefixed {@code okernel_}: per core
 * ({@code core}), per resource ({@code resource}), per activity ({@code activity_id}, {@code activity}),
 * per scheduler client and, when the grid is available, per communication path and scheduler.
 * Times are seconds ({@code _seconds_total}), counts and bytes are counters ({@code _total}),
 * what is true now (queued messages, queues) gauges.
 */
public final class KernelMetrics {

    private static final double NS = 1e-9;

    private KernelMetrics() {
    }

    /**
     * @param stats the statistics, or null when OKRT is not running
     * @param grid  the grid, or null when no {@code GridAdmin} is registered
     * @return the exposition text
     */
    public static String render(KernelSnapshot stats, GridSnapshot grid) {
        PrometheusText p = new PrometheusText();
        p.family("okernel_up", Type.GAUGE, "1 when OKRT is running and reports statistics, else 0",
                List.of(new Sample(labels(), stats == null ? 0 : 1)));
        if (stats != null) {
            cores(p, stats.cores());
            resources(p, stats.resources());
            activities(p, stats.activities());
            clients(p, stats.clients());
            p.family("okernel_live_closures", Type.GAUGE, "closures created and not yet invoked or destroyed",
                    List.of(new Sample(labels(), stats.liveClosures())));
        }
        if (grid != null) {
            grid(p, grid);
        }
        return p.text();
    }

    private static void cores(PrometheusText p, List<CoreStatistics> cores) {
        Function<CoreStatistics, java.util.Map<String, String>> l = c -> labels("core", Integer.toString(c.core()));
        p.family("okernel_core_elapsed_seconds_total", Type.COUNTER, "time since the core started, in seconds",
                samples(cores, l, c -> c.elapsedNanos() * NS));
        p.family("okernel_core_handler_seconds_total", Type.COUNTER, "time the core spent in message handlers, in seconds",
                samples(cores, l, c -> c.handlerNanos() * NS));
        p.family("okernel_core_overhead_seconds_total", Type.COUNTER,
                "time the core spent in OKRT itself (scheduling, routing, records, timers), in seconds",
                samples(cores, l, c -> c.overheadNanos() * NS));
        p.family("okernel_core_idle_seconds_total", Type.COUNTER, "time the core waited for work, in seconds",
                samples(cores, l, c -> c.idleNanos() * NS));
        p.family("okernel_core_interrupt_seconds_total", Type.COUNTER,
                "time the core spent in low-level interrupt handlers, in seconds",
                samples(cores, l, c -> c.interruptNanos() * NS));
        p.family("okernel_core_unaccounted_seconds", Type.GAUGE,
                "elapsed minus handler, overhead, idle and interrupt time (the segment in progress while the core runs), in seconds",
                samples(cores, l, c -> c.unaccountedNanos() * NS));
        p.family("okernel_core_thread_cpu_seconds_total", Type.COUNTER,
                "CPU time the operating system gave the core's thread, in seconds",
                samples(cores, l, c -> c.threadCpuNanos() * NS));
        p.family("okernel_core_messages_total", Type.COUNTER, "messages the core executed",
                samples(cores, l, c -> c.messages()));
        p.family("okernel_core_batches_total", Type.COUNTER, "dispatches (scheduling decisions that ran messages)",
                samples(cores, l, c -> c.batches()));
    }

    private static void resources(PrometheusText p, List<ResourceStatistics> resources) {
        // The id tells apart a detached resource and a later one of the same name.
        Function<ResourceStatistics, java.util.Map<String, String>> l =
                r -> labels("resource_id", Integer.toString(r.id()), "resource", r.name());
        p.family("okernel_resource_info", Type.GAUGE, "1 per resource, with its scheduler and the metric it shares by",
                samples(resources, r -> labels("resource_id", Integer.toString(r.id()), "resource", r.name(), "scheduler", r.scheduler(), "metric", r.metric()), r -> 1));
        p.family("okernel_resource_attached", Type.GAUGE, "1 while the resource is attached, 0 once detached",
                samples(resources, l, r -> r.attached() ? 1 : 0));
        p.family("okernel_resource_messages_total", Type.COUNTER, "messages the resource executed",
                samples(resources, l, r -> r.messages()));
        p.family("okernel_resource_cpu_seconds_total", Type.COUNTER, "handler time of the resource, in seconds",
                samples(resources, l, r -> r.cpuNanos() * NS));
        p.family("okernel_resource_allocated_bytes_total", Type.COUNTER, "heap bytes allocated by the resource's handlers",
                samples(resources, l, r -> r.memoryBytes()));
        p.family("okernel_resource_reported_bytes_total", Type.COUNTER, "bytes the resource reported moving (nbytes)",
                samples(resources, l, r -> r.nbytes()));
        p.family("okernel_resource_queued_messages", Type.GAUGE, "messages waiting for the resource now",
                samples(resources, l, r -> r.queued()));
        p.family("okernel_resource_waiting_seconds_total", Type.COUNTER,
                "total time messages waited in the resource's queues before running, in seconds",
                samples(resources, l, r -> r.waitingNanos() * NS));
        p.family("okernel_resource_rejected_total", Type.COUNTER, "messages the resource rejected (back to their queue)",
                samples(resources, l, r -> r.rejected()));
        p.family("okernel_resource_failures_total", Type.COUNTER, "handler invocations that threw",
                samples(resources, l, r -> r.failures()));
        p.family("okernel_resource_undeliverable_total", Type.COUNTER,
                "messages to or from the resource that could not be delivered after queueing",
                samples(resources, l, r -> r.undeliverable()));
        p.family("okernel_resource_queues", Type.GAUGE, "request queues the resource has now",
                samples(resources, l, r -> r.queues()));
    }

    private static void activities(PrometheusText p, List<ActivityStatistics> activities) {
        Function<ActivityStatistics, java.util.Map<String, String>> l =
                a -> labels("activity_id", Long.toString(a.id()), "activity", a.name());
        p.family("okernel_activity_messages_total", Type.COUNTER, "messages executed on the activity's behalf",
                samples(activities, l, a -> a.messages()));
        p.family("okernel_activity_cpu_seconds_total", Type.COUNTER, "handler time attributed to the activity, in seconds",
                samples(activities, l, a -> a.cpuNanos() * NS));
        p.family("okernel_activity_allocated_bytes_total", Type.COUNTER, "heap bytes allocated on the activity's behalf",
                samples(activities, l, a -> a.memoryBytes()));
        p.family("okernel_activity_reported_bytes_total", Type.COUNTER, "bytes resources reported moving for the activity",
                samples(activities, l, a -> a.nbytes()));
        p.family("okernel_activity_queued_messages", Type.GAUGE, "the activity's messages waiting now",
                samples(activities, l, a -> a.queued()));
        p.family("okernel_activity_waiting_seconds_total", Type.COUNTER,
                "total time the activity's messages waited before running, in seconds",
                samples(activities, l, a -> a.waitingNanos() * NS));
        p.family("okernel_activity_queues", Type.GAUGE, "request queues the activity has now",
                samples(activities, l, a -> a.queues()));
    }

    private static void clients(PrometheusText p, List<SchedulerClientStatistics> clients) {
        p.family("okernel_scheduler_client_consumed_total", Type.COUNTER,
                "consumption a scheduler charged one client on one core, in the scheduler's metric",
                samples(clients, c -> labels("target", c.resource(), "scheduler", c.scheduler(), "core",
                        Integer.toString(c.core()), "client", c.client()), c -> c.statistics().consumed()));
    }

    private static void grid(PrometheusText p, GridSnapshot grid) {
        p.family("okernel_core_busy_ratio", Type.GAUGE, "fraction of the last sampling interval spent in handlers, 0..1",
                samples(grid.cores(), c -> labels("core", Integer.toString(c.core())), c -> c.busy()));
        Function<GridSnapshot.PathView, java.util.Map<String, String>> l =
                x -> labels("source", x.source(), "destination", x.destination());
        p.family("okernel_path_messages_total", Type.COUNTER, "messages sent along a communication path",
                samples(grid.paths(), l, x -> x.messages()));
        p.family("okernel_path_bytes_total", Type.COUNTER, "buffer bytes carried along a communication path",
                samples(grid.paths(), l, x -> x.bytes()));
        p.family("okernel_scheduler_cpushare", Type.GAUGE, "a scheduler's share at its parent",
                samples(grid.schedulers().stream().filter(s -> s.kind() != GridSnapshot.Kind.CPU).toList(),
                        s -> labels("target", s.target(), "scheduler", s.scheduler(), "parent", s.parent()), s -> s.cpushare()));
        p.family("okernel_scheduler_batch", Type.GAUGE, "messages a scheduler may run per dispatch",
                samples(grid.schedulers(), s -> labels("target", s.target(), "scheduler", s.scheduler()), s -> s.batch()));
    }

    private static <T> List<Sample> samples(List<T> items, Function<T, java.util.Map<String, String>> labels,
            ToDoubleFunction<T> value) {
        return items.stream().map(i -> new Sample(labels.apply(i), value.applyAsDouble(i))).toList();
    }
}
