package org.omnikernel.hal.device;

/**
 * A block device: a disk, a LUN, a file-backed image. Requests are asynchronous; each accepted request
 * completes with exactly one {@link BlockCompletion} raised as an interrupt.
 */
public interface BlockDevice extends Device {

    @Override
    default String type() {
        return BLOCK;
    }

    /** @return bytes per block, a power of two from 512 */
    int blockSize();

    /** @return blocks on the device */
    long blockCount();

    /** @return requests the device accepts at once; {@link #submit} refuses beyond it */
    int queueDepth();

    /**
     * Starts a request.
     *
     * @param request the request; its buffer belongs to the device until it completes
     * @return false when the device's queue is full (the kernel's read/write resource then rejects the
     *         message and is resumed by the next completion interrupt, seed §3.1.5); true when accepted
     * @throws IllegalArgumentException for a request outside the device
     */
    boolean submit(BlockRequest request);
}
