package org.omnikernel.experiments.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;

/**
 * Where the CPU went during a run, per resource (the seed's Figs 5.3 and 5.9): each resource's
 * handler time between two snapshots, as a fraction of the elapsed core time, largest first.
 *
 * @param resources the resources with any handler time, largest first
 */
record CpuBreakdown(List<Entry> resources) {

    /**
     * One resource's part.
     *
     * @param resource the resource's name
     * @param cpuNanos its handler time in the run
     * @param fraction of the elapsed core time
     */
    record Entry(String resource, long cpuNanos, double fraction) {
    }

    /**
     * @param resources the entries; copied
     */
    CpuBreakdown {
        resources = List.copyOf(resources);
    }

    /**
     * @param first the snapshot the run starts with
     * @param last  the snapshot it ends with
     * @return each resource's handler time over the run
     */
    static CpuBreakdown between(KernelSnapshot first, KernelSnapshot last) {
        long elapsed = CoreDelta.between(first, last).elapsedNanos();
        List<Entry> entries = new ArrayList<>();
        for (ResourceStatistics r : last.resources()) {
            ResourceStatistics before = first.resource(r.name());
            long cpu = r.cpuNanos() - (before == null ? 0 : before.cpuNanos());
            if (cpu > 0) {
                entries.add(new Entry(r.name(), cpu, elapsed > 0 ? (double) cpu / elapsed : 0));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::cpuNanos).reversed());
        return new CpuBreakdown(entries);
    }
}
