package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code ./okernel bench storage} with an 8 MiB file boots the kernel on a fresh image,
 * has STOR format and mount it, writes the file through the file library and reads it back; every
 * figure of summary.json is positive and the file read back with the CRC-32 it was written with.
 * Nothing here judges the figures: machines are noisy.
 */
class StorageBenchIT {

    private static final Duration RUN = Duration.ofMinutes(3);
    private static final List<String> FIGURES = List.of("write_mb_s", "cold_seq_seconds", "cold_seq_mb_s",
            "raw_cold_seq_seconds", "raw_cold_seq_mb_s", "os_cached_seq_mb_s", "raw_os_cached_seq_mb_s", "warm_seq_seconds",
            "warm_seq_mb_s", "cold_random_ops_s", "raw_cold_random_ops_s", "os_cached_random_ops_s",
            "raw_os_cached_random_ops_s", "warm_random_ops_s", "ratio_cold_seq_raw", "ratio_os_cached_seq_raw",
            "ratio_warm_seq_raw", "ratio_cold_random_raw", "ratio_os_cached_random_raw", "ratio_warm_random_raw");

    @TempDir
    Path temp;

    @Test
    void aSmallRunWritesEveryFigureAndReadsTheFileBackEqual() throws Exception {
        Path out = temp.resolve("results");
        try (LauncherProcess p = LauncherProcess.start("bench", "storage", "--out", out.toString(), "--size-mb", "8")) {
            assertTrue(p.awaitExit(RUN), "bench storage did not finish: " + p.transcript());
            assertEquals(0, p.exitValue(), p.transcript());
            assertTrue(p.stdout().contains("cold sequential") && p.stdout().contains("read back equal: true"), p.stdout());
        }
        String summary = Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8);
        assertEquals(8L << 20, (long) figure(summary, "file_bytes"), summary);
        for (String name : FIGURES) {
            assertTrue(figure(summary, name) > 0, name + " is not positive in " + summary);
        }
        assertTrue(summary.contains("\"verified\": true"), summary);
        // what the cold passes read from is named, and each pass says what it is
        assertTrue(summary.contains("\"cold_source\": \"disk\"") || summary.contains("\"cold_source\": \"os-cached\""), summary);
        for (String pass : List.of("cold_seq", "raw_cold_seq", "os_cached_seq", "warm_seq", "cold_random", "warm_random")) {
            assertTrue(summary.contains("\"" + pass + "\": \""), pass + " is not described in " + summary);
        }
    }

    private static double figure(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\": ([-0-9.eE+]+)").matcher(json);
        assertTrue(m.find(), name + " missing from " + json);
        return Double.parseDouble(m.group(1));
    }
}
