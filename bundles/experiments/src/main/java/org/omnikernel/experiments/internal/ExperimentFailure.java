package org.omnikernel.experiments.internal;

/**
 * An experiment could not measure what it set out to: its resources never attached, a send was
 * refused, an activity found no work on a core. The message says what and, where it can, why; the
 * run is reported as failed with it.
 */
final class ExperimentFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    ExperimentFailure(String message) {
        super(message);
    }
}
