package org.omnikernel.launcher;

/**
 * The command line cannot be carried out as typed. Its message says what is wrong and names the
 * offending word; the launcher prints it and exits with {@link ExitCode#USAGE}.
 */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
