package org.omnikernel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short thread-switch run: both sides switch, and the summary names both and their ratio. No timing is asserted. */
class ThreadSwitchBenchmarkTest {

    @Test
    void bothSidesRunAndTheSummaryHasTheirCostsAndRatio(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = BenchMain.run(new String[] {ThreadSwitchBenchmark.NAME, "--seconds", "0.2", "--warmup", "0.1",
            "--trials", "1", "--out", dir.toString()}, new PrintStream(printed, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code, printed.toString(StandardCharsets.UTF_8));
        String json = Files.readString(dir.resolve("summary.json"));
        for (String f : new String[] {"tr_switch_ns", "raw_handoff_ns", "ratio"}) {
            assertTrue(json.matches("(?s).*\"" + f + "\": [0-9]+(\\.[0-9]+)?.*"), f + " in " + json);
        }
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("ratio TR switch / raw hand-off"));
        assertTrue(BenchMain.usage().contains(ThreadSwitchBenchmark.NAME));
    }
}
