package org.omnikernel.resource.blockdev.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;

/**
 * What every {@code drwr.DEVICE} does the same way (seed §3.1.5): hands a request to the device under
 * the sending activity's account (recording its bytes as {@code nbytes}); answers a request the device
 * refuses as malformed, and a driver that throws, with an error; and when the device's queue is full,
 * rejects the message, which waits at the head of its queue with this resource suspended until the
 * interrupt resource resumes it. The device's queue depth bounds what the kernel hands it, and
 * everything else waits where the scheduler can order it.
 */
abstract class ReadWriteResource implements Resource {

    /** The largest request, in bytes: bounds one message's buffer. */
    static final int MAX_REQUEST_BYTES = 1 << 20;

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.blockdev");

    /** A device's submit call: false when its queue is full; may throw (a malformed request, a driver bug). */
    @FunctionalInterface
    interface Submission {
        boolean submit(long kernelTag);
    }

    protected final String device;
    protected final InFlight inFlight;
    private final AtomicLong driverFaults = new AtomicLong();
    private volatile ResourceContext context;

    ReadWriteResource(String device, InFlight inFlight) {
        this.device = device;
        this.inFlight = inFlight;
    }

    @Override
    public void attached(ResourceContext ctx) {
        this.context = ctx;
    }

    @Override
    public void detached() {
        this.context = null;
    }

    /** @return this resource's context while attached, else null: the interrupt resource resumes it */
    ResourceContext context() {
        return context;
    }

    /**
     * Answers the client with an error, in this device's protocol.
     *
     * @param ctx       the handler's context
     * @param m         the request
     * @param clientTag the client's tag
     * @param error     what was wrong
     */
    protected abstract void refuse(ExecutionContext ctx, Message m, long clientTag, String error);

    /**
     * Hands a request to the device, answering, rejecting or recording as the class comment says.
     *
     * @param ctx        the handler's context
     * @param m          the request
     * @param clientTag  the client's tag
     * @param data       the buffer the completion answers with (a READ's), or an empty one
     * @param bytes      bytes the request moves
     * @param what       the operation, for the log
     * @param submission the device call
     */
    protected final void submit(ExecutionContext ctx, Message m, long clientTag, org.omnikernel.okrt.object.Buffer data,
            long bytes, String what, Submission submission) {
        long tag = inFlight.nextTag();
        // registered before submitting: the completion interrupt may arrive before submit returns
        inFlight.put(tag, new InFlight.Pending(m, ctx.activity(), clientTag, data, bytes));
        boolean accepted;
        try {
            accepted = submission.submit(tag);
        } catch (IllegalArgumentException e) {
            inFlight.take(tag);
            refuse(ctx, m, clientTag, e.getMessage());
            return;
        } catch (RuntimeException e) {
            inFlight.take(tag);
            long n = driverFaults.incrementAndGet();
            LOG.log(Level.ERROR, "driver fault " + n + " in " + device + " on " + what + "; the request is answered with it", e);
            refuse(ctx, m, clientTag, "driver fault in " + device + ": " + e);
            return;
        }
        if (!accepted) {
            inFlight.take(tag);
            ctx.reject();
            return;
        }
        ctx.record(Metric.NBYTES, bytes);
    }
}
