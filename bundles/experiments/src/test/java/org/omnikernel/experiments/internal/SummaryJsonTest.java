package org.omnikernel.experiments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** summary.json names the run, the exact entitlement, what was achieved, the ledgers and the seed. */
class SummaryJsonTest {

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\": ([^\\n]*?),?\\n").matcher(json);
        assertTrue(m.find(), "no " + name + " in " + json);
        return m.group(1);
    }

    private static List<Double> numbers(String array) {
        return Pattern.compile("-?[0-9.]+").matcher(array).results().map(r -> Double.parseDouble(r.group())).toList();
    }

    @Test
    void theSummaryHoldsWhatTheBriefAsksFor() {
        E1Outcome outcome = Outcomes.threeSeconds();
        String json = SummaryJson.write(outcome);

        assertEquals("\"e1\"", field(json, "experiment"));
        assertEquals("\"synthetic\"", field(json, "mode"));
        assertEquals("3", field(json, "seconds"));
        assertEquals("2", field(json, "cores"));
        assertEquals(List.of(50.0, 33.33, 16.67), numbers(field(json, "entitlement")));
        List<Double> achieved = numbers(field(json, "achieved"));
        assertEquals(3, achieved.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(outcome.summary().achievedPercent().get(i), achieved.get(i), 1e-4);
        }
        assertEquals(outcome.summary().maxDeviationPp(), Double.parseDouble(field(json, "max_deviation_pp")), 1e-4);
        assertEquals(outcome.summary().unaccountedFraction(), Double.parseDouble(field(json, "unaccounted_fraction")),
                1e-12);
        assertEquals(outcome.summary().cores().unaccountedNanos(), Long.parseLong(field(json, "unaccounted_ns")));
        String sentence = field(json, "seed_comparison");
        assertTrue(sentence.contains("seed") && sentence.contains("0.004%") && sentence.contains("synthetic"), sentence);
        assertTrue(json.contains("\"shares_met\": " + outcome.summary().sharesMeetGoal()), json);
    }

    @Test
    void jsonTextEscapesStringsAndWritesDecimalsPlainly() {
        String json = JsonText.write(Map.of("k", Arrays.asList("a\"b\\c\n", 1e-9, JsonText.decimal(Double.NaN, 2))));
        assertEquals("{\n  \"k\": [\"a\\\"b\\\\c\\n\", 0.000000001, null]\n}\n", json);
    }
}
