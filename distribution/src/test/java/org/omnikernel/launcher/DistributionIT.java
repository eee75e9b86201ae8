package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The assembled distribution: what is on the launcher's class path, which bundles ship, and that it starts. */
class DistributionIT {

    private static final Set<String> BUNDLES = Set.of(
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.fileinstall",
            "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.shell", "org.apache.felix.gogo.command",
            "org.osgi.service.component", "org.osgi.util.promise", "org.osgi.util.function",
            "org.omnikernel.hal", "org.omnikernel.okrt", "org.omnikernel.scheduler.roundrobin",
            "org.omnikernel.scheduler.wfq", "org.omnikernel.scheduler.priority", "org.omnikernel.scheduler.rate",
            "org.omnikernel.scheduler.mclock", "org.omnikernel.scheduler.sfq", "org.omnikernel.experiments",
            "org.omnikernel.syscall", "org.omnikernel.storage.api", "org.omnikernel.fileio", "org.omnikernel.fstool", "org.omnikernel.resource.thread", "org.omnikernel.resource.mqueue",
            "org.omnikernel.resource.process", "org.omnikernel.resource.filecache", "org.omnikernel.programs",
            "org.omnikernel.resource.blockdev", "org.omnikernel.resource.scsi", "org.omnikernel.resource.sdrwr",
            "org.omnikernel.resource.stor", "org.omnikernel.resource.iostream", "org.omnikernel.resource.aio",
            "org.omnikernel.driver.filedisk", "org.omnikernel.driver.scsi", "org.omnikernel.resource.ext2",
            // the HTTP API, the web console and what Felix HTTP on Jetty 12 needs
            "org.omnikernel.http", "org.omnikernel.console", "org.apache.felix.http.jetty12", "org.apache.felix.http.servlet-api",
            "com.fasterxml.jackson.core.jackson-databind", "com.fasterxml.jackson.core.jackson-core",
            "com.fasterxml.jackson.core.jackson-annotations", "slf4j.api", "slf4j.simple",
            "org.apache.aries.spifly.dynamic.bundle", "org.objectweb.asm", "org.objectweb.asm.commons",
            "org.objectweb.asm.tree", "org.objectweb.asm.util", "org.objectweb.asm.tree.analysis",
            "org.apache.commons.commons-fileupload", "org.apache.commons.commons-io");

    @Test
    void classPathHoldsOnlyTheLauncherAndFelix() throws IOException {
        try (Stream<Path> lib = Files.list(LauncherProcess.home().resolve("lib"))) {
            Set<String> jars = lib.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(2, jars.size(), jars.toString());
            assertTrue(jars.contains("okernel-launcher.jar"), jars.toString());
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("org.apache.felix.framework-")), jars.toString());
        }
    }

    @Test
    void everyShippedJarIsABundleAndEveryBundleShips() throws IOException {
        Set<String> shipped = new TreeSet<>();
        try (Stream<Path> bundles = Files.list(LauncherProcess.home().resolve("bundle"))) {
            for (Path jar : (Iterable<Path>) bundles::iterator) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    Attributes main = file.getManifest().getMainAttributes();
                    assertEquals("2", main.getValue("Bundle-ManifestVersion"), jar + " is not an OSGi R4+ bundle");
                    String symbolicName = main.getValue("Bundle-SymbolicName");
                    assertNotNull(symbolicName, jar + " has no Bundle-SymbolicName");
                    shipped.add(symbolicName.split(";")[0].trim());
                }
            }
        }
        assertEquals(new TreeSet<>(BUNDLES), shipped);
    }

    @Test
    void defaultGridShips() {
        assertTrue(Files.isRegularFile(LauncherProcess.home().resolve("conf/schedulerconfig.xml")));
    }

    @Test
    void everyExperimentsGridShips() {
        for (String name : Experiments.NAMES) {
            assertTrue(Files.isRegularFile(new OkernelHome(LauncherProcess.home()).experimentGrid(name)), name);
        }
    }

    @Test
    void assembledLauncherPrintsHelp() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start("help")) {
            assertTrue(launcher.awaitExit(Duration.ofSeconds(30)), launcher.transcript());
            assertEquals(ExitCode.OK, launcher.exitValue(), launcher.transcript());
            assertTrue(launcher.stdout().startsWith("Usage: ./okernel"), launcher.transcript());
        }
    }

    @Test
    void assembledLauncherRefusesAMissingConfigBeforeStartingFelix() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start("run", "--config", "/nonexistent/grid.xml")) {
            assertTrue(launcher.awaitExit(Duration.ofSeconds(30)), launcher.transcript());
            assertEquals(ExitCode.USAGE, launcher.exitValue(), launcher.transcript());
            assertTrue(launcher.stderr().contains("/nonexistent/grid.xml"), launcher.transcript());
        }
    }
}
