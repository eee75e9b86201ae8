package org.omnikernel.launcher;

/** The text of {@code ./okernel help}: every command, the experiments, then each command's options. */
final class Usage {

    private Usage() {
    }

    /** @return the help text, ending with a newline */
    static String text() {
        return String.join(System.lineSeparator(),
                "Usage: ./okernel <command> [options]",
                "",
                "Commands:",
                "  run [--config FILE] [--cores N] [--console-port N] [--console-host HOST]",
                "                                   boot the kernel on Apache Felix and keep it running",
                "  password [--user NAME]           set the console login (asks for the new password)",
                "  bench <name> [--out DIR]         run one benchmark in a plain JVM (if the build has benchmarks)",
                "  bench storage [--out DIR]        boot the kernel on a fresh image; time the storage stack against",
                "                                   reading the raw image (docs/benchmarks.md)",
                "  experiment <name> [--seconds N] [--out DIR] [--cores N] [--mode M] [--files N] [--file-kib N]",
                "                                   run one of the seed's experiments in the kernel and report it",
                "  fs --image IMG [--volume V] [--read-only] [--no-sync] <op> OPERAND...",
                "                                   one file operation on an ext2 image, through the kernel",
                "  version                          print the Omnikernel and Felix versions",
                "  help                             print this help (also --help, -h)",
                "",
                "Options of run:",
                "  --config FILE  the scheduler grid (schedulerconfig XML); default: conf/schedulerconfig.xml",
                "  --cores N      run the kernel on N cores (1-" + CommandLine.MAX_CORES
                        + "); default: every available processor",
                "  --console-port N     the port of the console, HTTP API and /metrics; default: "
                        + ConsoleAddress.DEFAULT_PORT,
                "  --console-host HOST  the address they listen on; default: " + ConsoleAddress.DEFAULT_HOST
                        + " (this machine only)",
                "",
                "The first run creates the console login (user admin, a random password printed once; only a",
                "salted hash is kept in conf/console-credentials.properties). ./okernel password changes it.",
                "",
                "Options of bench:",
                "  --out DIR      where the benchmark writes its results",
                "  --rate N       hot-swap: messages per second its load offers, 0 for as many as the kernel takes",
                "",
                "Experiments (docs/experiments.md):",
                experimentLines(),
                "Options of experiment:",
                "  --seconds N    take N one-second samples after the warm-up (1-" + Experiments.MAX_SECONDS
                        + "); default: " + Experiments.DEFAULT_SECONDS,
                "  --out DIR      where it writes samples.csv, the plot and summary.json;"
                        + " default: experiments-out/<name>",
                "  --cores N      run the kernel on N cores; default: every available processor",
                "  --mode M       e1: processes (default; three burn processes, one thread per core) or",
                "                 synthetic (CPU-bound resources stand in for the thread resources)",
                "  --files N      e4: files per process; default: " + Experiments.DEFAULT_FILES,
                "  --file-kib N   e4: KiB per file; default: " + Experiments.DEFAULT_FILE_KIB,
                "",
                "Operations of fs (source first, as cp and mv; image paths start with /):",
                "  ls [/DIR]  stat /PATH  cat /FILE  get /FILE LOCAL  put LOCAL /FILE  mkdir /DIR  rm /PATH",
                "  mv /OLD /NEW",
                "  --volume V     the volume to mount: image (the whole image, default) or image.pN (partition N)",
                "  --read-only    mount read-only (ls, stat, cat and get always do)",
                "  --no-sync      do not sync before the program ends: the kernel writes back as it stops",
                "",
                "run prints the bundles and the running grid; started from a terminal it then opens a Gogo",
                "shell (g! prompt). Ctrl-C stops the kernel, and so do 'stop 0' and Ctrl-D in the shell.",
                "",
                "Exit codes: 0 stopped normally (an experiment: done); 1 a bundle failed to start, or the",
                "kernel stopped before an experiment reported; 2 bad command line or config file; 3 OKRT",
                "rejected the configuration; 4 OKRT did not report its boot; 5 the experiment failed; 6 the",
                "fs operation failed (its reason is printed).",
                "");
    }

    /** @return one line per experiment: its name and what it reproduces */
    private static String experimentLines() {
        StringBuilder b = new StringBuilder();
        Experiments.DESCRIPTIONS.forEach((name, what) -> b.append(String.format("  %-14s %s%n", name, what)));
        return b.toString().stripTrailing() + System.lineSeparator();
    }
}
