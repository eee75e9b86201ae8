package org.omnikernel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the tool, never the speed: a tiny run yields a well-formed summary of all eight cases, and
 * the command line rejects what it does not know with exit code 2.
 */
class MessagePathBenchmarkTest {

    @Test
    void tinyRunWritesEightCasesWithPositiveFigures(@TempDir Path dir) throws Exception {
        MessagePathBenchmark.Settings s = new MessagePathBenchmark.Settings(MessagePathBenchmark.allCases(), 0.2, 0.05, 1,
                MessagePathBenchmark.IN_FLIGHT);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        Path summary = MessagePathBenchmark.runAndWrite(s, dir, new PrintStream(table, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(dir.resolve("summary.json"), summary);
        String json = Files.readString(summary).strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertTrue(json.contains("\"cases\""), json);

        List<String> cases = caseObjects(json);
        assertEquals(8, cases.size(), json);
        Set<String> combinations = new HashSet<>();
        for (String c : cases) {
            long handler = (long) number(c, "handler_ns");
            long cores = (long) number(c, "cores");
            long batch = (long) number(c, "batch");
            assertTrue(handler == 0 || handler == 2000, c);
            assertTrue(cores == 1 || cores == 2, c);
            assertTrue(batch == 1 || batch == 8, c);
            combinations.add(handler + "/" + cores + "/" + batch);
            assertTrue(number(c, "okrt_msgs_per_s") > 0, c);
            assertTrue(number(c, "executor_msgs_per_s") > 0, c);
            assertTrue(number(c, "ratio") > 0, c);
            assertTrue(number(c, "overhead_ns_per_msg") >= 0, c);
        }
        assertEquals(8, combinations.size(), "every combination once: " + combinations);
        assertTrue(!json.matches("(?s).*\\d[eE][-+]?\\d.*"), "numbers are plain decimals: " + json);

        String printed = table.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("okrt_msgs/s") && printed.contains("exec_msgs/s"), printed);
    }

    @Test
    void unknownOptionExitsTwoNamingItAndTheValidOnes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchMain.run(new String[] {"message-path", "--bogus", "1"}, quiet(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--bogus"), message);
        assertTrue(message.contains("--out") && message.contains("--seconds") && message.contains("--warmup"), message);
    }

    @Test
    void unknownBenchmarkExitsTwoListingTheValidOnes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchMain.run(new String[] {"no-such-bench"}, quiet(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("no-such-bench") && message.contains("message-path"), message);
    }

    @Test
    void badValuesExitTwo() {
        for (String[] args : List.of(new String[] {"message-path", "--seconds", "abc"}, new String[] {"message-path", "--seconds"},
                new String[] {"message-path", "--warmup", "-1"}, new String[] {"message-path", "--trials", "1.5"}, new String[0])) {
            assertEquals(2, BenchMain.run(args, quiet(), quiet()), String.join(" ", args));
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** The objects inside the "cases" array; they hold only scalars and arrays of scalars. */
    private static List<String> caseObjects(String json) {
        int start = json.indexOf('[', json.indexOf("\"cases\""));
        List<String> out = new ArrayList<>();
        int depth = 0;
        int open = -1;
        for (int i = start + 1; i < json.length(); i++) {
            char ch = json.charAt(i);
            if (ch == '{') {
                if (depth++ == 0) {
                    open = i;
                }
            } else if (ch == '}') {
                if (--depth == 0) {
                    out.add(json.substring(open, i + 1));
                }
            } else if (ch == ']' && depth == 0) {
                break;
            }
        }
        return out;
    }

    private static double number(String object, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(-?\\d+(?:\\.\\d+)?)").matcher(object);
        assertTrue(m.find(), field + " is a number in " + object);
        return Double.parseDouble(m.group(1));
    }
}
