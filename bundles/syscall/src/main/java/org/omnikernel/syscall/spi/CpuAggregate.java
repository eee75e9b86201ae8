package org.omnikernel.syscall.spi;

/**
 * A CPU aggregate (CPUA, seed §4.1.1): a group of threads presented to the kernel as one activity,
 * with a thread-resource instance and scheduler of its own that is a client of the CPU scheduler with
 * the aggregate's share as cpushare.
 */
public interface CpuAggregate extends ActivityObject {

    /** @return the thread-resource instance's name, such as {@code resource.tr.7} */
    String resourceName();

    /** @return its scheduler's name (the {@code policy} parameter) */
    String policy();

    /** @return its share at the CPU scheduler */
    long share();

    /** Suspends every thread of the aggregate: running ones at their next preemption point. */
    void suspend();

    /** Resumes the aggregate's threads. */
    void resume();

    /** @return whether it is suspended */
    boolean suspended();

    /** @return threads of the aggregate that have not exited */
    int liveThreads();
}
