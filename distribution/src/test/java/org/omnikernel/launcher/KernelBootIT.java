package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the assembled distribution boots real Felix with the real bundles in a child JVM,
 * exactly as {@code ./okernel run} does. Needs OKRT's KernelStatus boot report.
 */
class KernelBootIT {

    @TempDir
    Path temp;

    @Test
    void badSchedulerNameStopsTheKernelWithAConfigurationError() throws Exception {
        Path config = temp.resolve("bad-grid.xml");
        Files.writeString(config, "<schedulerconfig><cpuscheduler scheduler=\"nosuch\" core=\"0-?\"/></schedulerconfig>\n");
        try (LauncherProcess launcher = LauncherProcess.start("run", "--config", config.toString())) {
            assertTrue(launcher.awaitExit(Duration.ofSeconds(60)), "still running:\n" + launcher.transcript());
            assertEquals(ExitCode.CONFIGURATION_ERROR, launcher.exitValue(), launcher.transcript());
            assertTrue(launcher.stderr().contains("okernel: configuration error"), launcher.transcript());
            assertTrue(launcher.stderr().contains("nosuch"), launcher.transcript());
            assertTrue(!launcher.stdout().contains("Kernel running"), launcher.transcript());
        }
    }

    @Test
    void defaultGridRunsUntilSigtermThenStops() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start("run")) {
            assertTrue(launcher.awaitStdout("Kernel running", Duration.ofSeconds(60)),
                    "no 'Kernel running' within 60 s:\n" + launcher.transcript());
            launcher.terminate();
            assertTrue(launcher.awaitExit(Duration.ofSeconds(20)), "still running 20 s after SIGTERM:\n"
                    + launcher.transcript());
            assertTrue(launcher.stdout().contains("okernel: stopped"), launcher.transcript());
        }
    }
}
