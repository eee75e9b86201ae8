package org.omnikernel.syscall.spi;

import java.util.Optional;

import org.omnikernel.syscall.Result;

/**
 * The thread resource (TR, seed §3.4, §4.1.1) as a service: CPU aggregates, each with a TR instance
 * and scheduler of its own, and the threads that run in them.
 */
public interface ThreadService {

    /**
     * Creates a CPU aggregate: an activity, and a TR instance attached to OKRT under the named
     * scheduler with the share as its cpushare.
     *
     * @param name   a name for the activity
     * @param policy the TR instance's scheduler, such as {@code roundrobin}
     * @param share  its share at the CPU scheduler, at least 1
     * @return the aggregate; {@link org.omnikernel.syscall.Err#BAD_PARAMETER} naming what OKRT refused
     */
    Result<CpuAggregate> createCpuAggregate(String name, String policy, long share);

    /**
     * Creates a thread; it runs once {@link KThread#start()} is called.
     *
     * @param cpua the aggregate it runs in
     * @param name its name
     * @param main what it runs
     * @return the thread; {@link org.omnikernel.syscall.Err#GONE} for a closed aggregate
     */
    Result<KThread> create(CpuAggregate cpua, String name, ThreadMain main);

    /** @return the kernel thread the caller runs on, if it is one */
    Optional<KThread> current();

    /** @return the timeslice, in µs */
    long timesliceMicros();
}
