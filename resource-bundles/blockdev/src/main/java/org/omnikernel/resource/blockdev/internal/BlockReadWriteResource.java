package org.omnikernel.resource.blockdev.internal;

import java.nio.ByteBuffer;

import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.hal.device.BlockRequest;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.resource.blockdev.BlockProtocol;

/**
 * {@code drwr.DEVICE} for a block device (seed §3.1.5): turns READ, READ_INTO, WRITE and FLUSH messages
 * into device requests ({@link BlockProtocol}); queueing, rejection and faults as
 * {@link ReadWriteResource} says. READ allocates the buffer the device fills; READ_INTO lends the
 * device the client's window instead, and allocates nothing.
 */
final class BlockReadWriteResource extends ReadWriteResource {

    private final BlockDevice blockDevice;

    BlockReadWriteResource(BlockDevice device, InFlight inFlight) {
        super(device.name(), inFlight);
        this.blockDevice = device;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(BlockProtocol.readWrite(device))
                .request(BlockProtocol.READ, this::read, Long.class, Long.class, Integer.class)
                .request(BlockProtocol.READ_INTO, this::readInto, Long.class, Long.class, Integer.class, ByteBuffer.class)
                .request(BlockProtocol.WRITE, this::write, Long.class, Long.class, Buffer.class)
                .request(BlockProtocol.FLUSH, this::flush, Long.class)
                .reports(Metric.NBYTES)
                .build();
    }

    private void read(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        long block = m.argument(1, Long.class);
        int blocks = m.argument(2, Integer.class);
        if (!sized(ctx, m, tag, BlockProtocol.READ, blocks)) {
            return;
        }
        Buffer data = Buffer.allocate(blocks * blockDevice.blockSize());
        submit(ctx, m, tag, data, BlockRequest.Op.READ, block, blocks, data.writableView());
    }

    private void readInto(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        long block = m.argument(1, Long.class);
        int blocks = m.argument(2, Integer.class);
        ByteBuffer window = m.argument(3, ByteBuffer.class);
        if (!sized(ctx, m, tag, BlockProtocol.READ_INTO, blocks)) {
            return;
        }
        int bytes = blocks * blockDevice.blockSize();
        String why = window == null ? "no window"
                : window.isReadOnly() ? "a read-only window"
                : window.remaining() != bytes ? "a window of " + window.remaining() + " bytes" : null;
        if (why != null) {
            refuse(ctx, m, tag, "READ_INTO of " + blocks + " blocks at block " + block + ": the window must be "
                    + bytes + " writable bytes (" + blocks + " × " + blockDevice.blockSize() + "), got " + why);
            return;
        }
        // a duplicate: the device moves its own position, never the client's
        submit(ctx, m, tag, Buffer.allocate(0), BlockRequest.Op.READ, block, blocks, window.duplicate());
    }

    /** @return whether a read of {@code blocks} is within one request's bounds; if not, answers with why */
    private boolean sized(ExecutionContext ctx, Message m, long tag, String type, int blocks) {
        long bytes = (long) blocks * blockDevice.blockSize();
        if (blocks < 1 || bytes > MAX_REQUEST_BYTES) {
            refuse(ctx, m, tag, type + " of " + blocks + " blocks: a request moves 1 to "
                    + MAX_REQUEST_BYTES / blockDevice.blockSize() + " blocks");
            return false;
        }
        return true;
    }

    private void write(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        long block = m.argument(1, Long.class);
        Buffer data = m.argument(2, Buffer.class);
        int bs = blockDevice.blockSize();
        if (data.length() == 0 || data.length() % bs != 0 || data.length() > MAX_REQUEST_BYTES) {
            refuse(ctx, m, tag, "WRITE of " + data.length() + " bytes: a request moves whole " + bs
                    + "-byte blocks, at most " + MAX_REQUEST_BYTES + " bytes");
            return;
        }
        submit(ctx, m, tag, Buffer.allocate(0), BlockRequest.Op.WRITE, block, data.length() / bs, data.view());
    }

    private void flush(ExecutionContext ctx, Message m) {
        submit(ctx, m, m.argument(0, Long.class), Buffer.allocate(0), BlockRequest.Op.FLUSH, 0, 0, null);
    }

    private void submit(ExecutionContext ctx, Message m, long clientTag, Buffer data, BlockRequest.Op op, long block,
            int blocks, ByteBuffer memory) {
        long bytes = (long) blocks * blockDevice.blockSize();
        submit(ctx, m, clientTag, data, bytes, op.toString(),
                tag -> blockDevice.submit(new BlockRequest(tag, op, block, blocks, memory)));
    }

    @Override
    protected void refuse(ExecutionContext ctx, Message m, long clientTag, String error) {
        ctx.reply(m, BlockProtocol.DONE, clientTag, Buffer.allocate(0), error);
    }
}
