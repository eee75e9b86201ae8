package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;

/**
 * The blocks of one volume as the file system sees them, in units of the file system's block size.
 * The file cache implements it over the blocks it holds; {@link ImageFileView} over an image file.
 *
 * <p>Not thread-safe: one resource handler uses it at a time.
 */
public interface BlockView {

    /** @return bytes per block; equals the file system's block size */
    int blockSize();

    /** @return the number of blocks the volume holds */
    long blockCount();

    /**
     * Returns a resident block without copying it.
     *
     * @param block block number, {@code 0 <= block < blockCount()}
     * @return a little-endian buffer of {@link #blockSize()} bytes, positioned at 0; the caller reads it
     *     with absolute gets and never writes it, and does not keep it past the current transaction
     * @throws BlockNotResident when the block is not resident
     */
    ByteBuffer read(long block);

    /** @return whether {@link #install} may be called; a file system on a read-only view mounts read-only */
    default boolean writable() {
        return true;
    }

    /**
     * Makes {@code contents} the block's contents; called when a transaction commits.
     *
     * @param block block number
     * @param contents exactly {@link #blockSize()} bytes from position 0; the view copies them
     */
    void install(long block, ByteBuffer contents);
}
