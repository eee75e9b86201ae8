package org.omnikernel.launcher;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The {@code okernel} command: boots the kernel on Apache Felix, runs benchmarks and experiments,
 * prints help.
 *
 * <pre>
 *   java -cp "&lt;home&gt;/lib/*" org.omnikernel.launcher.Main run [--config FILE] [--cores N] [--console-port N]
 * </pre>
 *
 * The class path holds only this launcher and the Felix framework; bundles come from
 * {@code <home>/bundle/} and are installed into the framework, never loaded from the class path.
 * See {@link Usage} for the commands and {@link ExitCode} for what each exit code means.
 */
public final class Main {

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<OkernelHome> home;

    /**
     * @param out  where normal output goes
     * @param err  where errors go
     * @param home finds the distribution; asked only by commands that need it
     */
    Main(PrintStream out, PrintStream err, Supplier<OkernelHome> home) {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    /**
     * Runs one command and exits with its {@link ExitCode}.
     *
     * @param args the command and its options; see {@code ./okernel help}
     */
    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err, OkernelHome::locate).execute(args));
    }

    /**
     * @param args the command and its options
     * @return the exit code
     */
    int execute(String... args) {
        Command command;
        try {
            command = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println("okernel: " + e.getMessage());
            return ExitCode.USAGE;
        }
        try {
            if (command instanceof Command.Run run) {
                return run(run);
            }
            if (command instanceof Command.Bench bench) {
                return new BenchLauncher(home.get(), err).run(bench);
            }
            if (command instanceof Command.Experiment experiment) {
                return new ExperimentLauncher(home.get(), out, err).run(experiment);
            }
            if (command instanceof Command.Fs fs) {
                return new FsLauncher(home.get(), out, err).run(fs);
            }
            if (command instanceof Command.Password password) {
                return new PasswordCommand(out, err).run(password, ConsoleCredentials.file(home.get()),
                        startedFromTerminal() ? System.console() : null,
                        new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)));
            }
            if (command instanceof Command.Version) {
                out.println(LauncherVersion.load());
                return ExitCode.OK;
            }
            out.print(Usage.text());
            return ExitCode.OK;
        } catch (IllegalStateException | IOException e) {
            err.println("okernel: " + e.getMessage());
            return ExitCode.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("okernel: interrupted");
            return ExitCode.FAILURE;
        }
    }

    private int run(Command.Run run) throws IOException, InterruptedException {
        // An explicit config is checked before anything else, the distribution included.
        if (run.config() != null) {
            String problem = unreadable(run.config());
            if (problem != null) {
                err.println("okernel: " + problem);
                return ExitCode.USAGE;
            }
        }
        OkernelHome distribution = home.get();
        Path config = run.config() != null ? run.config() : distribution.defaultConfig();
        String problem = unreadable(config);
        if (problem != null) {
            err.println("okernel: " + problem);
            return ExitCode.USAGE;
        }
        if (!Files.isDirectory(distribution.bundles())) {
            err.println("okernel: " + distribution.bundles() + " does not exist; build the distribution with mvn install");
            return ExitCode.FAILURE;
        }
        HttpConsole console = HttpConsole.of(distribution, run.console());
        console.prepare(out, err);
        return new KernelRunner(distribution, config, run.cores(), startedFromTerminal(), console, out, err).run();
    }

    /** @return why the config file cannot be used, naming it; or null if it can be read */
    static String unreadable(Path config) {
        Path file = config.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            return "config file " + file + " does not exist";
        }
        if (!Files.isRegularFile(file)) {
            return "config file " + file + " is not a regular file";
        }
        if (!Files.isReadable(file)) {
            return "config file " + file + " is not readable";
        }
        return null;
    }

    /**
     * Whether a person is at a terminal, to give Gogo an interactive console. Before JDK 22 a
     * non-null {@link System#console()} means exactly that; from JDK 22 on, a console may exist with
     * redirected streams and {@code Console.isTerminal()} tells (called reflectively: we build for 17).
     */
    static boolean startedFromTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
