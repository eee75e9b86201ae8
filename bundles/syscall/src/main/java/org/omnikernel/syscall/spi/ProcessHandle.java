package org.omnikernel.syscall.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** A process (seed §3.4, Fig 3.23) as the kernel and its tools see it. */
public interface ProcessHandle extends KernelObject {

    /** @return the process id, unique in the kernel */
    long id();

    /** @return the program it runs */
    String program();

    /** @return its default CPU aggregate */
    CpuAggregate defaultCpua();

    /**
     * @return completes with the exit status once the process has ended and released everything
     *         it held: threads, RIDs, queues, aggregates
     */
    CompletionStage<Long> exit();

    /** @return why it failed (its program threw), or empty */
    String failure();

    /**
     * Kills it: its threads unwind at their next preemption point or system call.
     *
     * @param status the exit status
     */
    void kill(long status);

    /** @return whether it has not finished releasing what it held */
    boolean isAlive();

    /** @return its threads that have not exited */
    List<KThread> threads();

    /** @return the RIDs it has open */
    int openRids();
}
