package org.omnikernel.experiments.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code summary.json} of experiment E1: how it was run, the entitlement, what was achieved, the
 * cores' accounting over the run, the brief's goals and a sentence comparing the run with the seed.
 * Percentages are in percent; {@code *_fraction} figures are fractions of elapsed core time.
 */
final class SummaryJson {

    private SummaryJson() {
    }

    /**
     * @param outcome the run's outcome
     * @return the file's text
     */
    static String write(E1Outcome outcome) {
        RunDescription run = outcome.run();
        Entitlement entitlement = outcome.entitlement();
        ShareSummary summary = outcome.summary();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", run.experiment());
        json.put("seed", "§5.4, Fig 5.1");
        json.put("mode", run.mode());
        json.put("seconds", summary.samples());
        json.put("warmup_seconds", JsonText.decimal(run.warmupSeconds(), 3));
        json.put("cores", run.cores());
        json.put("grid", run.grid());
        json.put("slice_us", run.sliceMicros());
        json.put("labels_per_activity", run.labelsPerActivity());
        json.put("activities", entitlement.activities());
        json.put("resources", entitlement.resources());
        json.put("cpushare", entitlement.cpushares());
        json.put("entitlement", JsonText.decimals(entitlement.percents(), 4));
        json.put("achieved", JsonText.decimals(summary.achievedPercent(), 4));
        json.put("deviation_pp", JsonText.decimals(summary.deviationPp(), 4));
        json.put("max_deviation_pp", JsonText.decimal(summary.maxDeviationPp(), 4));
        json.put("sample_max_deviation_pp", JsonText.decimal(summary.sampleMaxDeviationPp(), 4));
        json.put("samples_within_goal", summary.samplesWithinGoal());
        CoreDelta cores = summary.cores();
        json.put("elapsed_core_ns", cores.elapsedNanos());
        json.put("handler_ns", cores.handlerNanos());
        json.put("overhead_ns", cores.overheadNanos());
        json.put("idle_ns", cores.idleNanos());
        json.put("unaccounted_ns", cores.unaccountedNanos());
        json.put("unaccounted_fraction", JsonText.decimal(summary.unaccountedFraction(), 12));
        json.put("overhead_fraction", JsonText.decimal(summary.overheadFraction(), 6));
        json.put("idle_fraction", JsonText.decimal(summary.idleFraction(), 6));
        json.put("descheduled_fraction", JsonText.decimal(summary.descheduledFraction(), 6));
        Map<String, Object> goal = new LinkedHashMap<>();
        goal.put("max_deviation_pp", JsonText.decimal(summary.goalPp(), 1));
        goal.put("unaccounted_fraction", JsonText.decimal(ShareSummary.GOAL_UNACCOUNTED_FRACTION, 6));
        goal.put("shares_met", summary.sharesMeetGoal());
        goal.put("unaccounted_met", summary.unaccountedMeetsGoal());
        json.put("goal", goal);
        json.put("seed_comparison", outcome.seedComparison());
        return JsonText.write(json);
    }
}
