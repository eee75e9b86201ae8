package org.omnikernel.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs {@code experiment <name>}: boots the kernel with the experiment's grid
 * ({@code conf/experiments/<name>.xml}) and the framework properties that start it, lets the
 * experiments bundle print its progress, waits for it to report and stop the framework, then prints
 * the summary and where the files are.
 *
 * <pre>
 *   grid readable? ─ no ─▶ exit 1 (a broken distribution)
 *   E2, E4: a fresh image and its *.cfg files in a temporary directory, deleted afterwards
 *   KernelRunner (no shell) ─▶ boot failed ─▶ its exit code (1, 3, 4)
 *        └▶ stopped ─┬─ no report ─▶ exit 1
 *                    ├─ failed    ─▶ print the error ─▶ exit 5
 *                    └─ done      ─▶ print the summary and the files ─▶ exit 0
 * </pre>
 */
final class ExperimentLauncher {

    private final OkernelHome home;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param home the distribution
     * @param out  where the summary goes
     * @param err  where errors go
     */
    ExperimentLauncher(OkernelHome home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /**
     * @param experiment the experiment to run, its name already checked
     * @return an {@link ExitCode}
     * @throws IOException          if the framework's storage cannot be created
     * @throws InterruptedException if interrupted while waiting for the kernel
     */
    int run(Command.Experiment experiment) throws IOException, InterruptedException {
        Path grid = home.experimentGrid(experiment.name());
        String problem = Main.unreadable(grid);
        if (problem != null) {
            err.println("okernel: the distribution has no grid for experiment " + experiment.name() + ": " + problem);
            return ExitCode.FAILURE;
        }
        if (!Files.isDirectory(home.bundles())) {
            err.println("okernel: " + home.bundles() + " does not exist; build the distribution with mvn install");
            return ExitCode.FAILURE;
        }
        Path dir = outputDirectory(experiment);
        out.println("okernel: experiment " + experiment.name() + ": " + Experiments.DESCRIPTIONS.get(experiment.name()));
        out.println("okernel: grid " + grid + "; results into " + dir);
        out.flush();
        Path disk = ExperimentDisk.needed(experiment.name()) ? Files.createTempDirectory("okernel-" + experiment.name() + "-") : null;
        int code;
        ExperimentSession session;
        try {
            Path config = disk == null ? null : ExperimentDisk.write(experiment, disk).orElseThrow();
            session = new ExperimentSession(experiment, dir, config);
            code = new KernelRunner(home, grid, experiment.cores(), false, session, null, out, err).run();
        } finally {
            if (disk != null) {
                FsLauncher.deleteTree(disk);
            }
        }
        Optional<ExperimentOutcome> outcome = session.outcome();
        if (outcome.isEmpty()) {
            if (code == ExitCode.OK) {
                err.println("okernel: the kernel stopped before experiment " + experiment.name() + " reported");
                return ExitCode.FAILURE;
            }
            return code;
        }
        ExperimentOutcome o = outcome.get();
        if (!o.done()) {
            err.println("okernel: experiment " + o.name() + " failed: " + o.error());
            return ExitCode.EXPERIMENT_FAILED;
        }
        out.println();
        out.println(o.summary());
        out.println();
        out.println("okernel: experiment " + o.name() + " done; files in " + o.out());
        out.flush();
        return code == ExitCode.OK ? ExitCode.OK : code;
    }

    /**
     * @param experiment the command
     * @return {@code --out} as an absolute path, or {@code experiments-out/<name>} under the working directory
     */
    static Path outputDirectory(Command.Experiment experiment) {
        Path dir = experiment.out() != null ? experiment.out() : Path.of("experiments-out", experiment.name());
        return dir.toAbsolutePath().normalize();
    }
}
