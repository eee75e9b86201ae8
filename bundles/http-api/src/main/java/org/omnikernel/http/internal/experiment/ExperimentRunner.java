package org.omnikernel.http.internal.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Starts the seed's experiments from a running kernel without touching its grid: each runs in a
 * child JVM as {@code okernel experiment NAME}, with the experiment's own grid, and its own kernel,
 * and prints a sample a second, which {@link ExperimentRun} parses. One at a time: two would share
 * the machine's cores and spoil each other's figures.
 *
 * <pre>
 *   kernel JVM (./okernel run)                 child JVM
 *   API ─ start ─▶ java -cp HOME/lib/* Main experiment e1 --seconds N --out HOME/experiments-out/console-…
 *       ◀──────── stdout: "e1:  3 s  a 50.01 % (50.00) …" ─── samples, log tail
 * </pre>
 */
public final class ExperimentRunner {

    /** Framework property set by the launcher: the distribution's directory. */
    public static final String HOME_PROPERTY = "omnikernel.distribution";
    /** Framework property set by the launcher: the experiments it knows, comma-separated. */
    public static final String NAMES_PROPERTY = "omnikernel.experiments";
    /** Runs remembered (the running one and the latest finished ones). */
    static final int KEPT = 5;
    /** The launcher's entry point. */
    static final String LAUNCHER_MAIN = "org.omnikernel.launcher.Main";

    private final Path home;
    private final List<String> names;
    private final Deque<ExperimentRun> runs = new ArrayDeque<>(); // guarded by this
    private long nextId = 1; // guarded by this

    /**
     * @param home  the distribution, or null when the kernel was not started by the launcher
     * @param names the experiments the launcher runs
     */
    public ExperimentRunner(Path home, List<String> names) {
        this.home = home;
        this.names = List.copyOf(names);
    }

    /** @return the experiments that can be started */
    public List<String> names() {
        return names;
    }

    /** @return why experiments cannot run here, or empty when they can */
    public Optional<String> unavailable() {
        if (home == null) {
            return Optional.of("experiments run as a child of the launcher, and this kernel was not started by ./okernel run"
                    + " (no framework property " + HOME_PROPERTY + ")");
        }
        return Optional.empty();
    }

    /**
     * @param name    one of {@link #names()}
     * @param seconds samples
     * @param mode    the mode, or null
     * @param cores   the child kernel's cores, or null
     * @return the run, started
     * @throws IllegalStateException when one is still running, naming it
     * @throws IOException           when the child cannot be started
     */
    public synchronized ExperimentRun start(String name, int seconds, String mode, Integer cores) throws IOException {
        for (ExperimentRun r : runs) {
            if (r.running()) {
                throw new IllegalStateException("experiment run " + r.id() + " is still running; stop it first"
                        + " (one at a time: two would share the cores and spoil each other's figures)");
            }
        }
        long id = nextId++;
        Path out = home.resolve("experiments-out").resolve("console-" + name + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + id);
        Files.createDirectories(out);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", home.resolve("lib").resolve("*").toString(), LAUNCHER_MAIN, "experiment", name,
                "--seconds", Integer.toString(seconds), "--out", out.toString()));
        if (cores != null) {
            command.addAll(List.of("--cores", cores.toString()));
        }
        if (mode != null) {
            command.addAll(List.of("--mode", mode));
        }
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        ExperimentRun run = new ExperimentRun(id, name, seconds, mode, out, process);
        runs.addLast(run);
        while (runs.size() > KEPT) {
            runs.removeFirst();
        }
        return run;
    }

    /** @return the remembered runs, oldest first */
    public synchronized List<ExperimentRun> runs() {
        return List.copyOf(runs);
    }

    /** @return the run with that id, if remembered */
    public synchronized Optional<ExperimentRun> run(long id) {
        return runs.stream().filter(r -> r.id() == id).findFirst();
    }

    /** Ends every child: the kernel that started them is stopping. */
    public synchronized void close() {
        runs.forEach(r -> {
            if (r.running()) {
                r.kill();
            }
        });
    }
}
