package org.omnikernel.syscall.spi;

import org.omnikernel.syscall.Result;

/** A kernel object a RID can name: a thread, an aggregate, a message queue, a process, a stream, a flow. */
public interface KernelObject {

    /** Kind of a thread. */
    String THREAD = "thread";
    /** Kind of a CPU aggregate. */
    String CPU_AGGREGATE = "cpuaggregate";
    /** Kind of an I/O aggregate. */
    String IO_AGGREGATE = "ioaggregate";
    /** Kind of a memory aggregate. */
    String MEMORY_AGGREGATE = "memoryaggregate";
    /** Kind of a message queue. */
    String MESSAGE_QUEUE = "messagequeue";
    /** Kind of a process. */
    String PROCESS = "process";
    /** Kind of an I/O stream ({@link IoStream}). */
    String IO_STREAM = "iostream";
    /** Kind of a flow ({@link Flow}). */
    String FLOW = "flow";

    /** @return what it is, one of the kinds above */
    String kind();

    /**
     * Destroys the object and releases what it holds. Closing a closed object succeeds.
     *
     * @return ok, or why it cannot be closed now ({@link org.omnikernel.syscall.Err#BUSY})
     */
    Result<Void> close();
}
