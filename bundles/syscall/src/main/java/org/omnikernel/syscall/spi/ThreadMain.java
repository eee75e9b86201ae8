package org.omnikernel.syscall.spi;

/** What a kernel thread runs, given its own handle. */
@FunctionalInterface
public interface ThreadMain {

    /**
     * @param self the thread
     * @return the exit status
     * @throws Exception a failure: the thread exits with {@link org.omnikernel.syscall.Sys#EXIT_FAILED}
     */
    long run(KThread self) throws Exception;
}
