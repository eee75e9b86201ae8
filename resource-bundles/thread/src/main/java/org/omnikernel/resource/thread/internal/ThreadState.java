package org.omnikernel.resource.thread.internal;

/** A kernel thread's state as TR sees it. */
enum ThreadState {
    /** Made, not started. */
    NEW,
    /** A RUN message for it is queued at its TR instance. */
    RUNNABLE,
    /** A TR handler has dispatched it on a core. */
    RUNNING,
    /** Waiting for a wake-up or timeout; no RUN message queued. */
    BLOCKED,
    /** Its aggregate is suspended; held by the aggregate until resumed. */
    HELD,
    /** Ended; its JVM thread has finished or is finishing. */
    EXITED
}
