package org.omnikernel.syscall.spi;

import java.util.function.Supplier;

import org.omnikernel.syscall.Result;

/** The asynchronous I/O resource (AIOR, seed §3.3.1.2) as a service: it makes flows. */
public interface FlowService {

    /**
     * Creates a flow into a sink.
     *
     * @param ioa         the I/O aggregate that pays for the flow's messages
     * @param sink        the sink object, one a flow can write ({@code FlowEndpoint} of the storage API)
     * @param flags       {@link org.omnikernel.syscall.FlowFlags}
     * @param cookie      delivered with the flow's messages
     * @param completions the queue bound to the I/O aggregate when a message is due, or null: asked
     *                    each time, so a later {@code bind} counts
     * @return the flow; {@link org.omnikernel.syscall.Err#WRONG_KIND} for a sink a flow cannot write,
     *         {@link org.omnikernel.syscall.Err#BAD_PARAMETER} for unknown flag bits
     */
    Result<Flow> open(ActivityObject ioa, KernelObject sink, long flags, long cookie, Supplier<MessageQueue> completions);
}
