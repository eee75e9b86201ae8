package org.omnikernel.experiments.internal;

/**
 * How a share experiment was run, for its summary and its files.
 *
 * @param experiment        the experiment's name, such as {@code e1}
 * @param mode              {@value #SYNTHETIC} while CPU-bound resources stand in for threads
 * @param cores             the cores the kernel ran
 * @param warmupSeconds     load before the first sample
 * @param sliceMicros       how long one BURN message spins
 * @param labelsPerActivity affinity labels each activity keeps busy (one message in flight each)
 * @param grid              the schedulerconfig file the kernel booted with
 */
record RunDescription(String experiment, String mode, int cores, double warmupSeconds, long sliceMicros,
        int labelsPerActivity, String grid) {

    /** The mode of a run whose load is synthetic CPU-bound resources rather than threads of processes. */
    static final String SYNTHETIC = "synthetic";
}
