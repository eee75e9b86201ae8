package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.grid.GridSnapshot;
import org.omnikernel.okrt.grid.GridSnapshot.ActivityView;
import org.omnikernel.okrt.grid.GridSnapshot.ClientView;
import org.omnikernel.okrt.grid.GridSnapshot.CoreView;
import org.omnikernel.okrt.grid.GridSnapshot.DeviceView;
import org.omnikernel.okrt.grid.GridSnapshot.Kind;
import org.omnikernel.okrt.grid.GridSnapshot.PathView;
import org.omnikernel.okrt.grid.GridSnapshot.ResourceView;
import org.omnikernel.okrt.grid.GridSnapshot.SchedulerView;
import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

/**
 * Builds a {@link GridSnapshot}: the schedulers as they run now (every swap and edit applied), totals
 * from a fresh sample, and rates over the sampler's last completed interval.
 */
final class GridView {

    private final Kernel kernel;
    private final GridSample now;
    private final GridSampler.Interval interval;
    private final double seconds;
    /** Core time elapsed over the interval, summed over cores: the denominator of every fraction. */
    private final long coreNanos;

    private GridView(Kernel kernel, GridSample now, GridSampler.Interval interval) {
        this.kernel = kernel;
        this.now = now;
        this.interval = interval;
        this.seconds = interval == null ? 0 : interval.nanos() / 1e9;
        long elapsed = 0;
        if (interval != null) {
            for (CoreStatistics c : interval.to().statistics().cores()) {
                CoreStatistics before = core(interval.from().statistics(), c.core());
                elapsed += c.elapsedNanos() - (before == null ? 0 : before.elapsedNanos());
            }
        }
        this.coreNanos = elapsed;
    }

    /**
     * @param kernel   the kernel
     * @param interval the last completed sampling interval, or null
     * @param devices  the devices to show
     * @return the snapshot
     */
    static GridSnapshot build(Kernel kernel, GridSampler.Interval interval, List<DeviceView> devices) {
        return new GridView(kernel, kernel.sample(), interval).snapshot(devices);
    }

    private GridSnapshot snapshot(List<DeviceView> devices) {
        KernelSnapshot s = now.statistics();
        return new GridSnapshot(now.nanos(), interval == null ? 0 : interval.nanos(), cores(s), schedulers(s), resources(s),
                paths(), activities(s), devices);
    }

    private List<CoreView> cores(KernelSnapshot s) {
        List<CoreView> out = new ArrayList<>();
        for (CoreStatistics c : s.cores()) {
            double busy = 0;
            if (interval != null) {
                CoreStatistics a = core(interval.from().statistics(), c.core());
                CoreStatistics b = core(interval.to().statistics(), c.core());
                if (a != null && b != null && b.elapsedNanos() > a.elapsedNanos()) {
                    busy = (double) (b.handlerNanos() - a.handlerNanos()) / (b.elapsedNanos() - a.elapsedNanos());
                }
            }
            out.add(new CoreView(c.core(), clamp(busy), c));
        }
        return out;
    }

    private List<SchedulerView> schedulers(KernelSnapshot s) {
        Map<String, Map<String, Long>> consumed = consumedByScheduler(s);
        Map<String, Map<String, Long>> before = interval == null ? Map.of() : consumedByScheduler(interval.from().statistics());
        Map<String, Map<String, Long>> after = interval == null ? Map.of() : consumedByScheduler(interval.to().statistics());
        List<SchedulerView> out = new ArrayList<>();
        SchedulerSpec cpu = kernel.cpuSpec();
        out.add(view(cpu, Kind.CPU, "", 0, consumed, before, after, s));
        for (SchedulerHost h : kernel.compartmentHosts()) {
            out.add(view(h.spec, Kind.COMPARTMENT, parentOf(h.spec), h.spec.cpushare(), consumed, before, after, s));
        }
        for (ResourceEntry r : kernel.held()) {
            SchedulerSpec spec = r.host.spec;
            out.add(view(spec, Kind.RESOURCE, parentOf(spec), spec.cpushare(), consumed, before, after, s));
        }
        return out;
    }

    private static String parentOf(SchedulerSpec spec) {
        return spec.parent() == null ? SchedulerSpec.CPU : spec.parent();
    }

    private SchedulerView view(SchedulerSpec spec, Kind kind, String parent, long cpushare, Map<String, Map<String, Long>> consumed,
            Map<String, Map<String, Long>> before, Map<String, Map<String, Long>> after, KernelSnapshot s) {
        String target = spec.resource();
        Map<String, Long> mine = consumed.getOrDefault(target, Map.of());
        Map<String, Long> from = before.getOrDefault(target, Map.of());
        Map<String, Long> to = after.getOrDefault(target, Map.of());
        long total = 0;
        for (Map.Entry<String, Long> e : to.entrySet()) {
            total += Math.max(0, e.getValue() - from.getOrDefault(e.getKey(), 0L));
        }
        List<ClientView> clients = new ArrayList<>();
        for (Map.Entry<String, Long> e : mine.entrySet()) {
            String[] key = e.getKey().split("\u0000", 2);
            long delta = Math.max(0, to.getOrDefault(e.getKey(), 0L) - from.getOrDefault(e.getKey(), 0L));
            clients.add(new ClientView(key[1], Long.parseLong(key[0]), e.getValue(), total == 0 ? 0 : (double) delta / total));
        }
        int batch = spec.batch();
        return new SchedulerView(target, kind, parent, spec.scheduler(), spec.parameters().asMap(), spec.metric().name(),
                spec.cores().spec(), cpushare, batch, clients);
    }

    /**
     * @return per scheduler target, per client ({@code activityId NUL label}, activity id 0 for a child
     *         scheduler), consumption summed over cores
     */
    private static Map<String, Map<String, Long>> consumedByScheduler(KernelSnapshot s) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (SchedulerClientStatistics c : s.clients()) {
            long activity = Math.max(0, c.activityId());
            out.computeIfAbsent(c.resource(), k -> new LinkedHashMap<>())
                    .merge(activity + "\u0000" + c.client(), c.statistics().consumed(), Long::sum);
        }
        return out;
    }

    private List<ResourceView> resources(KernelSnapshot s) {
        Map<Integer, ResourceEntry> entries = new HashMap<>();
        for (ResourceEntry r : kernel.everAttached()) {
            entries.put(r.id(), r);
        }
        List<ResourceView> out = new ArrayList<>();
        for (ResourceStatistics r : s.resources()) {
            ResourceEntry e = entries.get(r.id());
            ResourceInterface iface = e.iface;
            List<String> types = iface.requests().stream().map(ResourceInterface.Request::type).toList();
            List<String> metrics = iface.reports().stream().map(Metric::name).sorted().toList();
            double rate = 0;
            double cpu = 0;
            if (interval != null) {
                ResourceStatistics a = resource(interval.from().statistics(), r.id());
                ResourceStatistics b = resource(interval.to().statistics(), r.id());
                if (b != null) {
                    rate = (b.messages() - (a == null ? 0 : a.messages())) / seconds;
                    cpu = fraction(b.cpuNanos() - (a == null ? 0 : a.cpuNanos()));
                }
            }
            out.add(new ResourceView(r.name(), e.state(), types, metrics, r, rate, cpu));
        }
        return out;
    }

    private List<PathView> paths() {
        List<PathView> out = new ArrayList<>();
        for (Map.Entry<GridSample.PathKey, GridSample.PathTotals> e : now.paths().entrySet()) {
            GridSample.PathTotals t = e.getValue();
            double msgs = 0;
            double bytes = 0;
            if (interval != null) {
                GridSample.PathTotals a = interval.from().paths().get(e.getKey());
                GridSample.PathTotals b = interval.to().paths().get(e.getKey());
                if (b != null) {
                    msgs = (b.messages() - (a == null ? 0 : a.messages())) / seconds;
                    bytes = (b.bytes() - (a == null ? 0 : a.bytes())) / seconds;
                }
            }
            out.add(new PathView(t.from(), t.to(), t.messages(), t.bytes(), msgs, bytes));
        }
        out.sort(java.util.Comparator.comparing(PathView::source).thenComparing(PathView::destination));
        return out;
    }

    private List<ActivityView> activities(KernelSnapshot s) {
        List<ActivityView> out = new ArrayList<>();
        for (ActivityStatistics a : s.activities()) {
            ActivityImpl impl = kernel.activityImpl(a.id());
            if (impl == null) {
                continue;
            }
            double cpu = 0;
            double msgs = 0;
            double bytes = 0;
            if (interval != null) {
                ActivityStatistics x = interval.from().statistics().activity(a.id());
                ActivityStatistics y = interval.to().statistics().activity(a.id());
                if (y != null) {
                    cpu = fraction(y.cpuNanos() - (x == null ? 0 : x.cpuNanos()));
                    msgs = (y.messages() - (x == null ? 0 : x.messages())) / seconds;
                    bytes = (y.nbytes() - (x == null ? 0 : x.nbytes())) / seconds;
                }
            }
            out.add(new ActivityView(a.id(), a.name(), impl.parameters().asMap(), a, cpu, msgs, bytes));
        }
        return out;
    }

    private double fraction(long nanos) {
        return coreNanos <= 0 ? 0 : clamp((double) nanos / coreNanos);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static CoreStatistics core(KernelSnapshot s, int core) {
        for (CoreStatistics c : s.cores()) {
            if (c.core() == core) {
                return c;
            }
        }
        return null;
    }

    private static ResourceStatistics resource(KernelSnapshot s, int id) {
        for (ResourceStatistics r : s.resources()) {
            if (r.id() == id) {
                return r;
            }
        }
        return null;
    }
}
