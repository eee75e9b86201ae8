package org.omnikernel.launcher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code ./okernel password [--user NAME]}: asks for a new console password (twice, without echo,
 * at a terminal; one line from standard input otherwise, for scripts) and replaces the credentials
 * file. A running kernel uses the new password at its next login check; sessions already open stay
 * open until they end.
 */
final class PasswordCommand {

    private final PrintStream out;
    private final PrintStream err;

    PasswordCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * @param command the command
     * @param file    the credentials file
     * @param console the terminal, or null
     * @param stdin   standard input, read when there is no terminal
     * @return an {@link ExitCode}
     */
    int run(Command.Password command, Path file, Console console, BufferedReader stdin) throws IOException {
        char[] password;
        if (console != null) {
            password = console.readPassword("New password for %s (at least %d characters): ", command.user(),
                    ConsoleCredentials.MIN_PASSWORD_LENGTH);
            char[] again = console.readPassword("Again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                err.println("okernel: the two passwords differ; nothing changed");
                return ExitCode.USAGE;
            }
            Arrays.fill(again, '\0');
        } else {
            String line = stdin.readLine();
            password = line == null ? null : line.toCharArray();
        }
        if (password == null || password.length < ConsoleCredentials.MIN_PASSWORD_LENGTH) {
            err.println("okernel: the password needs at least " + ConsoleCredentials.MIN_PASSWORD_LENGTH
                    + " characters; nothing changed");
            return ExitCode.USAGE;
        }
        new ConsoleCredentials().write(file, command.user(), password);
        Arrays.fill(password, '\0');
        out.println("okernel: the console login is now user " + command.user() + " with the new password (" + file
                + " keeps only a salted hash)");
        return ExitCode.OK;
    }
}
