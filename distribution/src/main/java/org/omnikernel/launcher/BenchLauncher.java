package org.omnikernel.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code bench <name>}: benchmarks run in a plain JVM, not in OSGi, on the class path
 * {@code <home>/lib/bench/*}. The launcher starts that JVM as a child with the same {@code java}
 * executable, hands it the terminal, and returns its exit code.
 */
final class BenchLauncher {

    /** The benchmarks' entry point, in {@code lib/bench/}. */
    static final String BENCH_MAIN = "org.omnikernel.bench.BenchMain";

    private final OkernelHome home;
    private final PrintStream err;

    /**
     * @param home the distribution
     * @param err  where errors go
     */
    BenchLauncher(OkernelHome home, PrintStream err) {
        this.home = home;
        this.err = err;
    }

    /**
     * @param bench the benchmark to run
     * @return the benchmark's exit code, or {@link ExitCode#USAGE} when the build has no benchmarks
     * @throws IOException          if the child JVM cannot be started
     * @throws InterruptedException if interrupted while waiting for it
     */
    int run(Command.Bench bench) throws IOException, InterruptedException {
        if (!Files.isDirectory(home.benchLib())) {
            err.println("okernel: benchmarks are not part of this build (no " + home.benchLib() + ")");
            return ExitCode.USAGE;
        }
        Process child = new ProcessBuilder(command(javaExecutable(), home.benchLib(), bench)).inheritIO().start();
        // Ctrl-C reaches the child through the terminal; SIGTERM to the launcher alone must not orphan it.
        Thread reaper = new Thread(child::destroy, "okernel-bench-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return child.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and the reaper runs
            }
        }
    }

    /**
     * @param java     the java executable
     * @param benchLib the benchmarks' class path directory
     * @param bench    the benchmark
     * @return the child's command line
     */
    static List<String> command(String java, Path benchLib, Command.Bench bench) {
        List<String> command = new ArrayList<>(List.of(java, "-cp", benchLib.resolve("*").toString(), BENCH_MAIN,
                bench.name()));
        if (bench.out() != null) {
            command.add("--out");
            command.add(bench.out().toAbsolutePath().normalize().toString());
        }
        if (bench.rate() != null) {
            command.add("--rate");
            command.add(bench.rate());
        }
        return command;
    }

    /** @return the executable of this JVM, so the benchmark runs on the same Java */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
