package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How arguments become commands, the options' two spellings included. */
class CommandLineTest {

    @Test
    void runWithoutOptionsUsesTheDefaults() throws UsageException {
        assertEquals(new Command.Run(null, null), CommandLine.parse("run"));
    }

    @Test
    void runOptionsTakeASeparateOrAnInlineValue() throws UsageException {
        assertEquals(new Command.Run(Path.of("grid.xml"), 4), CommandLine.parse("run", "--config", "grid.xml", "--cores", "4"));
        assertEquals(new Command.Run(Path.of("grid.xml"), 4), CommandLine.parse("run", "--cores=4", "--config=grid.xml"));
    }

    @Test
    void anOptionGivenTwiceIsRefused() {
        UsageException e = assertThrows(UsageException.class,
                () -> CommandLine.parse("run", "--cores", "2", "--cores", "3"));
        assertTrue(e.getMessage().contains("--cores given twice"), e.getMessage());
    }

    @Test
    void anOptionDoesNotSwallowTheNextOptionAsItsValue() {
        UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse("run", "--config", "--cores", "2"));
        assertTrue(e.getMessage().contains("--config needs a value"), e.getMessage());
    }

    @Test
    void benchTakesItsNameAndOutputDirectoryInEitherOrder() throws UsageException {
        assertEquals(new Command.Bench("fairness", Path.of("out")), CommandLine.parse("bench", "fairness", "--out", "out"));
        assertEquals(new Command.Bench("fairness", Path.of("out")), CommandLine.parse("bench", "--out=out", "fairness"));
        assertEquals(new Command.Bench("fairness", null), CommandLine.parse("bench", "fairness"));
    }

    @Test
    void benchChildRunsTheSameJavaOnTheBenchClassPath() {
        Path lib = Path.of("/opt/okernel/lib/bench");
        assertEquals(java.util.List.of("/usr/bin/java", "-cp", "/opt/okernel/lib/bench/*", BenchLauncher.BENCH_MAIN,
                        "fairness", "--out", "/tmp/results"),
                BenchLauncher.command("/usr/bin/java", lib, new Command.Bench("fairness", Path.of("/tmp/results"))));
    }

    @Test
    void versionAndHelpHaveTheirUsualSpellings() throws UsageException {
        assertEquals(new Command.Version(), CommandLine.parse("--version"));
        assertEquals(new Command.Help(), CommandLine.parse("-h"));
        assertEquals(new Command.Help(), CommandLine.parse());
    }

    @Test
    void experimentTakesItsNameAndOptionsInAnyOrderWithThirtySecondsByDefault() throws UsageException {
        assertEquals(new Command.Experiment("e1", 30, null, null, null), CommandLine.parse("experiment", "e1"));
        assertEquals(new Command.Experiment("e1", 60, Path.of("/tmp/e1"), 2, "synthetic"), CommandLine.parse("experiment",
                "--seconds", "60", "e1", "--out=/tmp/e1", "--cores", "2", "--mode", "synthetic"));
    }

    @Test
    void experimentHelpPrintsHelp() throws UsageException {
        assertEquals(new Command.Help(), CommandLine.parse("experiment", "--help"));
    }
}
