package org.omnikernel.launcher;

import java.time.Duration;
import java.util.Map;
import org.osgi.framework.BundleContext;

/**
 * What a kernel run is for, beyond booting: {@code run} opens the Gogo shell after the banner and
 * runs until someone stops the kernel ({@link #SHELL}); {@code experiment} adds the experiment's
 * framework properties, keeps the shell closed, watches for the experiment's report and waits for
 * the experiment to stop the framework ({@link ExperimentSession}). {@link KernelRunner} asks the
 * session at each of those points.
 */
interface KernelSession {

    /** {@code ./okernel run}: the shell, no extra properties, no time limit. */
    KernelSession SHELL = new KernelSession() {
    };

    /** @return framework properties to add to the kernel's own */
    default Map<String, String> frameworkProperties() {
        return Map.of();
    }

    /**
     * Called once the framework is initialised, before any bundle is installed: the place to start
     * listening for services the session waits for.
     *
     * @param systemContext the system bundle's context
     */
    default void frameworkInitialised(BundleContext systemContext) {
    }

    /**
     * @return the directory of {@code *.cfg} configurations (devices, mounts) this session runs
     *         with, or empty for the launcher's choice: a run's {@code conf/config}, none otherwise
     */
    default java.util.Optional<java.nio.file.Path> configurationFiles() {
        return java.util.Optional.empty();
    }

    /** @return whether the banner (versions, bundles, grid) is printed once the kernel runs */
    default boolean printsBanner() {
        return true;
    }

    /** @return whether the Gogo shell starts after the banner */
    default boolean opensShell() {
        return true;
    }

    /** @return the banner's last line */
    default String runningLine() {
        return "Kernel running. Ctrl-C stops it.";
    }

    /**
     * @return how long the kernel may run after its banner before the launcher stops it and fails,
     *         or null for no limit
     */
    default Duration timeLimit() {
        return null;
    }
}
