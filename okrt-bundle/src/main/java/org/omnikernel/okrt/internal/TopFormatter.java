package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * A top-like view of two statistics snapshots: per core how busy it was, per activity what it used
 * between them (CPU share of the cores' time, messages and bytes per second), busiest first.
 */
public final class TopFormatter {

    private TopFormatter() {
    }

    /**
     * @param before the earlier snapshot
     * @param after  the later snapshot
     * @return the table
     */
    public static String format(KernelSnapshot before, KernelSnapshot after) {
        double seconds = Math.max(1e-9, (after.timestampNanos() - before.timestampNanos()) / 1e9);
        StringBuilder b = new StringBuilder();
        long elapsed = 0;
        for (CoreStatistics c : after.cores()) {
            CoreStatistics was = before.cores().stream().filter(x -> x.core() == c.core()).findFirst().orElse(null);
            long e = c.elapsedNanos() - (was == null ? 0 : was.elapsedNanos());
            long h = c.handlerNanos() - (was == null ? 0 : was.handlerNanos());
            long o = c.overheadNanos() - (was == null ? 0 : was.overheadNanos());
            elapsed += e;
            b.append(String.format(Locale.ROOT, "core %d: handlers %5.1f%%  okrt %4.1f%%  idle %5.1f%%%n", c.core(),
                    percent(h, e), percent(o, e), percent(e - h - o, e)));
        }
        List<ActivityStatistics> activities = new ArrayList<>(after.activities());
        activities.sort(Comparator.comparingLong((ActivityStatistics a) -> -(a.cpuNanos() - cpuOf(before, a.id()))));
        b.append(String.format(Locale.ROOT, "%n%-6s %-24s %7s %12s %12s %8s%n", "id", "activity", "cpu%", "msgs/s", "bytes/s",
                "queued"));
        for (ActivityStatistics a : activities) {
            ActivityStatistics was = before.activity(a.id());
            long cpu = a.cpuNanos() - (was == null ? 0 : was.cpuNanos());
            long msgs = a.messages() - (was == null ? 0 : was.messages());
            long bytes = a.nbytes() - (was == null ? 0 : was.nbytes());
            b.append(String.format(Locale.ROOT, "%-6d %-24s %6.1f%% %12.0f %12.0f %8d%n", a.id(), a.name(),
                    percent(cpu, elapsed), msgs / seconds, bytes / seconds, a.queued()));
        }
        return b.toString();
    }

    private static long cpuOf(KernelSnapshot s, long activity) {
        ActivityStatistics a = s.activity(activity);
        return a == null ? 0 : a.cpuNanos();
    }

    private static double percent(long part, long whole) {
        return whole <= 0 ? 0 : 100.0 * part / whole;
    }
}
