package org.omnikernel.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;

/**
 * The kernel session of {@code ./okernel experiment}: the framework properties that start the
 * experiment in the experiments bundle and have it stop the framework when it has reported; no
 * shell; a watcher for the report; and a time limit, in case the experiment never ends.
 */
final class ExperimentSession implements KernelSession {

    /** Framework property naming the experiment (read by the experiments bundle). */
    static final String EXPERIMENT_PROPERTY = "omnikernel.experiment";
    /** Framework property: how many one-second samples. */
    static final String SECONDS_PROPERTY = "omnikernel.experiment.seconds";
    /** Framework property: the experiment's mode; the experiments bundle checks the value. */
    static final String MODE_PROPERTY = "omnikernel.experiment.mode";
    /** Framework property: E4's files per process. */
    static final String FILES_PROPERTY = "omnikernel.experiment.files";
    /** Framework property: E4's KiB per file. */
    static final String FILE_KIB_PROPERTY = "omnikernel.experiment.file.kib";
    /** Framework property: the absolute output directory. */
    static final String OUT_PROPERTY = "omnikernel.experiment.out";
    /** Framework property: stop the framework once the report is registered. */
    static final String EXIT_PROPERTY = "omnikernel.experiment.exit";
    /**
     * What the experiment may take beyond its samples: its resources attaching (30 s at most), the
     * warm-up and spreading its load (a few seconds), writing its files; E4 also makes its files.
     */
    static final Duration SLACK = Duration.ofSeconds(120);
    /** E4's extra time to make its files on the modelled disk. */
    static final Duration E4_SETUP = Duration.ofMinutes(30);

    private final Command.Experiment experiment;
    private final Path out;
    private final Path config;
    private final ExperimentReportWatcher watcher = new ExperimentReportWatcher();

    /**
     * @param experiment the command
     * @param out        the absolute output directory
     */
    ExperimentSession(Command.Experiment experiment, Path out) {
        this(experiment, out, null);
    }

    /**
     * @param experiment the command
     * @param out        the absolute output directory
     * @param config     the directory of *.cfg files (the experiment's disk and mount), or null for none
     */
    ExperimentSession(Command.Experiment experiment, Path out, Path config) {
        this.experiment = experiment;
        this.out = out;
        this.config = config;
    }

    @Override
    public java.util.Optional<Path> configurationFiles() {
        return java.util.Optional.ofNullable(config);
    }

    @Override
    public Map<String, String> frameworkProperties() {
        Map<String, String> p = new java.util.HashMap<>(Map.of(EXPERIMENT_PROPERTY, experiment.name(), SECONDS_PROPERTY,
                Integer.toString(experiment.seconds()), OUT_PROPERTY, out.toString(), EXIT_PROPERTY, "true"));
        if (experiment.mode() != null) {
            p.put(MODE_PROPERTY, experiment.mode());
        }
        if (experiment.files() != null) {
            p.put(FILES_PROPERTY, experiment.files().toString());
        }
        if (experiment.fileKib() != null) {
            p.put(FILE_KIB_PROPERTY, experiment.fileKib().toString());
        }
        return Map.copyOf(p);
    }

    @Override
    public void frameworkInitialised(BundleContext systemContext) {
        watcher.open(systemContext);
    }

    @Override
    public boolean opensShell() {
        return false;
    }

    @Override
    public String runningLine() {
        return "Experiment " + experiment.name() + " running: " + experiment.seconds()
                + " one-second samples after a short warm-up. Ctrl-C stops it.";
    }

    @Override
    public Duration timeLimit() {
        Duration limit = Duration.ofSeconds(experiment.seconds()).plus(SLACK);
        return experiment.name().equals("e4") ? limit.plus(E4_SETUP) : limit;
    }

    /** @return the experiment's report, once it has registered one */
    Optional<ExperimentOutcome> outcome() {
        return watcher.outcome();
    }
}
