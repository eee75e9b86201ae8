package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code experiment e1} in the assembled distribution boots the kernel with its grid,
 * runs the experiment for a few seconds, prints its progress and summary, writes its files and
 * exits 0 once the experiment has stopped the framework. How accurate the shares are is the Pax
 * Exam test's business (E1InFelixIT); here the launcher's contract is checked.
 */
class ExperimentIT {

    @TempDir
    Path temp;

    @Test
    void e1RunsReportsAndExitsZero() throws Exception {
        Path out = temp.resolve("e1");
        try (LauncherProcess launcher = LauncherProcess.start("experiment", "e1", "--seconds", "3", "--out",
                out.toString(), "--cores", "2")) {
            assertTrue(launcher.awaitExit(Duration.ofSeconds(120)), "still running:\n" + launcher.transcript());
            assertEquals(ExitCode.OK, launcher.exitValue(), launcher.transcript());
            String stdout = launcher.stdout();
            assertTrue(stdout.contains("Experiment e1 running"), launcher.transcript());
            assertTrue(stdout.contains("e1:    3 s"), "a progress line per sample:\n" + launcher.transcript());
            assertTrue(stdout.contains("max deviation"), launcher.transcript());
            assertTrue(stdout.contains("okernel: experiment e1 done; files in " + out), launcher.transcript());
            assertTrue(!stdout.contains("g! "), "no shell in an experiment:\n" + launcher.transcript());
            for (String file : List.of("samples.csv", "e1.svg", "summary.json")) {
                assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing:\n" + launcher.transcript());
            }
            assertEquals(1 + 3, Files.readAllLines(out.resolve("samples.csv")).size());
        }
    }
}
