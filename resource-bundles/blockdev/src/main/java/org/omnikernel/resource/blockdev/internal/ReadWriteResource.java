package org.omnikernel.resource.blockdev.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.hal.device.BlockRequest;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.resource.blockdev.BlockProtocol;

/**
 * {@code drwr.DEVICE} (seed §3.1.5): turns READ, WRITE and FLUSH messages into device requests, under
 * the sending activity's account (it records the bytes as {@code nbytes}). When the device's queue is
 * full it rejects the message, which waits at the head of its queue with this resource suspended
 * until the interrupt resource resumes it: the device's queue depth bounds what the kernel hands it,
 * and everything else waits where the scheduler can order it.
 */
final class ReadWriteResource implements Resource {

    /** The largest request, in bytes: bounds one message's buffer. */
    static final int MAX_REQUEST_BYTES = 1 << 20;

    private final BlockDevice device;
    private final InFlight inFlight;
    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.blockdev");

    private final AtomicLong driverFaults = new AtomicLong();
    private volatile ResourceContext context;

    ReadWriteResource(BlockDevice device, InFlight inFlight) {
        this.device = device;
        this.inFlight = inFlight;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(BlockProtocol.readWrite(device.name()))
                .request(BlockProtocol.READ, this::read, Long.class, Long.class, Integer.class)
                .request(BlockProtocol.WRITE, this::write, Long.class, Long.class, Buffer.class)
                .request(BlockProtocol.FLUSH, this::flush, Long.class)
                .reports(Metric.NBYTES)
                .build();
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

    private void read(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        long block = m.argument(1, Long.class);
        int blocks = m.argument(2, Integer.class);
        long bytes = (long) blocks * device.blockSize();
        if (blocks < 1 || bytes > MAX_REQUEST_BYTES) {
            answer(ctx, m, tag, "READ of " + blocks + " blocks: a request moves 1 to "
                    + MAX_REQUEST_BYTES / device.blockSize() + " blocks");
            return;
        }
        Buffer data = Buffer.allocate((int) bytes);
        submit(ctx, m, tag, data, BlockRequest.Op.READ, block, blocks, data.writableView());
    }

    private void write(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        long block = m.argument(1, Long.class);
        Buffer data = m.argument(2, Buffer.class);
        int bs = device.blockSize();
        if (data.length() == 0 || data.length() % bs != 0 || data.length() > MAX_REQUEST_BYTES) {
            answer(ctx, m, tag, "WRITE of " + data.length() + " bytes: a request moves whole " + bs
                    + "-byte blocks, at most " + MAX_REQUEST_BYTES + " bytes");
            return;
        }
        submit(ctx, m, tag, Buffer.allocate(0), BlockRequest.Op.WRITE, block, data.length() / bs, data.view());
    }

    private void flush(ExecutionContext ctx, Message m) {
        submit(ctx, m, m.argument(0, Long.class), Buffer.allocate(0), BlockRequest.Op.FLUSH, 0, 0, null);
    }

    private void submit(ExecutionContext ctx, Message m, long clientTag, Buffer data, BlockRequest.Op op, long block,
            int blocks, java.nio.ByteBuffer memory) {
        long tag = inFlight.nextTag();
        long bytes = (long) blocks * device.blockSize();
        BlockRequest request;
        try {
            request = new BlockRequest(tag, op, block, blocks, memory);
        } catch (IllegalArgumentException e) {
            answer(ctx, m, clientTag, e.getMessage());
            return;
        }
        // registered before submitting: the completion interrupt may arrive before submit returns
        inFlight.put(tag, new InFlight.Pending(m, ctx.activity(), clientTag, data, bytes));
        boolean accepted;
        try {
            accepted = device.submit(request);
        } catch (IllegalArgumentException e) {
            inFlight.take(tag);
            answer(ctx, m, clientTag, e.getMessage());
            return;
        } catch (RuntimeException e) {
            inFlight.take(tag);
            long n = driverFaults.incrementAndGet();
            LOG.log(Level.ERROR, "driver fault " + n + " in " + device.name() + " on " + op + "; the request is answered with it", e);
            answer(ctx, m, clientTag, "driver fault in " + device.name() + ": " + e);
            return;
        }
        if (!accepted) {
            inFlight.take(tag);
            ctx.reject();
            return;
        }
        ctx.record(Metric.NBYTES, bytes);
    }

    private static void answer(ExecutionContext ctx, Message m, long clientTag, String error) {
        ctx.reply(m, BlockProtocol.DONE, clientTag, Buffer.allocate(0), error);
    }
}
