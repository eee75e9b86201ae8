package org.omnikernel.resource.ext2.internal;

/**
 * The fixed layout of a mounted file system, read once from the superblock: block and group sizes,
 * counts, inode size and features. Nothing here changes while mounted (free counts, state and
 * times are read and written through transactions by {@link Superblock}).
 *
 * @param blockSize bytes per block (1 KiB to 64 KiB)
 * @param blocksCount blocks in the file system
 * @param inodesCount inodes in the file system
 * @param firstDataBlock 1 with 1 KiB blocks, else 0
 * @param blocksPerGroup blocks per block group
 * @param inodesPerGroup inodes per block group
 * @param inodeSize bytes per on-disk inode (128 in revision 0)
 * @param firstInode first inode not reserved
 * @param revision 0 or 1
 * @param compat compatible features
 * @param incompat incompatible features
 * @param roCompat read-only compatible features
 */
record Geometry(int blockSize, long blocksCount, long inodesCount, long firstDataBlock,
        int blocksPerGroup, int inodesPerGroup, int inodeSize, int firstInode, int revision,
        int compat, int incompat, int roCompat) {

    /** Bytes in one group descriptor without the 64bit feature. */
    static final int DESCRIPTOR_SIZE = 32;

    int groupCount() {
        return (int) ((blocksCount - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup);
    }

    /** @return block pointers in one indirect block */
    int pointersPerBlock() {
        return blockSize / 4;
    }

    int descriptorsPerBlock() {
        return blockSize / DESCRIPTOR_SIZE;
    }

    /** @return the block holding the primary superblock (at byte 1024 of the volume) */
    long superblockBlock() {
        return Superblock.OFFSET / blockSize;
    }

    /** @return the primary superblock's byte offset within {@link #superblockBlock()} */
    int superblockOffset() {
        return Superblock.OFFSET % blockSize;
    }

    /** @return first block of the primary group descriptor table */
    long descriptorTableBlock() {
        return firstDataBlock + 1;
    }

    long groupFirstBlock(int group) {
        return firstDataBlock + (long) group * blocksPerGroup;
    }

    /** @return blocks in the group (the last one may be short) */
    int groupBlocks(int group) {
        return (int) Math.min(blocksPerGroup, blocksCount - groupFirstBlock(group));
    }

    int groupOfBlock(long block) {
        return (int) ((block - firstDataBlock) / blocksPerGroup);
    }

    int groupOfInode(long ino) {
        return (int) ((ino - 1) / inodesPerGroup);
    }

    boolean has(int roCompatFlag) {
        return (roCompat & roCompatFlag) != 0;
    }

    boolean fileTypeInDirectories() {
        return (incompat & Features.INCOMPAT_FILETYPE) != 0;
    }

    /** @return whether the group holds a backup superblock (all groups unless sparse_super) */
    boolean groupHasSuperblock(int group) {
        if (group <= 1 || !has(Features.RO_COMPAT_SPARSE_SUPER)) {
            return true;
        }
        return isPower(group, 3) || isPower(group, 5) || isPower(group, 7);
    }

    private static boolean isPower(int n, int base) {
        while (n % base == 0) {
            n /= base;
        }
        return n == 1;
    }

    /** @return whether {@code block} may hold file data or a block map: inside the file system, past the boot block */
    boolean isDataBlock(long block) {
        return block >= firstDataBlock && block < blocksCount && block > superblockBlock();
    }

    boolean isValidInode(long ino) {
        return ino >= 1 && ino <= inodesCount;
    }

    /** @return the largest file size the block map can address (and i_blocks can count) */
    long maxFileSize() {
        long p = pointersPerBlock();
        long blocks = 12 + p + p * p + p * p * p;
        long byMap = blocks > Long.MAX_VALUE / blockSize ? Long.MAX_VALUE : blocks * blockSize;
        // i_blocks counts 512-byte sectors in 32 bits (no huge_file), data and map blocks together.
        long bySectors = ((1L << 32) - 1) * 512 / blockSize * blockSize / 2;
        return Math.min(byMap, bySectors);
    }
}
