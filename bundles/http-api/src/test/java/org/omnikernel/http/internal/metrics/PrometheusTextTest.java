package org.omnikernel.http.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.omnikernel.http.internal.metrics.PrometheusText.Sample;
import org.omnikernel.http.internal.metrics.PrometheusText.Type;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

class PrometheusTextTest {

    /** A sample line of the text format 0.0.4, label values with their three escapes. */
    static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\""
            + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")*\\})? (-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[+-]Inf)");

    @Test
    void labelValuesEscapeBackslashQuoteAndLineFeed() {
        String text = new PrometheusText().family("x_total", Type.COUNTER, "help with \\ and\nnewline",
                List.of(new Sample(PrometheusText.labels("name", "a\\b\"c\nd"), 3))).text();
        assertEquals("# HELP x_total help with \\\\ and\\nnewline\n# TYPE x_total counter\nx_total{name=\"a\\\\b\\\"c\\nd\"} 3\n", text);
    }

    @Test
    void numbersAreWholeWhenWholeAndSpecialValuesAreSpelledOut() {
        assertEquals("42", PrometheusText.number(42));
        assertEquals("0.25", PrometheusText.number(0.25));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
        assertEquals("1.0E-9", PrometheusText.number(1e-9));
    }

    @Test
    void badNamesFailHereNotInTheScraper() {
        PrometheusText p = new PrometheusText();
        assertThrows(IllegalArgumentException.class, () -> p.family("bad-name", Type.GAUGE, "h", List.of()));
        assertThrows(IllegalArgumentException.class, () -> p.family("count", Type.COUNTER, "h", List.of()));
        assertThrows(IllegalArgumentException.class, () -> p.family("g", Type.GAUGE, "h",
                List.of(new Sample(Map.of("bad-label", "v"), 1))));
        assertThrows(IllegalArgumentException.class, () -> p.family("g", Type.GAUGE, "h",
                List.of(new Sample(Map.of("__reserved", "v"), 1))));
    }

    @Test
    void theKernelsFiguresRenderAsValidFamilies() {
        KernelSnapshot s = new KernelSnapshot(1, List.of(new CoreStatistics(0, 2_000_000_000L, 500_000_000L, 1_000_000L,
                1_400_000_000L, 2_000_000L, 97_000_000L, 1_900_000_000L, 1000, 125)),
                List.of(new ResourceStatistics(3, "resource.\"odd\"", "roundrobin", "cpu", true, 10, 20, 30, 40, 1, 50, 0, 0, 0, 2)),
                List.of(new ActivityStatistics(7, "web\\server", 10, 20, 30, 40, 1, 50, 2)),
                List.of(new SchedulerClientStatistics("okrt.cpu", "roundrobin", 0, "resource.x", -1,
                        new ClientStatistics(5, Map.of()))), 3);
        String text = KernelMetrics.render(s, null);
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                assertTrue(SAMPLE.matcher(line).matches(), line);
            }
        }
        assertTrue(text.contains("okernel_core_handler_seconds_total{core=\"0\"} 0.5\n"), text);
        assertTrue(text.contains("okernel_core_interrupt_seconds_total{core=\"0\"} 0.002\n"), text);
        assertTrue(text.contains("okernel_resource_messages_total{resource_id=\"3\",resource=\"resource.\\\"odd\\\"\"} 10\n"), text);
        assertTrue(text.contains("okernel_activity_cpu_seconds_total{activity_id=\"7\",activity=\"web\\\\server\"} 2.0E-8\n"), text);
        assertTrue(text.contains("# TYPE okernel_resource_queued_messages gauge\n"), text);
        assertTrue(text.contains("okernel_up 1\n"), text);
        assertEquals("# HELP okernel_up 1 when OKRT is running and reports statistics, else 0\n# TYPE okernel_up gauge\nokernel_up 0\n",
                KernelMetrics.render(null, null));
    }
}
