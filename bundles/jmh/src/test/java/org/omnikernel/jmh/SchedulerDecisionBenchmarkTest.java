package org.omnikernel.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.scheduler.ClientState;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Checks the harness, never the speed: JMH finds and runs the benchmark and reports a positive score,
 * and every scheduler the benchmark names really decides at once for every client count it uses.
 */
class SchedulerDecisionBenchmarkTest {

    @Test
    void jmhRunsOneSchedulerAndTheBaselineWithPositiveScores() throws Exception {
        Options options = new OptionsBuilder()
                .include(SchedulerDecisionBenchmark.class.getName() + "\\.(decision|baseline)$")
                .param("scheduler", "propshare.wfq")
                .param("clients", "4")
                .forks(0)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        assertEquals(2, results.size(), "decision and baseline, one parameter set each");
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score), r.getParams().getBenchmark() + " scored " + score);
            assertEquals("ns/op", r.getPrimaryResult().getScoreUnit());
        }
    }

    @Test
    void everySchedulerDecidesAtOnceForEveryClientCount() throws Exception {
        for (String name : paramValues("scheduler")) {
            for (String n : paramValues("clients")) {
                int clients = Integer.parseInt(n);
                SchedulerDecisionBenchmark.Cycle<?> cycle = SchedulerDecisionBenchmark.Cycle.create(name, clients);
                Map<ClientState, Integer> served = new HashMap<>();
                for (int i = 0; i < 40 * clients; i++) {
                    served.merge(cycle.dispatch(), 1, Integer::sum);
                }
                // Strict priority serves only the top level (priority 3: every fourth client); the
                // others serve every client, shares being at most 4:1.
                Set<ClientState> expected = name.equals("priority.strict")
                        ? cycle.states().stream().filter(s -> cycle.states().indexOf(s) % 4 == 3).collect(Collectors.toSet())
                        : Set.copyOf(cycle.states());
                assertEquals(expected, served.keySet(), name + " with " + clients + " clients served");
            }
        }
    }

    private static List<String> paramValues(String field) throws NoSuchFieldException {
        return Arrays.asList(SchedulerDecisionBenchmark.SchedulerState.class.getField(field).getAnnotation(Param.class).value());
    }
}
