package org.omnikernel.syscall;

/** What a thread made by {@link Sys#threadCreate} runs (the seed's {@code entry} and {@code arg}). */
@FunctionalInterface
public interface ThreadBody {

    /**
     * @param sys the process's system calls
     * @param arg the argument given to {@link Sys#threadCreate}
     * @return the thread's exit status, which {@link Sys#threadJoin} returns
     * @throws Exception a failure, which ends this thread with {@link Sys#EXIT_FAILED} (not the process)
     */
    long run(Sys sys, long arg) throws Exception;
}
