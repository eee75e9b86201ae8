package org.omnikernel.syscall.spi;

import org.omnikernel.syscall.Result;

/**
 * A flow (seed §3.3.1.1, Fig 3.21) as the process resource sees it. {@link #close()} is
 * {@code flowclose}: it stops the flow and releases what it holds.
 */
public interface Flow extends KernelObject {

    /** @return the I/O aggregate that pays for the flow's work */
    ActivityObject ioa();

    /**
     * Adds a source; the flow resource reads it and writes the sink.
     *
     * @param source       the source object, one a flow can read ({@code FlowEndpoint} of the storage API)
     * @param sourceOffset at least 0
     * @param nbytes       at least 0, or {@link org.omnikernel.syscall.FlowFlags#NBYTES_EOF}
     * @param sinkOffset   at least 0
     * @return ok once queued; {@link org.omnikernel.syscall.Err#WRONG_KIND},
     *         {@link org.omnikernel.syscall.Err#BAD_PARAMETER}, {@link org.omnikernel.syscall.Err#GONE}
     */
    Result<Void> addSource(KernelObject source, long sourceOffset, long nbytes, long sinkOffset);
}
