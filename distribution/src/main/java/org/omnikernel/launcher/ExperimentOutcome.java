package org.omnikernel.launcher;

import java.util.Optional;
import org.osgi.framework.ServiceReference;

/**
 * What an experiment reported: the service properties of the experiments bundle's
 * {@code org.omnikernel.experiments.ExperimentReport} service. Read from the service reference only,
 * so the launcher never loads a class of that bundle.
 *
 * @param name    the experiment's name
 * @param state   {@value #DONE} or {@value #FAILED}
 * @param summary what was measured, in lines; empty when it failed
 * @param error   why it failed; empty when done
 * @param out     the directory of the files it wrote
 */
record ExperimentOutcome(String name, String state, String summary, String error, String out) {

    /** The service's object class. */
    static final String EXPERIMENT_REPORT = "org.omnikernel.experiments.ExperimentReport";
    /** Service property holding {@link #name()}. */
    static final String NAME = "experiment.name";
    /** Service property holding {@link #state()}. */
    static final String STATE = "experiment.state";
    /** Service property holding {@link #summary()}. */
    static final String SUMMARY = "experiment.summary";
    /** Service property holding {@link #error()}. */
    static final String ERROR = "experiment.error";
    /** Service property holding {@link #out()}. */
    static final String OUT = "experiment.out";
    /** State of a run that measured and wrote its files. */
    static final String DONE = "done";
    /** State of a run that could not. */
    static final String FAILED = "failed";

    /**
     * @param reference an {@value #EXPERIMENT_REPORT} service
     * @return its outcome, or empty when its state is neither done nor failed
     */
    static Optional<ExperimentOutcome> from(ServiceReference<?> reference) {
        String state = text(reference.getProperty(STATE));
        if (!state.equals(DONE) && !state.equals(FAILED)) {
            return Optional.empty();
        }
        return Optional.of(new ExperimentOutcome(text(reference.getProperty(NAME)), state,
                text(reference.getProperty(SUMMARY)), text(reference.getProperty(ERROR)),
                text(reference.getProperty(OUT))));
    }

    /** @return whether the experiment measured what it set out to and wrote its files */
    boolean done() {
        return state.equals(DONE);
    }

    private static String text(Object property) {
        return property == null ? "" : property.toString().strip();
    }
}
