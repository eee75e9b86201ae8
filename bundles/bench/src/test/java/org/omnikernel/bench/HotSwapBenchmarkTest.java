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
        HotSwapBenchmark.Settings s = new HotSwapBenchmark.Settings(20, 0.4, 0.1, 2, 3, 64, 0, 10, 0);
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
        assertTrue(number(json, "max_pause_cpu_time_us") > 0, "the hand-overs' CPU time is measured: " + json);
        assertTrue(number(json, "max_pause_cpu_time_us") <= number(json, "max_pause_us") + 1000,
                "a hand-over uses no more CPU than the wall time it holds its core: " + json);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("PASS") && text.contains("swap pause") && text.contains("dispatch gap"), text);
    }

    @Test
    void aPacedSenderOffersNoMoreThanItsRate(@TempDir Path dir) throws Exception {
        double rate = 20_000;
        HotSwapBenchmark.Settings s = new HotSwapBenchmark.Settings(10, 0.5, 0.1, 2, 2, 64, 0, 5, rate);
        HotSwapBenchmark.Result r = HotSwapBenchmark.runAndWrite(s, dir, quiet(), quiet());
        assertTrue(r.passed(), r.verdict());
        String json = Files.readString(dir.resolve("summary.json"));
        assertEquals(rate, number(json, "offered_msgs_per_s"), json);
        // A token bucket of 1 ms (at least 32 messages) on top of the rate; a slow machine only sends fewer.
        assertTrue(number(json, "msgs_per_s_during_swaps") <= rate * 1.1 + 32 / 0.5, json);
        assertTrue(number(json, "messages_delivered") > 0, json);
    }

    @Test
    void theRateMustBeANumberFromZero() throws Exception {
        assertEquals(0.0, BenchOptions.parse(HotSwapBenchmark.NAME, List.of("--rate", "0")).rate());
        assertEquals(150_000.0, BenchOptions.parse(HotSwapBenchmark.NAME, List.of("--rate=150000")).rate());
        assertTrue(Double.isNaN(BenchOptions.parse(HotSwapBenchmark.NAME, List.of()).rate()), "the benchmark's default");
        for (String bad : List.of("-5", "fast", "1e12", "NaN")) {
            BenchOptions.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(BenchOptions.UsageException.class,
                    () -> BenchOptions.parse(HotSwapBenchmark.NAME, List.of("--rate", bad)));
            assertTrue(e.getMessage().contains("--rate") && e.getMessage().contains(bad), e.getMessage());
        }
        BenchOptions.UsageException other = org.junit.jupiter.api.Assertions.assertThrows(BenchOptions.UsageException.class,
                () -> BenchOptions.parse("message-path", List.of("--rate", "5")));
        assertTrue(other.getMessage().contains("hot-swap only"), other.getMessage());
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
