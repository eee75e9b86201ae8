package org.omnikernel.bench;

import java.io.PrintStream;

/**
 * One benchmark of the bench tool, run as {@code BenchMain <name> [options]}.
 */
interface Benchmark {

    /** @return the subcommand that runs it */
    String name();

    /** @return one line for the usage text */
    String description();

    /**
     * Runs the benchmark, prints a readable table and writes its summary under {@code options.out()}.
     *
     * @param options the parsed command line options
     * @param out     where the table goes
     * @param log     where progress goes
     * @throws Exception when the benchmark cannot run; the tool reports it and exits 1
     */
    void run(BenchOptions options, PrintStream out, PrintStream log) throws Exception;
}
