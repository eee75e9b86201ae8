package org.omnikernel.okrt.internal;

import java.util.Locale;

import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

/** Renders a {@link KernelSnapshot} as text tables for the shell. */
public final class StatisticsFormatter {

    private StatisticsFormatter() {
    }

    /**
     * @param s the snapshot
     * @return the tables: cores, resources, activities, scheduler clients
     */
    public static String format(KernelSnapshot s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "snapshot at %d ns, %d live closures%n", s.timestampNanos(), s.liveClosures()));
        b.append(String.format(Locale.ROOT, "%-5s %12s %12s %12s %12s %10s %12s %12s %10s%n", "core", "elapsed_us",
                "handler_us", "overhead_us", "idle_us", "irq_us", "unacct_ns", "thrcpu_us", "messages"));
        for (CoreStatistics c : s.cores()) {
            b.append(String.format(Locale.ROOT, "%-5d %12d %12d %12d %12d %10d %12d %12d %10d%n", c.core(), c.elapsedNanos() / 1000,
                    c.handlerNanos() / 1000, c.overheadNanos() / 1000, c.idleNanos() / 1000, c.interruptNanos() / 1000,
                    c.unaccountedNanos(),
                    c.threadCpuNanos() / 1000, c.messages()));
        }
        b.append(String.format(Locale.ROOT, "%n%-4s %-28s %-14s %-7s %10s %12s %12s %10s %7s %12s %6s %6s%n", "id", "resource",
                "scheduler", "metric", "messages", "cpu_us", "memory_B", "nbytes", "queued", "waiting_us", "fail", "undel"));
        for (ResourceStatistics r : s.resources()) {
            b.append(String.format(Locale.ROOT, "%-4d %-28s %-14s %-7s %10d %12d %12d %10d %7d %12d %6d %6d%s%n", r.id(), r.name(),
                    r.scheduler(), r.metric(), r.messages(), r.cpuNanos() / 1000, r.memoryBytes(), r.nbytes(), r.queued(),
                    r.waitingNanos() / 1000, r.failures(), r.undeliverable(), r.attached() ? "" : " (detached)"));
        }
        b.append(String.format(Locale.ROOT, "%n%-6s %-24s %10s %12s %12s %10s %7s %12s %6s%n", "id", "activity", "messages",
                "cpu_us", "memory_B", "nbytes", "queued", "waiting_us", "queues"));
        for (ActivityStatistics a : s.activities()) {
            b.append(String.format(Locale.ROOT, "%-6d %-24s %10d %12d %12d %10d %7d %12d %6d%n", a.id(), a.name(), a.messages(),
                    a.cpuNanos() / 1000, a.memoryBytes(), a.nbytes(), a.queued(), a.waitingNanos() / 1000, a.queues()));
        }
        b.append(String.format(Locale.ROOT, "%n%-28s %-14s %-5s %-24s %14s  %s%n", "scheduler of", "policy", "core", "client",
                "consumed", "details"));
        for (SchedulerClientStatistics c : s.clients()) {
            b.append(String.format(Locale.ROOT, "%-28s %-14s %-5d %-24s %14d  %s%n", c.resource(), c.scheduler(), c.core(),
                    c.client(), c.statistics().consumed(), c.statistics().details()));
        }
        return b.toString();
    }

    /**
     * @param kernel a running kernel
     * @return a few lines saying what runs: cores and the schedulers of the grid
     */
    public static String summary(Kernel kernel) {
        StringBuilder b = new StringBuilder();
        var cfg = kernel.config();
        b.append("grid ").append(cfg.source()).append('\n');
        b.append("  cores: ").append(kernel.cores()).append(" (").append(cfg.cpu().cores()).append(")\n");
        b.append("  cpu scheduler: ").append(cfg.cpu().scheduler()).append(" on cores ").append(cfg.cpu().cores()).append('\n');
        for (var r : cfg.compartments()) {
            b.append("  compartment: ").append(r.resource()).append(" -> ").append(r.scheduler()).append(" under ")
                    .append(r.parent() == null ? "the cpu scheduler" : r.parent()).append(" metric=").append(r.metric())
                    .append(" core=").append(r.cores()).append(" cpushare=").append(r.cpushare()).append('\n');
        }
        for (var r : cfg.resources()) {
            b.append("  resource scheduler: ").append(r.resource()).append(" -> ").append(r.scheduler()).append(" metric=")
                    .append(r.metric()).append(" core=").append(r.cores()).append(" cpushare=").append(r.cpushare())
                    .append(" batch=").append(r.batch()).append(r.parent() == null ? "" : " compartment=" + r.parent())
                    .append('\n');
        }
        for (ResourceEntry e : kernel.everAttached()) {
            if (e.isAttached()) {
                b.append("  resource ").append(e.id()).append(": ").append(e.name()).append(" under ")
                        .append(e.host.spec.scheduler()).append('\n');
            }
        }
        return b.toString();
    }
}
