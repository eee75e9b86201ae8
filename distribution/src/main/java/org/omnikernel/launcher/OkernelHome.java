package org.omnikernel.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * The assembled distribution the launcher belongs to:
 *
 * <pre>
 *   home/
 *     lib/        the launcher jar and the Felix framework (the launcher's class path)
 *     lib/bench/  benchmarks, when the build includes them (a plain class path, no OSGi)
 *     bundle/     every bundle to install and start
 *     conf/       schedulerconfig.xml, the default grid
 *     conf/config/       *.cfg configurations (devices, mounts) read by Felix File Install on a run
 *     conf/experiments/  one grid per experiment, such as e1.xml
 *     var/        what runs keep: Config Admin's store, the default disk image
 * </pre>
 *
 * @param dir the home directory
 */
record OkernelHome(Path dir) {

    /** System property that overrides where the distribution is (used by tests). */
    static final String PROPERTY = "okernel.home";

    /**
     * Finds the home: the {@value #PROPERTY} system property if set, else the directory above the
     * {@code lib/} directory that holds the launcher jar.
     *
     * @return the home
     * @throws IllegalStateException when the launcher does not run from a jar in an assembled
     *                               distribution and no {@value #PROPERTY} is set
     */
    static OkernelHome locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return new OkernelHome(Path.of(configured).toAbsolutePath().normalize());
        }
        Path launcher = launcherLocation();
        Path lib = launcher.getParent();
        if (Files.isRegularFile(launcher) && lib != null && lib.getFileName() != null
                && lib.getFileName().toString().equals("lib") && lib.getParent() != null) {
            return new OkernelHome(lib.getParent());
        }
        throw new IllegalStateException("cannot tell where the distribution is: the launcher runs from "
                + launcher + ", not from <home>/lib/; build it with mvn install, or set -D" + PROPERTY);
    }

    private static Path launcherLocation() {
        CodeSource source = Main.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where the launcher was loaded from; set -D" + PROPERTY);
        }
        try {
            return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read the launcher's location " + source.getLocation(), e);
        }
    }

    /** @return the directory of the launcher's class path */
    Path lib() {
        return dir.resolve("lib");
    }

    /** @return the benchmarks' class path directory; absent when the build has no benchmarks */
    Path benchLib() {
        return lib().resolve("bench");
    }

    /** @return the directory of bundles to install */
    Path bundles() {
        return dir.resolve("bundle");
    }

    /** @return the default scheduler configuration */
    Path defaultConfig() {
        return dir.resolve("conf").resolve("schedulerconfig.xml");
    }

    /**
     * @return the configurations a run declares in files ({@code conf/config/*.cfg}): the default
     *         disk and its mount, and whatever the operator adds
     */
    Path configFiles() {
        return dir.resolve("conf").resolve("config");
    }

    /** @return where runs keep state ({@code var}); {@code ${omnikernel.var}} in a .cfg file */
    Path var() {
        return dir.resolve("var");
    }

    /**
     * @return where Config Admin keeps configurations between runs, the grid's live edits among them
     *         ({@code var/configadmin})
     */
    Path configAdminStore() {
        return var().resolve("configadmin");
    }

    /**
     * @param experiment an experiment's name
     * @return the grid it boots with
     */
    Path experimentGrid(String experiment) {
        return dir.resolve("conf").resolve("experiments").resolve(experiment + ".xml");
    }
}
