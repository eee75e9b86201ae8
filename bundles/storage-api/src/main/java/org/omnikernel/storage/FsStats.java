package org.omnikernel.storage;

/**
 * A file system's capacity, as {@code statfs} tells it.
 *
 * @param blockSize  its block size in bytes
 * @param blocks     all blocks
 * @param freeBlocks free blocks
 * @param inodes     all inodes
 * @param freeInodes free inodes
 * @param readOnly   whether it is mounted read-only
 */
public record FsStats(int blockSize, long blocks, long freeBlocks, long inodes, long freeInodes, boolean readOnly) {
}
