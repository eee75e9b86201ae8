package org.omnikernel.syscall.spi;

import java.util.List;

import org.omnikernel.syscall.Result;

/** The process resource (PR, seed §3.4) as a service, for the kernel's tools and experiments. */
public interface ProcessService {

    /**
     * Starts a process: its default CPU, I/O and memory aggregates, then its main thread running
     * the program.
     *
     * @param spec what to run
     * @return the process; {@link org.omnikernel.syscall.Err#NO_SUCH_PROGRAM},
     *         {@link org.omnikernel.syscall.Err#BAD_PARAMETER}
     */
    Result<ProcessHandle> start(ProcessSpec spec);

    /** @return the processes that have not ended */
    List<ProcessHandle> processes();
}
