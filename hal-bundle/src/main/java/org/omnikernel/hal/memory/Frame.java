package org.omnikernel.hal.memory;

import java.nio.ByteBuffer;

/**
 * One physical frame: {@link FrameAllocator#FRAME_SIZE} bytes of off-heap memory, owned by one
 * owner (an activity's id, say) from allocation until it is freed.
 */
public final class Frame {

    private final int number;
    private final ByteBuffer memory;
    private volatile long owner;
    private volatile boolean free = true;

    Frame(int number, ByteBuffer memory) {
        this.number = number;
        this.memory = memory;
    }

    /** @return the frame's number, its physical address divided by the frame size */
    public int number() {
        return number;
    }

    /** @return the owner it is accounted to */
    public long owner() {
        return owner;
    }

    /**
     * @return a view of the frame's bytes, position 0 and limit {@link FrameAllocator#FRAME_SIZE};
     *         each call returns a fresh view, so callers' positions do not interfere
     * @throws IllegalStateException when the frame is free
     */
    public ByteBuffer memory() {
        if (free) {
            throw new IllegalStateException("frame " + number + " is free; allocate before use");
        }
        return memory.duplicate();
    }

    boolean isFree() {
        return free;
    }

    void take(long newOwner) {
        owner = newOwner;
        free = false;
    }

    void release() {
        free = true;
        owner = 0;
    }

    /** Zeroes the bytes, so that a new owner never sees an old owner's data. */
    void zero() {
        ByteBuffer b = memory.duplicate();
        while (b.remaining() >= Long.BYTES) {
            b.putLong(0L);
        }
        while (b.hasRemaining()) {
            b.put((byte) 0);
        }
    }

    @Override
    public String toString() {
        return "frame " + number + (free ? " (free)" : " of " + owner);
    }
}
