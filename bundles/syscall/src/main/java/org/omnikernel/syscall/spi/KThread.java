package org.omnikernel.syscall.spi;

import java.util.function.LongConsumer;

import org.omnikernel.syscall.Result;

/**
 * A kernel thread (seed §3.4): a JVM thread that runs only while its thread resource (TR) has
 * dispatched it on a core. Methods marked <em>calling thread</em> may only be called by the thread
 * itself, from its code; the others by anyone.
 *
 * <p>Blocking follows a token protocol, so that a wake-up that comes before the thread has given up
 * its core is not lost and a stale timeout is ignored:
 * <pre>{@code
 * long token = self.prepareWait();       // under the waited-for object's lock: register (self, token)
 * WaitOutcome o = self.await(token, timeoutMicros);
 * // elsewhere: waiter.thread().wake(waiter.token());
 * }</pre>
 */
public interface KThread extends KernelObject {

    /** @return the thread's id, unique in the kernel */
    long id();

    /** @return its name */
    String name();

    /** @return the CPU aggregate it runs in */
    CpuAggregate cpua();

    /**
     * Makes a thread made by {@link ThreadService#create} ready to run; later calls do nothing. Its
     * creator registers it (a RID, exit listeners) before starting it, so that the thread never
     * runs unregistered.
     */
    void start();

    /**
     * Calling thread: a preemption point. Gives up the core when the timeslice has ended, the thread
     * was asked to suspend or its aggregate was suspended; unwinds the thread when it was killed.
     */
    void preempt();

    /** Calling thread: gives up the core and goes behind the aggregate's other ready threads. */
    void yieldCore();

    /**
     * Calling thread: ends the thread; does not return.
     *
     * @param status the exit status
     */
    void exit(long status);

    /**
     * Calling thread: starts a wait.
     *
     * @return the token that wakes this wait
     */
    long prepareWait();

    /**
     * Calling thread: gives up the core until woken with the token or the timeout expires.
     *
     * @param token         from {@link #prepareWait()}
     * @param timeoutMicros µs, or {@link org.omnikernel.syscall.Sys#FOREVER}
     * @return why it runs again
     */
    WaitOutcome await(long token, long timeoutMicros);

    /**
     * Wakes the wait the token belongs to; a stale token is ignored.
     *
     * @param token the token
     */
    void wake(long token);

    /**
     * Suspends the thread until {@link #resume()} or the timeout: at once when called by the thread
     * itself, else at its next preemption point.
     *
     * @param timeoutMicros µs, or {@link org.omnikernel.syscall.Sys#FOREVER}
     * @return for the thread itself: ok when resumed, {@link org.omnikernel.syscall.Err#TIMEOUT}
     */
    Result<Void> suspend(long timeoutMicros);

    /** @return ok, or {@link org.omnikernel.syscall.Err#NOT_PERMITTED} when neither suspended nor asked to */
    Result<Void> resume();

    /**
     * Kills the thread: it unwinds at its next preemption point or system call, or at once when it
     * is blocked or waiting for a core.
     */
    void kill();

    /**
     * Calls back once the thread has exited (at once if it has).
     *
     * @param listener receives the exit status
     */
    void onExit(LongConsumer listener);

    /** @return whether it has not exited */
    boolean isAlive();

    /** @return its CPU use so far */
    ThreadStats stats();
}
