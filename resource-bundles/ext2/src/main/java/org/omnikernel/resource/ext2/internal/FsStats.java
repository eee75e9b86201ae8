package org.omnikernel.resource.ext2.internal;

/**
 * statfs: sizes and free counts from the superblock, and whether the mount may write.
 *
 * @param blockSize bytes per block
 * @param blocks blocks in the file system
 * @param freeBlocks free blocks
 * @param inodes inodes in the file system
 * @param freeInodes free inodes
 * @param readOnlyReason why the mount does not write, or null when it does
 */
public record FsStats(int blockSize, long blocks, long freeBlocks, long inodes, long freeInodes,
        String readOnlyReason) {

    /** @return whether the mount refuses writes */
    public boolean readOnly() {
        return readOnlyReason != null;
    }
}
