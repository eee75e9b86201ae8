package org.omnikernel.resource.ext2.internal;

/**
 * Told about every committed transaction after its blocks were installed in the {@link BlockView}:
 * EXT2R sends the writes to the disk in order. Must not throw.
 */
@FunctionalInterface
public interface WriteBack {
    /** Discards commits: for a view that writes through (an image file). */
    WriteBack NONE = tx -> { };

    /** @param transaction the blocks written, in disk order */
    void committed(CommittedTransaction transaction);
}
