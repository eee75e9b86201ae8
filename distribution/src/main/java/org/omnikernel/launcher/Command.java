package org.omnikernel.launcher;

import java.nio.file.Path;

/** What the user asked the launcher to do, as parsed by {@link CommandLine}. */
sealed interface Command {

    /**
     * {@code run}: boot the kernel.
     *
     * @param config  the scheduler grid to boot with, or null for the distribution's default
     * @param cores   how many cores the kernel runs on, or null for every available processor
     * @param console where the console and HTTP API listen
     */
    record Run(Path config, Integer cores, ConsoleAddress console) implements Command {
    }

    /**
     * {@code password}: set the console login's password (and user), replacing the old one.
     *
     * @param user the user name
     */
    record Password(String user) implements Command {
    }

    /**
     * {@code bench}: run one benchmark in a plain JVM.
     *
     * @param name the benchmark's name, passed to the benchmark main class as is
     * @param out  where the benchmark writes its results, or null for its own default
     * @param rate {@code --rate} as given (messages per second the load offers, {@code hot-swap} only;
     *             the benchmark checks it), or null for the benchmark's default
     */
    record Bench(String name, Path out, String rate) implements Command {

        /** A run with the benchmark's default load. */
        Bench(String name, Path out) {
            this(name, out, null);
        }
    }

    /**
     * {@code bench storage}: boot the kernel on a fresh image file and measure the storage stack
     * against a raw read of that image in the same JVM; unlike the other benchmarks it needs the
     * kernel, so it is not run in a plain JVM.
     *
     * @param out       where summary.json goes, or null for {@code bench-out/storage}
     * @param fileBytes the size of the file written and read (hidden option {@code --size-mb}, for tests)
     */
    record StorageBench(Path out, long fileBytes) implements Command {
    }

    /**
     * {@code experiment}: boot the kernel with an experiment's grid, run the experiment, report it.
     *
     * @param name    the experiment, one of {@link Experiments#NAMES}
     * @param seconds how many one-second samples to take
     * @param out     where the experiment writes its files, or null for {@code experiments-out/<name>}
     * @param cores   how many cores the kernel runs on, or null for every available processor
     * @param mode    the experiment's mode (E1: {@code processes} or {@code synthetic}), or null for its default
     * @param files   E4: files per process, or null for its default
     * @param fileKib E4: KiB per file, or null for its default
     */
    record Experiment(String name, int seconds, Path out, Integer cores, String mode, Integer files, Integer fileKib)
            implements Command {

        /** An experiment with its default file set. */
        Experiment(String name, int seconds, Path out, Integer cores, String mode) {
            this(name, seconds, out, cores, mode, null, null);
        }
    }

    /**
     * {@code fs}: boot the storage stack on an image file and perform one file operation on it through
     * the system calls.
     *
     * @param image    the image file
     * @param volume   the volume to mount (the whole image, or a partition such as {@code img.p1}), or
     *                 null for the whole image
     * @param readOnly mount read-only (and open the image read-only)
     * @param op       the operation, one of {@link FsOperation}
     * @param operands its operands, source first: image paths start with {@code /}
     * @param sync     whether the program syncs its changes before it ends ({@code --no-sync}: it does
     *                 not, and the kernel writes them back as it stops)
     */
    record Fs(Path image, String volume, boolean readOnly, FsOperation op, java.util.List<String> operands, boolean sync)
            implements Command {

        /** An operation that syncs its changes, as the tool does by default. */
        Fs(Path image, String volume, boolean readOnly, FsOperation op, java.util.List<String> operands) {
            this(image, volume, readOnly, op, operands, true);
        }
    }

    /** {@code help}: print the list of commands and options. */
    record Help() implements Command {
    }

    /** {@code version}: print the launcher's and Felix's versions. */
    record Version() implements Command {
    }
}
