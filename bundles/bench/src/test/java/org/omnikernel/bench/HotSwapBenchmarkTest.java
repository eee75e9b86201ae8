package org.omnikernel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short hot-swap run: the summary has its fields, and the kernel lost, duplicated and reordered
 * nothing across 20 swaps under ordered load (a correctness check of the kernel). Pause times are
 * reported, never asserted.
 */
class HotSwapBenchmarkTest {

    private static final List<String> FIELDS = List.of("swaps", "messages_sent", "messages_delivered", "lost", "duplicated",
            "order_violations", "max_pause_us", "max_dispatch_gap_us", "seconds", "cores");

    @Test
    void twentySwapsUnderLoadLoseNothingAndWriteTheSummary(@TempDir Path dir) throws Exception {
        HotSwapBenchmark.Settings s = new HotSwapBenchmark.Settings(20, 0.4, 0.1, 2, 3, 64, 0, 10);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        HotSwapBenchmark.Result r = HotSwapBenchmark.runAndWrite(s, dir, new PrintStream(printed, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String json = Files.readString(dir.resolve("summary.json")).strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        for (String f : FIELDS) {
            assertTrue(number(json, f) >= 0, f + " in " + json);
        }
        assertEquals(20, number(json, "swaps"), json);
        assertEquals(2, number(json, "cpu_swaps"), json);
        assertTrue(number(json, "messages_sent") > 0, json);
        assertEquals(number(json, "messages_sent"), number(json, "messages_delivered"), json);
        assertEquals(0, number(json, "lost"), json);
        assertEquals(0, number(json, "duplicated"), json);
        assertEquals(0, number(json, "order_violations"), json);
        assertEquals(0, number(json, "swap_failures"), json);
        assertEquals(0, number(json, "send_failures"), json);
        assertEquals(Runtime.getRuntime().availableProcessors(), number(json, "cores"), json);
        assertTrue(r.passed(), r.verdict());
        assertTrue(json.contains("\"passed\": true"), json);
        assertTrue(!json.matches("(?s).*\\d[eE][-+]?\\d.*"), "numbers are plain decimals: " + json);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("PASS") && text.contains("swap pause") && text.contains("dispatch gap"), text);
    }

    @Test
    void isListedAndTakesTheSharedOptions() {
        assertTrue(BenchMain.usage().contains(HotSwapBenchmark.NAME), BenchMain.usage());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchMain.run(new String[] {HotSwapBenchmark.NAME, "--swaps", "5"}, quiet(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--seconds"), err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(-?\\d+(?:\\.\\d+)?)").matcher(json);
        assertTrue(m.find(), field + " is a number in " + json);
        return Double.parseDouble(m.group(1));
    }
}
