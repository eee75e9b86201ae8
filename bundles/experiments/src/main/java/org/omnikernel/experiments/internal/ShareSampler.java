package org.omnikernel.experiments.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

/**
 * What every share experiment does once its load runs: check that every activity has work on every
 * core, and sample what each activity is metered at 1 Hz (E1: CPU time; E2, E4: what each resource's
 * scheduler charged it).
 */
final class ShareSampler {

    private static final long SECOND = 1_000_000_000L;

    private final Okrt okrt;
    private final PrintStream progress;

    ShareSampler(Okrt okrt, PrintStream progress) {
        this.okrt = okrt;
        this.progress = progress;
    }

    /** @return the cores on which the resource's scheduler has no client of the activity */
    List<Integer> coresWithoutWork(KernelSnapshot s, String resource, long activityId) {
        List<Integer> missing = new ArrayList<>();
        for (int core = 0; core < okrt.cores(); core++) {
            int c = core;
            boolean present = s.clients().stream().anyMatch(
                    (SchedulerClientStatistics x) -> x.resource().equals(resource) && x.core() == c
                            && x.activityId() == activityId);
            if (!present) {
                missing.add(core);
            }
        }
        return missing;
    }

    /**
     * Takes one sample a second of the activities' CPU time (E1).
     *
     * @param name        the experiment's name, for progress lines
     * @param seconds     how many samples
     * @param entitlement the activities' entitlement
     * @param ids         their activity ids, in the entitlement's order
     * @param run         how the load was set up
     * @return the outcome
     * @throws InterruptedException when interrupted
     */
    E1Outcome measure(String name, int seconds, Entitlement entitlement, List<Long> ids, RunDescription run)
            throws InterruptedException {
        ShareSeries cpu = new ShareSeries("cpu", "CPU", "cpu_ns", entitlement, Meter.activityCpu(ids));
        try {
            ShareSeries.Measured m = measure(name, seconds, List.of(cpu), ShareSummary.GOAL_DEVIATION_PP, () -> {
            }).series().get(0);
            return new E1Outcome(run, entitlement, m.samples(), m.summary());
        } catch (ExperimentFailure e) {
            throw new IllegalStateException("the E1 load cannot fail its check", e);
        }
    }

    /** Checks, each second, that the load still runs. */
    @FunctionalInterface
    interface LoadCheck {
        /** @throws ExperimentFailure when it does not */
        void check() throws ExperimentFailure;
    }

    /**
     * Takes one sample a second of every series.
     *
     * @param name    the experiment's name, for progress lines
     * @param seconds how many samples
     * @param series  what to measure
     * @param goalPp  the largest deviation from the entitlement that meets the goal
     * @param load    checked after every sample
     * @return each series' samples and summary, in order, and where the CPU went
     * @throws ExperimentFailure    when the load check fails
     * @throws InterruptedException when interrupted
     */
    Measurement measure(String name, int seconds, List<ShareSeries> series, double goalPp, LoadCheck load)
            throws ExperimentFailure, InterruptedException {
        KernelSnapshot first = okrt.statistics();
        long start = System.nanoTime();
        KernelSnapshot previous = first;
        List<List<ShareSample>> samples = new ArrayList<>();
        series.forEach(x -> samples.add(new ArrayList<>()));
        for (int k = 1; k <= seconds; k++) {
            E1CpuAttribution.parkUntil(start + k * SECOND);
            KernelSnapshot current = okrt.statistics();
            String head = String.format(Locale.ROOT, "%s: %4.0f s", name, (current.timestampNanos() - first.timestampNanos()) / 1e9);
            StringBuilder all = new StringBuilder(head).append(" by resource:");
            for (int i = 0; i < series.size(); i++) {
                ShareSeries x = series.get(i);
                ShareSample sample = ShareSample.metered(previous, current, x.meters(), first.timestampNanos());
                samples.get(i).add(sample);
                all.append(print(x.key(), x.entitlement(), sample));
                if (i == 0) {
                    // the first series in E1's form, which the console plots while a run goes on
                    progress.println(head + print("", x.entitlement(), sample));
                }
            }
            if (series.size() > 1) {
                progress.println(all);
            }
            previous = current;
            load.check();
        }
        List<ShareSeries.Measured> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            ShareSeries x = series.get(i);
            try {
                out.add(new ShareSeries.Measured(x, samples.get(i),
                        ShareSummary.of(x.entitlement(), x.meters(), first, previous, samples.get(i), goalPp)));
            } catch (IllegalArgumentException e) {
                throw new ExperimentFailure(name + ": nothing was measured at " + x.resource() + " during the run");
            }
        }
        return new Measurement(out, CpuBreakdown.between(first, previous));
    }

    /**
     * What {@link #measure(String, int, List, double, LoadCheck)} measured.
     *
     * @param series each series, in order
     * @param cpu    where the CPU went over the run
     */
    record Measurement(List<ShareSeries.Measured> series, CpuBreakdown cpu) {
    }

    private static String print(String key, Entitlement entitlement, ShareSample sample) {
        StringBuilder line = new StringBuilder(key.isEmpty() ? " " : "  " + key);
        for (int i = 0; i < entitlement.size(); i++) {
            line.append(key.isEmpty()
                    ? String.format(Locale.ROOT, "  %s %6.2f %% (%5.2f)", entitlement.activities().get(i),
                            sample.sharesPercent().get(i), entitlement.percent(i))
                    : String.format(Locale.ROOT, "%s%5.1f", i == 0 ? " " : "/", sample.sharesPercent().get(i)));
        }
        return line.toString();
    }
}
