package org.omnikernel.experiments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** What E1 says about itself: the lines the launcher prints and the figures tests read. */
class E1OutcomeTest {

    @Test
    void summaryTextHasARowPerActivityAndSaysWhetherTheGoalsWereMet() {
        E1Outcome outcome = Outcomes.threeSeconds();
        String text = outcome.summaryText();
        assertTrue(text.contains("synthetic mode"), text);
        for (String row : new String[] {"resource.burn.a", "resource.burn.b", "resource.burn.c"}) {
            assertTrue(text.contains(row), text);
        }
        assertTrue(text.contains("goal ±0.5 pp): " + (outcome.summary().sharesMeetGoal() ? "met" : "MISSED")), text);
        assertTrue(text.contains("unaccounted "), text);
        assertTrue(text.contains("1 s samples: 1 of 3 within ±0.5 pp; worst 1.000 pp"), text);
        assertTrue(text.contains(outcome.seedComparison()), text);
    }

    @Test
    void figuresNameEveryActivity() {
        Map<String, Double> f = Outcomes.threeSeconds().figures();
        assertEquals(50.0, f.get("entitlement.a"), 1e-12);
        assertEquals(33.33, f.get("entitlement.b"), 1e-12);
        assertEquals(16.67, f.get("entitlement.c"), 1e-12);
        assertTrue(f.containsKey("achieved.c") && f.containsKey("max_deviation_pp") && f.containsKey("unaccounted_fraction"));
        assertEquals(3.0, f.get("samples"));
        assertEquals(2.0, f.get("cores"));
    }

    @Test
    void percentKeepsEnoughPlacesToCompareWithTheSeed() {
        assertEquals("0.004000", E1Outcome.percent(0.00004));
        assertEquals("-0.000001", E1Outcome.percent(-0.00000001));
    }
}
