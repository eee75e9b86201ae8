package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code experiment} hands the kernel: the properties that start it and stop the framework after. */
class ExperimentSessionTest {

    @Test
    void theExperimentIsStartedWithItsSecondsAnAbsoluteOutputAndTheExitFlag() {
        Command.Experiment e1 = new Command.Experiment("e1", 60, Path.of("results/../e1"), null, null);
        Path out = ExperimentLauncher.outputDirectory(e1);
        assertEquals(Path.of("e1").toAbsolutePath(), out);

        ExperimentSession session = new ExperimentSession(e1, out);
        assertEquals(Map.of("omnikernel.experiment", "e1", "omnikernel.experiment.seconds", "60",
                "omnikernel.experiment.out", out.toString(), "omnikernel.experiment.exit", "true"),
                session.frameworkProperties());
        assertFalse(session.opensShell(), "an experiment runs without the Gogo shell");
        assertEquals(Duration.ofSeconds(60).plus(ExperimentSession.SLACK), session.timeLimit());
        assertTrue(session.runningLine().contains("e1"), session.runningLine());
        assertTrue(session.outcome().isEmpty(), "no report before the kernel ran");
    }

    @Test
    void aModeIsPassedToTheExperimentOnlyWhenGiven() {
        Command.Experiment e1 = new Command.Experiment("e1", 5, null, null, "synthetic");
        assertEquals("synthetic", new ExperimentSession(e1, Path.of("/tmp/e1")).frameworkProperties()
                .get("omnikernel.experiment.mode"));
    }

    @Test
    void theDefaultOutputIsExperimentsOutUnderTheWorkingDirectory() {
        assertEquals(Path.of("experiments-out", "e1").toAbsolutePath(),
                ExperimentLauncher.outputDirectory(new Command.Experiment("e1", 30, null, 2, null)));
    }

    @Test
    void theShellSessionAddsNothingAndHasNoTimeLimit() {
        assertEquals(Map.of(), KernelSession.SHELL.frameworkProperties());
        assertTrue(KernelSession.SHELL.opensShell());
        assertEquals(null, KernelSession.SHELL.timeLimit());
    }
}
