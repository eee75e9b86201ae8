package org.omnikernel.experiments;

import java.util.Map;

/**
 * The outcome of one experiment run (seed Chapter 5), registered as a service by the experiments
 * bundle once the run has finished or failed. A launcher outside the framework reads the service
 * properties; code inside the framework may also use the service object, which adds the figures.
 *
 * <p>Service properties: {@value #NAME} (such as {@code e1}), {@value #STATE} ({@value #DONE} or
 * {@value #FAILED}), {@value #SUMMARY} (what was measured, in lines), {@value #ERROR} (why the run
 * failed; empty when done), {@value #OUT} (the absolute directory of the files it wrote).
 *
 * <p>Framework properties that start a run: {@value #EXPERIMENT_PROPERTY} names the experiment
 * (the bundle is inert without it), {@value #SECONDS_PROPERTY} how many 1 Hz samples to take,
 * {@value #WARMUP_PROPERTY} the seconds to run before the first sample, {@value #OUT_PROPERTY} where
 * to write, and {@value #EXIT_PROPERTY}{@code =true} stops the framework once the report is
 * registered, so that a launcher waiting for the framework to stop exits.
 */
public interface ExperimentReport {

    /** Service property: the experiment's name. */
    String NAME = "experiment.name";
    /** Service property: {@value #DONE} or {@value #FAILED}. */
    String STATE = "experiment.state";
    /** Service property: a multi-line description of the result. */
    String SUMMARY = "experiment.summary";
    /** Service property: why the run failed, or empty. */
    String ERROR = "experiment.error";
    /** Service property: the absolute path of the output directory. */
    String OUT = "experiment.out";

    /** State of a run that measured what it set out to and wrote its files. */
    String DONE = "done";
    /** State of a run that could not measure or could not write its files. */
    String FAILED = "failed";

    /** Framework property naming the experiment to run, such as {@code e1}. */
    String EXPERIMENT_PROPERTY = "omnikernel.experiment";
    /** Framework property: how many one-second samples to take (default 30). */
    String SECONDS_PROPERTY = "omnikernel.experiment.seconds";
    /** Framework property: seconds of load before the first sample (default 2). */
    String WARMUP_PROPERTY = "omnikernel.experiment.warmup";
    /** Framework property: the output directory (default {@code experiments-out/<name>}). */
    String OUT_PROPERTY = "omnikernel.experiment.out";
    /** Framework property: {@code true} stops the framework after the report is registered. */
    String EXIT_PROPERTY = "omnikernel.experiment.exit";

    /** @return the experiment's name */
    String name();

    /** @return {@value #DONE} or {@value #FAILED} */
    String state();

    /** @return what was measured, in lines; empty when the run failed before measuring */
    String summary();

    /** @return why the run failed, or empty */
    String error();

    /** @return the absolute path of the directory holding the files written */
    String outputDirectory();

    /**
     * The run's figures by name, for tests and tools inside the framework. For E1:
     * {@code entitlement.<activity>} and {@code achieved.<activity>} in percent,
     * {@code max_deviation_pp}, {@code sample_max_deviation_pp}, {@code unaccounted_fraction},
     * {@code samples} and {@code cores}. For E2 and E4, per measured resource {@code <key>} (such as
     * {@code fcr}, {@code drwr}): {@code <key>.entitlement.<process>}, {@code <key>.achieved.<process>}
     * and {@code <key>.max_deviation_pp}; then {@code max_deviation_pp} (over the judged resources),
     * {@code samples} and {@code cores}.
     *
     * @return the figures; empty when the run failed
     */
    Map<String, Double> figures();
}
