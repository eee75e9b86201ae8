package org.omnikernel.okrt.internal.osgi;

import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.internal.StatisticsFormatter;

/**
 * Gogo commands {@code okrt:stats}, {@code okrt:top}, {@code okrt:grid}, {@code okrt:swap},
 * {@code okrt:share} and {@code okrt:export}.
 * Plain methods: Gogo finds them by the {@code osgi.command.function} service property, so OKRT does
 * not depend on Gogo. Bad input comes back as a sentence saying what was wrong; nothing changes then.
 */
public final class KernelCommands {

    private final Kernel kernel;

    KernelCommands(Kernel kernel) {
        this.kernel = kernel;
    }

    /** @return the statistics snapshot (seed §5.3) as tables */
    public String stats() {
        return StatisticsFormatter.format(kernel.statistics());
    }

    /** @return the running grid as a tree: schedulers, their live policies and shares, resources and queues */
    public String grid() {
        return org.omnikernel.okrt.internal.GridDump.dump(kernel);
    }

    /**
     * {@code okrt:top}: what each activity used over the next second, busiest first.
     *
     * @return the table
     */
    public String top() {
        var before = kernel.statistics();
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
        return org.omnikernel.okrt.internal.TopFormatter.format(before, kernel.statistics());
    }

    /** @return the running grid, live changes included, as schedulerconfig XML */
    public String export() {
        return org.omnikernel.okrt.config.SchedulerConfigWriter.write(kernel.runningConfig());
    }

    /**
     * Hot-swaps a scheduler: {@code okrt:swap resource.tcp propshare.wfq loadshare=affinity-sticky}.
     *
     * @param name       a resource, a compartment, or {@code okrt.cpu}
     * @param scheduler  the new scheduler's name
     * @param parameters scheduler parameters as {@code key=value}
     * @return what happened, with the longest core pause
     */
    public String swap(String name, String scheduler, String... parameters) {
        try {
            long pause = kernel.swapScheduler(name, scheduler, keyValues(parameters)).toCompletableFuture()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            return name + " now runs under " + scheduler + "; longest core pause " + pause / 1000 + " us";
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage();
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    /**
     * Changes a resource's or compartment's share at its parent scheduler: {@code okrt:share resource.tcp 5000}.
     *
     * @param name     a resource or compartment
     * @param cpushare the new share
     * @return what happened
     */
    public String share(String name, long cpushare) {
        try {
            kernel.updateCpuShare(name, cpushare).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            return name + " now has cpushare " + cpushare;
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage();
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private static org.omnikernel.okrt.Parameters keyValues(String[] words) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("\"" + w + "\" is not a parameter; write key=value");
            }
            m.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return org.omnikernel.okrt.Parameters.of(m);
    }
}
