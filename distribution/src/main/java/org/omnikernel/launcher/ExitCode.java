package org.omnikernel.launcher;

/**
 * The launcher's exit codes. Each failure has its own code so that scripts, CI and tests can tell
 * "you typed it wrong" from "the kernel refused its configuration" without parsing messages.
 */
final class ExitCode {

    /** The kernel ran and stopped normally, or a non-running command succeeded. */
    static final int OK = 0;
    /** A bundle failed to install, resolve or start, or the framework itself failed. */
    static final int FAILURE = 1;
    /** Bad command line: unknown command or option, unreadable config file, missing part of the build. */
    static final int USAGE = 2;
    /** OKRT booted and rejected the scheduler configuration; the kernel was stopped. */
    static final int CONFIGURATION_ERROR = 3;
    /** OKRT never reported how boot went; the kernel was stopped. */
    static final int NO_BOOT_REPORT = 4;
    /** An experiment ran and reported that it failed (it could not measure, or not write its files). */
    static final int EXPERIMENT_FAILED = 5;
    /** {@code fs}: the operation failed (a missing file, a full file system, an image that does not mount). */
    static final int FS_FAILED = 6;

    private ExitCode() {
    }
}
