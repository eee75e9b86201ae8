package org.omnikernel.hal.device;

import java.nio.ByteBuffer;

/**
 * A request to a {@link BlockDevice}.
 *
 * @param tag    the kernel's number for it, echoed in the completion
 * @param op     what to do
 * @param block  first block
 * @param blocks how many blocks (0 for {@link Op#FLUSH})
 * @param buffer for READ the bytes land here, for WRITE they come from here: from its position, exactly
 *               {@code blocks × blockSize} remaining; null for FLUSH
 */
public record BlockRequest(long tag, Op op, long block, int blocks, ByteBuffer buffer) {

    /** A block operation. */
    public enum Op {
        /** read blocks into the buffer */
        READ,
        /** write blocks from the buffer */
        WRITE,
        /** make every completed WRITE durable */
        FLUSH
    }

    /** Checks the shape of the request; the device checks it against its size. */
    public BlockRequest {
        if (op == null) {
            throw new IllegalArgumentException("block request " + tag + ": no operation");
        }
        if (block < 0 || blocks < 0) {
            throw new IllegalArgumentException("block request " + tag + ": negative block " + block + " or count " + blocks);
        }
        if (op != Op.FLUSH && (buffer == null || blocks == 0)) {
            throw new IllegalArgumentException("block request " + tag + ": " + op + " needs a buffer and at least one block");
        }
    }

    /**
     * @param device the device it is for
     * @throws IllegalArgumentException naming what does not fit the device
     */
    public void checkAgainst(BlockDevice device) {
        if (op == Op.FLUSH) {
            return;
        }
        if (block + blocks > device.blockCount() || block + blocks < 0) {
            throw new IllegalArgumentException(device.name() + ": blocks " + block + ".." + (block + blocks - 1)
                    + " are outside the device's " + device.blockCount() + " blocks");
        }
        long bytes = (long) blocks * device.blockSize();
        if (buffer.remaining() != bytes) {
            throw new IllegalArgumentException(device.name() + ": " + op + " of " + blocks + " blocks needs " + bytes
                    + " bytes of buffer, got " + buffer.remaining());
        }
    }
}
