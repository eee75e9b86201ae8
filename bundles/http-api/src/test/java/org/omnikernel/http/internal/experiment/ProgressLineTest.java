package org.omnikernel.http.internal.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The sample lines the experiments bundle prints (ShareSampler's format, reproduced here with the
 * same format string) are read back exactly; other output is not mistaken for a sample.
 */
class ProgressLineTest {

    /** ShareSampler.print's format. */
    private static String printed(String name, int seconds, List<String> activities, double[] shares, double[] entitled) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %4.0f s ", name, (double) seconds));
        for (int i = 0; i < activities.size(); i++) {
            line.append(String.format(Locale.ROOT, "  %s %6.2f %% (%5.2f)", activities.get(i), shares[i], entitled[i]));
        }
        return line.toString();
    }

    @Test
    void aSampleLineGivesEveryActivitysShareAndEntitlement() {
        String line = printed("e1", 3, List.of("a", "b", "c"), new double[] {50.01, 33.29, 16.7}, new double[] {50, 33.33, 16.67});
        ProgressLine p = ProgressLine.parse(line).orElseThrow(() -> new AssertionError(line));
        assertEquals(3, p.seconds());
        assertEquals(Map.of("a", 50.01, "b", 33.29, "c", 16.70), p.shares());
        assertEquals(List.of("a", "b", "c"), List.copyOf(p.shares().keySet()), "in the order printed");
        assertEquals(33.33, p.entitled().get("b"));
    }

    @Test
    void aSecondWithNoCpuTimeIsNaNAndNullInJson() {
        String line = printed("e1", 12, List.of("a", "b"), new double[] {Double.NaN, 100}, new double[] {50, 50});
        ProgressLine p = ProgressLine.parse(line).orElseThrow(() -> new AssertionError(line));
        assertTrue(p.shares().get("a").isNaN());
        @SuppressWarnings("unchecked")
        Map<String, Object> shares = (Map<String, Object>) p.toMap().get("shares");
        assertNull(shares.get("a"));
        assertEquals(100.0, shares.get("b"));
    }

    @Test
    void otherOutputIsNotASample() {
        for (String line : List.of("okernel: experiment e1: CPU attribution", "e1: done", "e1:    3 s ", "  a  50.00 % (50.00)",
                "e1:    3 s   a  50.00 % (50.00) trailing", "e1: 4 seconds", "")) {
            assertTrue(ProgressLine.parse(line).isEmpty(), line);
        }
    }
}
