package org.omnikernel.hal.memory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Allocates physical frames of off-heap memory and accounts them to owners (seed §3.2: the memory
 * resource hands frames to address spaces and the file cache, and needs to know who holds what to
 * reclaim by share).
 *
 * <p>The memory is reserved once, as direct buffers of up to {@value #FRAMES_PER_CHUNK} frames, so the
 * machine's physical memory is fixed like a real one's. Allocation is all-or-nothing and never
 * blocks: when there are not enough free frames the caller learns so at once and can reclaim. Frames
 * come back zeroed. Thread-safe.
 */
public final class FrameAllocator {

    /** Bytes in a frame. */
    public static final int FRAME_SIZE = 4096;
    static final int FRAMES_PER_CHUNK = 16_384; // 64 MiB per direct buffer

    private final Frame[] frames;
    private final int[] freeStack;
    private int freeTop;
    private final Map<Long, Long> byOwner = new HashMap<>();

    /**
     * @param bytes the machine's physical memory; rounded down to whole frames
     * @throws IllegalArgumentException when that is not even one frame, or more than 8 TiB
     */
    public FrameAllocator(long bytes) {
        long count = bytes / FRAME_SIZE;
        if (count < 1 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("physical memory of " + bytes + " bytes: need at least one "
                    + FRAME_SIZE + "-byte frame and at most " + Integer.MAX_VALUE + " frames");
        }
        int n = (int) count;
        frames = new Frame[n];
        freeStack = new int[n];
        for (int base = 0; base < n; base += FRAMES_PER_CHUNK) {
            int inChunk = Math.min(FRAMES_PER_CHUNK, n - base);
            ByteBuffer chunk = ByteBuffer.allocateDirect(inChunk * FRAME_SIZE);
            for (int i = 0; i < inChunk; i++) {
                frames[base + i] = new Frame(base + i, chunk.slice(i * FRAME_SIZE, FRAME_SIZE));
            }
        }
        // hand out low frame numbers first: easier to read in dumps and tests
        for (int i = 0; i < n; i++) {
            freeStack[i] = n - 1 - i;
        }
        freeTop = n;
    }

    /**
     * Allocates frames to an owner, all or none.
     *
     * @param owner who they are accounted to
     * @param count how many, at least 1
     * @return the frames, zeroed; empty when fewer than {@code count} are free (nothing allocated then)
     * @throws IllegalArgumentException for a count below 1
     */
    public List<Frame> allocate(long owner, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("frame count " + count + " is below 1");
        }
        List<Frame> out = new ArrayList<>(count);
        synchronized (this) {
            if (freeTop < count) {
                return List.of();
            }
            for (int i = 0; i < count; i++) {
                Frame f = frames[freeStack[--freeTop]];
                f.take(owner);
                out.add(f);
            }
            byOwner.merge(owner, (long) count, Long::sum);
        }
        out.forEach(Frame::zero);
        return out;
    }

    /**
     * Returns a frame.
     *
     * @param frame an allocated frame
     * @throws IllegalStateException when it is free already (a double free) or not this allocator's
     */
    public void free(Frame frame) {
        synchronized (this) {
            if (frame.number() >= frames.length || frames[frame.number()] != frame) {
                throw new IllegalStateException(frame + " does not belong to this allocator");
            }
            if (frame.isFree()) {
                throw new IllegalStateException(frame + " freed twice");
            }
            long owner = frame.owner();
            frame.release();
            freeStack[freeTop++] = frame.number();
            byOwner.computeIfPresent(owner, (k, v) -> v == 1 ? null : v - 1);
        }
    }

    /**
     * Moves a frame's accounting to another owner (a page that one activity faulted in and another
     * now holds, say).
     *
     * @param frame    an allocated frame
     * @param newOwner its new owner
     */
    public void transfer(Frame frame, long newOwner) {
        synchronized (this) {
            if (frame.isFree()) {
                throw new IllegalStateException(frame + " is free; nothing to transfer");
            }
            long old = frame.owner();
            byOwner.computeIfPresent(old, (k, v) -> v == 1 ? null : v - 1);
            frame.take(newOwner);
            byOwner.merge(newOwner, 1L, Long::sum);
        }
    }

    /** @return frames in the machine */
    public int totalFrames() {
        return frames.length;
    }

    /** @return frames free now */
    public synchronized int freeFrames() {
        return freeTop;
    }

    /**
     * @param owner an owner
     * @return frames accounted to it now
     */
    public synchronized long framesOf(long owner) {
        return byOwner.getOrDefault(owner, 0L);
    }

    /** @return every owner holding frames now, with how many */
    public synchronized Map<Long, Long> owners() {
        return Map.copyOf(byOwner);
    }
}
