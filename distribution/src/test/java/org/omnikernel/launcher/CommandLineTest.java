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
        assertEquals(new Command.Run(null, null, ConsoleAddress.DEFAULT), CommandLine.parse("run"));
    }

    @Test
    void runOptionsTakeASeparateOrAnInlineValue() throws UsageException {
        assertEquals(new Command.Run(Path.of("grid.xml"), 4, ConsoleAddress.DEFAULT), CommandLine.parse("run", "--config", "grid.xml", "--cores", "4"));
        assertEquals(new Command.Run(Path.of("grid.xml"), 4, ConsoleAddress.DEFAULT), CommandLine.parse("run", "--cores=4", "--config=grid.xml"));
    }

    @Test
    void theConsoleListensOnLoopbackPort8470UnlessTold() throws UsageException {
        assertEquals(new ConsoleAddress("127.0.0.1", 8470), ((Command.Run) CommandLine.parse("run")).console());
        assertEquals(new ConsoleAddress("127.0.0.1", 9000),
                ((Command.Run) CommandLine.parse("run", "--console-port", "9000")).console());
        assertEquals(new ConsoleAddress("0.0.0.0", 9000),
                ((Command.Run) CommandLine.parse("run", "--console-port=9000", "--console-host", "0.0.0.0")).console());
    }

    @Test
    void aConsolePortOutsideTcpsRangeIsRefused() {
        for (String bad : new String[] {"0", "65536", "http", "-1"}) {
            UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse("run", "--console-port=" + bad));
            assertTrue(e.getMessage().contains("not a TCP port"), e.getMessage());
        }
    }

    @Test
    void passwordTakesAnOptionalUserName() throws UsageException {
        assertEquals(new Command.Password("admin"), CommandLine.parse("password"));
        assertEquals(new Command.Password("ops"), CommandLine.parse("password", "--user", "ops"));
        assertThrows(UsageException.class, () -> CommandLine.parse("password", "--user", "a b"));
        assertThrows(UsageException.class, () -> CommandLine.parse("password", "secret"));
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
    void benchPassesARateThroughAndStorageRefusesIt() throws UsageException {
        assertEquals(new Command.Bench("hot-swap", null, "0"), CommandLine.parse("bench", "hot-swap", "--rate", "0"));
        assertEquals(java.util.List.of("/usr/bin/java", "-cp", "/lib/*", BenchLauncher.BENCH_MAIN, "hot-swap", "--rate", "150000"),
                BenchLauncher.command("/usr/bin/java", Path.of("/lib"), new Command.Bench("hot-swap", null, "150000")));
        UsageException storage = assertThrows(UsageException.class, () -> CommandLine.parse("bench", "storage", "--rate", "5"));
        assertTrue(storage.getMessage().contains("--rate is an option of bench hot-swap only"), storage.getMessage());
    }

    @Test
    void benchStorageBootsTheKernelAndTakesAHiddenFileSize() throws UsageException {
        assertEquals(new Command.StorageBench(null, 256L << 20), CommandLine.parse("bench", "storage"));
        assertEquals(new Command.StorageBench(Path.of("o"), 8L << 20),
                CommandLine.parse("bench", "storage", "--out", "o", "--size-mb", "8"));
        UsageException other = assertThrows(UsageException.class,
                () -> CommandLine.parse("bench", "message-path", "--size-mb", "8"));
        assertTrue(other.getMessage().contains("--size-mb is an option of bench storage only"), other.getMessage());
        UsageException zero = assertThrows(UsageException.class,
                () -> CommandLine.parse("bench", "storage", "--size-mb", "0"));
        assertTrue(zero.getMessage().contains("--size-mb '0' is not a file size"), zero.getMessage());
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
    void e4TakesItsFileSetAndOtherExperimentsRefuseIt() throws UsageException {
        assertEquals(new Command.Experiment("e4", 30, null, null, null, 32, 2048),
                CommandLine.parse("experiment", "e4", "--files", "32", "--file-kib", "2048"));
        assertTrue(assertThrows(UsageException.class, () -> CommandLine.parse("experiment", "e2", "--files", "4"))
                .getMessage().contains("options of e4 only"));
        assertTrue(assertThrows(UsageException.class, () -> CommandLine.parse("experiment", "e4", "--files", "0"))
                .getMessage().contains("--files '0'"));
        assertTrue(assertThrows(UsageException.class, () -> CommandLine.parse("experiment", "e4", "--file-kib", "x"))
                .getMessage().contains("--file-kib 'x'"));
    }

    @Test
    void experimentHelpPrintsHelp() throws UsageException {
        assertEquals(new Command.Help(), CommandLine.parse("experiment", "--help"));
    }

    @Test
    void fsTakesTheImageAnOperationAndItsOperandsSourceFirst() throws UsageException {
        assertEquals(new Command.Fs(Path.of("d.img"), null, false, FsOperation.GET, java.util.List.of("/a/b", "b.txt")),
                CommandLine.parse("fs", "--image", "d.img", "get", "/a/b", "b.txt"));
        assertEquals(new Command.Fs(Path.of("d.img"), "d.p1", true, FsOperation.LS, java.util.List.of()),
                CommandLine.parse("fs", "ls", "--read-only", "--image=d.img", "--volume", "d.p1"));
        assertEquals(new Command.Fs(Path.of("d.img"), null, false, FsOperation.MV, java.util.List.of("/old", "/new")),
                CommandLine.parse("fs", "--image", "d.img", "mv", "/old", "/new"));
        assertEquals(new Command.Fs(Path.of("d.img"), null, false, FsOperation.MKDIR, java.util.List.of("/d"), false),
                CommandLine.parse("fs", "--image", "d.img", "--no-sync", "mkdir", "/d"));
    }

    @Test
    void fsRefusesWhatItCannotDoNamingIt() {
        assertTrue(assertThrows(UsageException.class, () -> CommandLine.parse("fs", "ls"))
                .getMessage().contains("--image"));
        assertTrue(assertThrows(UsageException.class, () -> CommandLine.parse("fs", "--image", "d.img"))
                .getMessage().contains("needs an operation"));
        assertTrue(assertThrows(UsageException.class, () -> CommandLine.parse("fs", "--image", "d.img", "cp", "/a", "/b"))
                .getMessage().contains("unknown fs operation 'cp'"));
        assertTrue(assertThrows(UsageException.class, () -> CommandLine.parse("fs", "--image", "d.img", "get", "/a"))
                .getMessage().contains("takes 2 operands"));
        assertTrue(assertThrows(UsageException.class, () -> CommandLine.parse("fs", "--image", "d.img", "put", "/a", "b"))
                .getMessage().contains("'b' must be a path in the image"));
        assertTrue(assertThrows(UsageException.class, () -> CommandLine.parse("fs", "--image", "d.img", "--read-only", "rm", "/a"))
                .getMessage().contains("changes the image"));
        assertTrue(assertThrows(UsageException.class, () -> CommandLine.parse("fs", "--image", "a", "--image", "b", "ls"))
                .getMessage().contains("given twice"));
    }
}
