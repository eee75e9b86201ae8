package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The framework properties a kernel run hands to Felix, and so to OKRT and the HAL. */
class KernelRunnerTest {

    private static final Path STORAGE = Path.of("/tmp/okernel-felix-test");

    @Test
    void configIsPassedAsAnAbsolutePath() {
        Map<String, String> properties = KernelRunner.frameworkProperties(Path.of("conf/../grid.xml"), null, false, STORAGE);
        assertEquals(Path.of("grid.xml").toAbsolutePath().toString(), properties.get("omnikernel.config"));
    }

    @Test
    void coresArePassedOnlyWhenGiven() {
        assertEquals("3", KernelRunner.frameworkProperties(Path.of("g.xml"), 3, false, STORAGE).get("omnikernel.cores"));
        assertFalse(KernelRunner.frameworkProperties(Path.of("g.xml"), null, false, STORAGE).containsKey("omnikernel.cores"));
    }

    @Test
    void gogoIsInteractiveOnlyAtATerminal() {
        assertEquals("--nointeractive",
                KernelRunner.frameworkProperties(Path.of("g.xml"), null, false, STORAGE).get("gosh.args"));
        assertFalse(KernelRunner.frameworkProperties(Path.of("g.xml"), null, true, STORAGE).containsKey("gosh.args"));
    }

    @Test
    void storageIsTheGivenDirectoryAndTheHalSeesComSunManagement() {
        Map<String, String> properties = KernelRunner.frameworkProperties(Path.of("g.xml"), null, false, STORAGE);
        assertEquals(STORAGE.toString(), properties.get("org.osgi.framework.storage"));
        assertEquals("com.sun.management", properties.get("org.osgi.framework.system.packages.extra"));
        assertEquals("1", properties.get("felix.log.level"));
    }
}
