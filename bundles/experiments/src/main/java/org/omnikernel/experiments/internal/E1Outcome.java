package org.omnikernel.experiments.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of experiment E1 (seed §5.4, Fig 5.1): CPU shares of three CPU-bound activities under a
 * weighted-fair-queueing CPU scheduler, against their entitlement and against the seed. Knows how to
 * say so in lines ({@link #summaryText}), in one sentence ({@link #seedComparison}) and as figures.
 *
 * @param run         how it was run
 * @param entitlement what the activities are entitled to
 * @param samples     the one-second samples
 * @param summary     the run as a whole
 */
record E1Outcome(RunDescription run, Entitlement entitlement, List<ShareSample> samples, ShareSummary summary)
        implements Outcome {

    /** The plot's heading. */
    static final String TITLE = "E1: CPU shares of three CPU-bound activities (seed §5.4, Fig 5.1)";

    /**
     * @param run         how it was run
     * @param entitlement the entitlement
     * @param samples     the samples; copied
     * @param summary     the summary
     */
    E1Outcome {
        samples = List.copyOf(samples);
    }

    @Override
    public String plotFile() {
        return "e1.svg";
    }

    @Override
    public String samplesCsv() {
        return SamplesCsv.write(entitlement.activities(), samples);
    }

    @Override
    public String plotSvg() {
        return SharePlotSvg.render(TITLE, subtitle(), entitlement, summary.achievedPercent(), samples);
    }

    @Override
    public String summaryJson() {
        return SummaryJson.write(this);
    }

    /** @return the plot's second line: mode, scheduler, cores */
    String subtitle() {
        String load = run.mode().equals(RunDescription.PROCESSES)
                ? "burn processes, TR round robin, CPU scheduler propshare.wfq, " : "CPU-bound resources under propshare.wfq, ";
        return run.mode() + " mode: " + load + run.cores() + " cores, "
                + summary.samples() + " samples at 1 Hz; dashed: entitlement";
    }

    @Override
    public String summaryText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "E1 (seed §5.4, Fig 5.1), %s mode: %d CPU-bound activities on %d cores,"
                + " %d samples at 1 Hz after %.0f s warm-up%n", run.mode(), entitlement.size(), run.cores(),
                summary.samples(), run.warmupSeconds()));
        b.append(String.format(Locale.ROOT, "  %-9s %-17s %9s %10s %10s %10s%n", "activity", "resource", "cpushare",
                "entitled %", "achieved %", "dev pp"));
        for (int i = 0; i < entitlement.size(); i++) {
            b.append(String.format(Locale.ROOT, "  %-9s %-17s %9d %10.3f %10.3f %+10.3f%n",
                    entitlement.activities().get(i), entitlement.resources().get(i), entitlement.cpushares().get(i),
                    entitlement.percent(i), summary.achievedPercent().get(i), summary.deviationPp().get(i)));
        }
        b.append(String.format(Locale.ROOT, "  max deviation %.3f pp (goal ±%.1f pp): %s%n", summary.maxDeviationPp(),
                summary.goalPp(), met(summary.sharesMeetGoal())));
        b.append(String.format(Locale.ROOT, "  1 s samples: %d of %d within ±%.1f pp; worst %.3f pp%n",
                summary.samplesWithinGoal(), summary.samples(), summary.goalPp(),
                summary.sampleMaxDeviationPp()));
        b.append(String.format(Locale.ROOT,
                "  unaccounted %d ns of %.3f s elapsed core time = %s%% (goal ≤ %.3f%%): %s%n",
                summary.cores().unaccountedNanos(), summary.cores().elapsedNanos() / 1e9,
                percent(summary.unaccountedFraction()), ShareSummary.GOAL_UNACCOUNTED_FRACTION * 100,
                met(summary.unaccountedMeetsGoal())));
        b.append(String.format(Locale.ROOT,
                "  of elapsed core time: handlers %.2f%%, OKRT overhead %.2f%%, idle %.2f%%;"
                        + " the OS did not run the core threads %.2f%%%n",
                summary.cores().fraction(summary.cores().handlerNanos()) * 100, summary.overheadFraction() * 100,
                summary.idleFraction() * 100, summary.descheduledFraction() * 100));
        b.append("  ").append(seedComparison());
        return b.toString();
    }

    /** @return one sentence comparing the run with the seed's Fig 5.1 and §5.3 */
    String seedComparison() {
        StringBuilder shares = new StringBuilder();
        for (int i = 0; i < entitlement.size(); i++) {
            shares.append(i == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.2f", summary.achievedPercent().get(i)));
        }
        return String.format(Locale.ROOT,
                "The seed (Vortex, 8 cores, one CPU-bound thread per core per process) reports shares"
                        + " \"in strict accordance\" with 50/33/17 and 0.004%% of elapsed cycles unaccounted over 100 s;"
                        + " this %s run on %d cores gave %s %% (largest deviation %.3f pp, goal ±%.1f pp) with %s%%"
                        + " of elapsed core time unaccounted over %.0f s.",
                run.mode(), run.cores(), shares, summary.maxDeviationPp(), summary.goalPp(),
                percent(summary.unaccountedFraction()), summary.seconds());
    }

    @Override
    public Map<String, Double> figures() {
        Map<String, Double> f = new LinkedHashMap<>();
        for (int i = 0; i < entitlement.size(); i++) {
            String a = entitlement.activities().get(i);
            f.put("entitlement." + a, entitlement.percent(i));
            f.put("achieved." + a, summary.achievedPercent().get(i));
        }
        f.put("max_deviation_pp", summary.maxDeviationPp());
        f.put("sample_max_deviation_pp", summary.sampleMaxDeviationPp());
        f.put("samples_within_goal", (double) summary.samplesWithinGoal());
        f.put("unaccounted_fraction", summary.unaccountedFraction());
        f.put("samples", (double) summary.samples());
        f.put("cores", (double) run.cores());
        return f;
    }

    private static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    /** @return a fraction as a percentage with enough places to compare with 0.004 */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.6f", fraction * 100);
    }
}
