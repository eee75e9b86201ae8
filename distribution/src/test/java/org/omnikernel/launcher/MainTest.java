package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The launcher's commands as a user types them: exit codes and what it says, without booting Felix. */
class MainTest {

    /** Fails the test if a command looks for the distribution when it should not get that far. */
    private static final Supplier<OkernelHome> NO_HOME_EXPECTED = () -> {
        throw new AssertionError("the command went past argument checks");
    };

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(Supplier<OkernelHome> home, String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), home).execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownCommandIsNamedAndPointsAtHelp() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "frobnicate"));
        assertTrue(err().contains("unknown command 'frobnicate'"), err());
        assertTrue(err().contains("./okernel help"), err());
        assertEquals("", out());
    }

    @Test
    void unknownRunOptionIsNamedAndPointsAtHelp() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "run", "--turbo"));
        assertTrue(err().contains("unknown option '--turbo' for run"), err());
        assertTrue(err().contains("./okernel help"), err());
    }

    @Test
    void strayRunArgumentIsNamed() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "run", "fast"));
        assertTrue(err().contains("unexpected argument 'fast' for run"), err());
    }

    @Test
    void optionWithoutValueSaysWhatItNeeds() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "run", "--config"));
        assertTrue(err().contains("--config needs a value: --config FILE"), err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "two", "1025", ""})
    void coresOutsideOneTo1024AreRefusedWithTheValue(String cores) {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "run", "--cores=" + cores));
        assertTrue(err().contains("--cores"), err());
    }

    @Test
    void missingConfigFileIsNamedBeforeAnythingStarts() {
        Path missing = temp.resolve("no-such-grid.xml");
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "run", "--config", missing.toString()));
        assertTrue(err().contains(missing.toAbsolutePath().toString()), err());
        assertTrue(err().contains("does not exist"), err());
    }

    @Test
    void directoryAsConfigIsRefusedByName() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "run", "--config=" + temp));
        assertTrue(err().contains(temp.toAbsolutePath().toString()), err());
        assertTrue(err().contains("not a regular file"), err());
    }

    @Test
    void relativeConfigIsReportedAsAbsolutePath() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "run", "--config", "grids/missing.xml"));
        assertTrue(err().contains(Path.of("grids/missing.xml").toAbsolutePath().toString()), err());
    }

    @Test
    void missingDefaultConfigIsNamed() {
        OkernelHome empty = new OkernelHome(temp);
        assertEquals(ExitCode.USAGE, execute(() -> empty, "run"));
        assertTrue(err().contains(empty.defaultConfig().toString()), err());
    }

    @Test
    void distributionWithoutBundlesIsAFailureNotAUsageError() throws IOException {
        OkernelHome home = new OkernelHome(temp);
        Files.createDirectories(home.defaultConfig().getParent());
        Files.writeString(home.defaultConfig(), "<schedulerconfig/>");
        assertEquals(ExitCode.FAILURE, execute(() -> home, "run"));
        assertTrue(err().contains(home.bundles().toString()), err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void helpListsEveryCommandAndTheOptionsOfRun(String help) {
        assertEquals(ExitCode.OK, execute(NO_HOME_EXPECTED, help));
        for (String word : new String[] {"run", "bench", "experiment", "version", "help", "--config FILE", "--cores N",
                "--out DIR", "--seconds N", "e1", "--console-port N", "--console-host HOST", "password", "8470"}) {
            assertTrue(out().contains(word), "help lacks " + word + ":\n" + out());
        }
        assertEquals("", err());
    }

    @Test
    void noArgumentsPrintsHelp() {
        assertEquals(ExitCode.OK, execute(NO_HOME_EXPECTED));
        assertTrue(out().startsWith("Usage: ./okernel"), out());
    }

    @Test
    void runHelpPrintsHelpInsteadOfBooting() {
        assertEquals(ExitCode.OK, execute(NO_HOME_EXPECTED, "run", "--help"));
        assertTrue(out().contains("Options of run"), out());
    }

    @Test
    void helpWithExtraArgumentsIsRefused() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "help", "me"));
        assertTrue(err().contains("'me'"), err());
    }

    @Test
    void versionNamesOmnikernelAndFelix() {
        assertEquals(ExitCode.OK, execute(NO_HOME_EXPECTED, "version"));
        assertTrue(out().startsWith("Omnikernel "), out());
        assertTrue(out().contains("Apache Felix"), out());
    }

    @Test
    void benchWithoutBenchmarksInTheBuildSaysSo() {
        OkernelHome home = new OkernelHome(temp);
        assertEquals(ExitCode.USAGE, execute(() -> home, "bench", "messagepath"));
        assertTrue(err().contains("benchmarks are not part of this build"), err());
    }

    @Test
    void benchNeedsAName() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "bench", "--out", "results"));
        assertTrue(err().contains("bench needs a benchmark name"), err());
    }

    @Test
    void benchRefusesASecondName() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "bench", "a", "b"));
        assertTrue(err().contains("unexpected argument 'b' for bench"), err());
    }

    @Test
    void launcherOutsideADistributionSaysWhereItRuns() {
        // Under Maven the launcher runs from target/classes, not from <home>/lib/*.jar.
        assertFalse(System.getProperties().containsKey(OkernelHome.PROPERTY));
        assertEquals(ExitCode.FAILURE, execute(OkernelHome::locate, "run"));
        assertTrue(err().contains("cannot tell where the distribution is"), err());
    }

    @Test
    void unknownExperimentIsAUsageErrorNamingTheValidOnes() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "experiment", "e9"));
        assertTrue(err().contains("unknown experiment 'e9'"), err());
        assertTrue(err().contains("valid: e1"), err());
        assertEquals("", out());
    }

    @Test
    void experimentNeedsANameAndListsTheValidOnes() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "experiment", "--seconds", "5"));
        assertTrue(err().contains("experiment needs a name"), err());
        assertTrue(err().contains("e1"), err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "ten", "86401", "1.5", ""})
    void experimentSecondsOutsideOneToADayAreRefusedWithTheValue(String seconds) {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "experiment", "e1", "--seconds=" + seconds));
        assertTrue(err().contains("--seconds"), err());
    }

    @Test
    void experimentRefusesASecondNameAnUnknownOptionAndARepeatedOne() {
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "experiment", "e1", "e1"));
        assertTrue(err().contains("unexpected argument 'e1' for experiment"), err());
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "experiment", "e1", "--config", "grid.xml"));
        assertTrue(err().contains("unknown option '--config' for experiment"), err());
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "experiment", "e1", "--out", "a", "--out", "b"));
        assertTrue(err().contains("--out given twice"), err());
        assertEquals(ExitCode.USAGE, execute(NO_HOME_EXPECTED, "experiment", "e1", "--cores", "0"));
        assertTrue(err().contains("--cores '0'"), err());
    }

    @Test
    void experimentWithoutItsGridInTheDistributionIsAFailureNamingTheFile() {
        OkernelHome home = new OkernelHome(temp);
        assertEquals(ExitCode.FAILURE, execute(() -> home, "experiment", "e1"));
        assertTrue(err().contains(home.experimentGrid("e1").toString()), err());
    }
}
