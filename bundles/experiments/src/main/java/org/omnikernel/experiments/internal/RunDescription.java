package org.omnikernel.experiments.internal;

/**
 * How a share experiment was run, for its summary and its files.
 *
 * @param experiment        the experiment's name, such as {@code e1}
 * @param mode              {@value #PROCESSES} for threads of real processes, {@value #SYNTHETIC} while
 *                          CPU-bound resources stand in for them
 * @param cores             the cores the kernel ran
 * @param warmupSeconds     load before the first sample
 * @param sliceMicros       how long one BURN message spins (synthetic) or the TR timeslice (processes)
 * @param labelsPerActivity affinity labels each activity keeps busy (synthetic), threads per process (processes)
 * @param grid              the schedulerconfig file the kernel booted with
 */
record RunDescription(String experiment, String mode, int cores, double warmupSeconds, long sliceMicros,
        int labelsPerActivity, String grid) {

    /** The mode of a run whose load is synthetic CPU-bound resources rather than threads of processes. */
    static final String SYNTHETIC = "synthetic";
    /** The mode of a run whose load is CPU-bound threads of real processes (seed §5.4). */
    static final String PROCESSES = "processes";
}
