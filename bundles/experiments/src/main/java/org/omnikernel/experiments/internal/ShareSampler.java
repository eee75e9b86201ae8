package org.omnikernel.experiments.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

/**
 * What both modes of E1 do once their load runs: check that every activity has work on every core,
 * and sample the CPU time each activity is attributed at 1 Hz.
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
     * Takes one sample a second.
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
        KernelSnapshot first = okrt.statistics();
        long start = System.nanoTime();
        KernelSnapshot previous = first;
        List<ShareSample> samples = new ArrayList<>();
        for (int k = 1; k <= seconds; k++) {
            E1CpuAttribution.parkUntil(start + k * SECOND);
            KernelSnapshot current = okrt.statistics();
            ShareSample sample = ShareSample.between(previous, current, ids, first.timestampNanos());
            samples.add(sample);
            print(name, entitlement, sample);
            previous = current;
        }
        ShareSummary summary = ShareSummary.of(entitlement, ids, first, previous, samples);
        return new E1Outcome(run, entitlement, samples, summary);
    }

    private void print(String name, Entitlement entitlement, ShareSample sample) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %4.0f s ", name, sample.timeSeconds()));
        for (int i = 0; i < entitlement.size(); i++) {
            line.append(String.format(Locale.ROOT, "  %s %6.2f %% (%5.2f)", entitlement.activities().get(i),
                    sample.sharesPercent().get(i), entitlement.percent(i)));
        }
        progress.println(line);
    }
}
