package org.omnikernel.experiments.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a share experiment measured at several resources (E2, seed §5.5; E4, §5.7): per
 * resource, what each process was charged there against its weight. The series named
 * {@code judged} decide whether the goal is met (E2: every resource; E4: the disk's DRWR, where
 * the seed measured); the others are reported as well.
 *
 * @param experiment the experiment's name, such as {@code e2}
 * @param title      the plot's heading
 * @param seed       where in the seed, such as {@code §5.5, Fig 5.3–5.4}
 * @param cores      the cores the kernel ran
 * @param warmup     seconds of load before the first sample
 * @param grid       the schedulerconfig file the kernel booted with
 * @param setup      how the load was set up, one line each (programs, sizes, the disk), for the summary
 * @param series     what was measured, in order; the first is plotted first
 * @param judged     the keys of the series the goal applies to
 * @param seedSays   what the seed reports, a sentence
 * @param cpu        where the CPU went, per resource (the seed's Figs 5.3 and 5.9)
 */
record SharesOutcome(String experiment, String title, String seed, int cores, double warmup, String grid,
        List<String> setup, List<ShareSeries.Measured> series, List<String> judged, String seedSays, CpuBreakdown cpu)
        implements Outcome {

    /**
     * @param experiment name
     * @param title      heading
     * @param seed       seed reference
     * @param cores      cores
     * @param warmup     warm-up
     * @param grid       grid file
     * @param setup      set-up lines; copied
     * @param series     the series; copied, at least one, with as many samples each
     * @param judged     judged keys; copied, each a series' key
     * @param seedSays   the seed's result
     * @param cpu        the CPU breakdown
     */
    SharesOutcome {
        setup = List.copyOf(setup);
        series = List.copyOf(series);
        judged = List.copyOf(judged);
        if (series.isEmpty()) {
            throw new IllegalArgumentException(experiment + ": no series");
        }
        List<String> keys = series.stream().map(m -> m.series().key()).toList();
        if (!keys.containsAll(judged)) {
            throw new IllegalArgumentException(experiment + ": judged " + judged + " are not all among " + keys);
        }
    }

    /** @return the largest deviation from the entitlement over the run, among the judged series */
    double maxDeviationPp() {
        return judgedSeries().stream().mapToDouble(m -> m.summary().maxDeviationPp()).max().orElse(0);
    }

    /** @return whether every judged series is within its goal over the run */
    boolean sharesMeetGoal() {
        return judgedSeries().stream().allMatch(m -> m.summary().sharesMeetGoal());
    }

    private List<ShareSeries.Measured> judgedSeries() {
        return series.stream().filter(m -> judged.contains(m.series().key())).toList();
    }

    private ShareSummary first() {
        return series.get(0).summary();
    }

    @Override
    public String plotFile() {
        return experiment + ".svg";
    }

    @Override
    public String samplesCsv() {
        return SamplesCsv.writeSeries(series);
    }

    @Override
    public String plotSvg() {
        List<SharePlotSvg.Panel> panels = new ArrayList<>();
        char letter = 'a';
        for (ShareSeries.Measured m : series) {
            ShareSeries s = m.series();
            String what = s.unit().equals("bytes") ? "bytes" : "CPU";
            panels.add(new SharePlotSvg.Panel("(" + letter++ + ") " + s.resource(),
                    String.format(Locale.ROOT, "%s per process per second, relative; dashed: entitlement; max deviation %.2f pp",
                            what, m.summary().maxDeviationPp()),
                    "share of " + what + " (%)", s.entitlement(), m.summary().achievedPercent(), m.samples()));
        }
        return SharePlotSvg.renderPanels(title, String.format(Locale.ROOT, "%d cores, %d samples at 1 Hz after %.0f s warm-up",
                cores, first().samples(), warmup), panels);
    }

    @Override
    public String summaryText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s (seed %s): %d processes on %d cores, %d samples at 1 Hz after %.0f s warm-up%n",
                experiment.toUpperCase(Locale.ROOT), seed, series.get(0).series().entitlement().size(), cores,
                first().samples(), warmup));
        setup.forEach(line -> b.append("  ").append(line).append(System.lineSeparator()));
        b.append(String.format(Locale.ROOT, "  %-20s %-6s %s%n", "resource", "unit", "per process: achieved % (entitled %, dev pp)"));
        for (ShareSeries.Measured m : series) {
            ShareSeries s = m.series();
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-20s %-6s", s.resource(), s.unit()));
            for (int i = 0; i < s.entitlement().size(); i++) {
                row.append(String.format(Locale.ROOT, "  %s %6.2f (%5.2f, %+6.2f)", s.entitlement().activities().get(i),
                        m.summary().achievedPercent().get(i), s.entitlement().percent(i), m.summary().deviationPp().get(i)));
            }
            row.append(judged.contains(s.key()) ? "" : "  [not judged]");
            b.append(row).append(System.lineSeparator());
        }
        b.append(String.format(Locale.ROOT, "  max deviation %.3f pp at %s (goal ±%.1f pp): %s%n", maxDeviationPp(),
                String.join(", ", judged), first().goalPp(), sharesMeetGoal() ? "met" : "MISSED"));
        CoreDelta c = first().cores();
        b.append(String.format(Locale.ROOT,
                "  of elapsed core time: handlers %.2f%%, OKRT overhead %.2f%%, idle %.2f%%, unaccounted %s%%%n",
                c.fraction(c.handlerNanos()) * 100, first().overheadFraction() * 100, first().idleFraction() * 100,
                E1Outcome.percent(first().unaccountedFraction())));
        b.append("  CPU by resource, % of elapsed core time:");
        cpu.resources().stream().limit(8).forEach(e -> b.append(String.format(Locale.ROOT, " %s %.1f;", e.resource(),
                e.fraction() * 100)));
        b.append(System.lineSeparator());
        b.append("  ").append(seedComparison());
        return b.toString();
    }

    /** @return one sentence comparing the run with the seed */
    String seedComparison() {
        StringBuilder shares = new StringBuilder();
        for (ShareSeries.Measured m : judgedSeries()) {
            shares.append(shares.length() == 0 ? "" : ", ").append(m.series().resource()).append(' ');
            for (int i = 0; i < m.summary().achievedPercent().size(); i++) {
                shares.append(i == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.1f", m.summary().achievedPercent().get(i)));
            }
        }
        return String.format(Locale.ROOT, "%s This run on %d cores gave %s %% (largest deviation %.2f pp, goal ±%.1f pp).",
                seedSays, cores, shares, maxDeviationPp(), first().goalPp());
    }

    @Override
    public String summaryJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", experiment);
        json.put("seed", seed);
        json.put("seconds", first().samples());
        json.put("warmup_seconds", JsonText.decimal(warmup, 3));
        json.put("cores", cores);
        json.put("grid", grid);
        json.put("setup", setup);
        json.put("activities", series.get(0).series().entitlement().activities());
        json.put("weights", series.get(0).series().entitlement().cpushares());
        json.put("entitlement", JsonText.decimals(series.get(0).series().entitlement().percents(), 4));
        List<Object> resources = new ArrayList<>();
        for (ShareSeries.Measured m : series) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("key", m.series().key());
            r.put("resource", m.series().resource());
            r.put("unit", m.series().unit());
            r.put("judged", judged.contains(m.series().key()));
            r.put("total", m.samples().stream().mapToLong(s -> s.cpuNanos().stream().mapToLong(Long::longValue).sum()).sum());
            r.put("achieved", JsonText.decimals(m.summary().achievedPercent(), 4));
            r.put("deviation_pp", JsonText.decimals(m.summary().deviationPp(), 4));
            r.put("max_deviation_pp", JsonText.decimal(m.summary().maxDeviationPp(), 4));
            r.put("sample_max_deviation_pp", JsonText.decimal(m.summary().sampleMaxDeviationPp(), 4));
            r.put("samples_within_goal", m.summary().samplesWithinGoal());
            resources.add(r);
        }
        json.put("resources", resources);
        json.put("max_deviation_pp", JsonText.decimal(maxDeviationPp(), 4));
        CoreDelta c = first().cores();
        json.put("elapsed_core_ns", c.elapsedNanos());
        json.put("handler_ns", c.handlerNanos());
        json.put("overhead_fraction", JsonText.decimal(first().overheadFraction(), 6));
        json.put("idle_fraction", JsonText.decimal(first().idleFraction(), 6));
        json.put("unaccounted_fraction", JsonText.decimal(first().unaccountedFraction(), 12));
        Map<String, Object> byResource = new LinkedHashMap<>();
        cpu.resources().forEach(e -> byResource.put(e.resource(), JsonText.decimal(e.fraction(), 6)));
        json.put("cpu_fraction_by_resource", byResource);
        Map<String, Object> goal = new LinkedHashMap<>();
        goal.put("judged", judged);
        goal.put("max_deviation_pp", JsonText.decimal(first().goalPp(), 1));
        goal.put("shares_met", sharesMeetGoal());
        json.put("goal", goal);
        json.put("seed_comparison", seedComparison());
        return JsonText.write(json);
    }

    @Override
    public Map<String, Double> figures() {
        Map<String, Double> f = new LinkedHashMap<>();
        for (ShareSeries.Measured m : series) {
            ShareSeries s = m.series();
            for (int i = 0; i < s.entitlement().size(); i++) {
                String a = s.entitlement().activities().get(i);
                f.put(s.key() + ".entitlement." + a, s.entitlement().percent(i));
                f.put(s.key() + ".achieved." + a, m.summary().achievedPercent().get(i));
            }
            f.put(s.key() + ".max_deviation_pp", m.summary().maxDeviationPp());
        }
        f.put("max_deviation_pp", maxDeviationPp());
        f.put("samples", (double) first().samples());
        f.put("cores", (double) cores);
        return f;
    }
}
