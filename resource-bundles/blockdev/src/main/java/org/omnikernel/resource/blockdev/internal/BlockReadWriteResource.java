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
 * {@code drwr.DEVICE} for a block device (seed §3.1.5): turns READ, WRITE and FLUSH messages into
 * device requests ({@link BlockProtocol}); queueing, rejection and faults as {@link ReadWriteResource}
 * says.
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
                .request(BlockProtocol.WRITE, this::write, Long.class, Long.class, Buffer.class)
                .request(BlockProtocol.FLUSH, this::flush, Long.class)
                .reports(Metric.NBYTES)
                .build();
    }

    private void read(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        long block = m.argument(1, Long.class);
        int blocks = m.argument(2, Integer.class);
        long bytes = (long) blocks * blockDevice.blockSize();
        if (blocks < 1 || bytes > MAX_REQUEST_BYTES) {
            refuse(ctx, m, tag, "READ of " + blocks + " blocks: a request moves 1 to "
                    + MAX_REQUEST_BYTES / blockDevice.blockSize() + " blocks");
            return;
        }
        Buffer data = Buffer.allocate((int) bytes);
        submit(ctx, m, tag, data, BlockRequest.Op.READ, block, blocks, data.writableView());
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
