package org.omnikernel.launcher;

/** The text of {@code ./okernel help}: every command on one line, then the options of {@code run}. */
final class Usage {

    private Usage() {
    }

    /** @return the help text, ending with a newline */
    static String text() {
        return String.join(System.lineSeparator(),
                "Usage: ./okernel <command> [options]",
                "",
                "Commands:",
                "  run [--config FILE] [--cores N]  boot the kernel on Apache Felix and keep it running",
                "  bench <name> [--out DIR]         run one benchmark in a plain JVM (if the build has benchmarks)",
                "  version                          print the Omnikernel and Felix versions",
                "  help                             print this help (also --help, -h)",
                "",
                "Options of run:",
                "  --config FILE  the scheduler grid (schedulerconfig XML); default: conf/schedulerconfig.xml",
                "  --cores N      run the kernel on N cores (1-" + CommandLine.MAX_CORES
                        + "); default: every available processor",
                "",
                "Options of bench:",
                "  --out DIR      where the benchmark writes its results",
                "",
                "run prints the bundles and the running grid; started from a terminal it then opens a Gogo",
                "shell (g! prompt). Ctrl-C stops the kernel, and so do 'stop 0' and Ctrl-D in the shell.",
                "",
                "Exit codes: 0 stopped normally; 1 a bundle failed to start; 2 bad command line or",
                "config file; 3 OKRT rejected the configuration; 4 OKRT did not report its boot.",
                "");
    }
}
