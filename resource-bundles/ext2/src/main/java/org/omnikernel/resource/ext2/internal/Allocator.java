package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;

/**
 * Allocates and frees blocks and inodes in the groups' bitmaps, keeping the group descriptors' and
 * the superblock's free counts in step. A group whose descriptor says it is full is skipped without
 * reading its bitmap.
 */
final class Allocator {
    private final Geometry geometry;
    private final GroupDescriptors groups;
    private final Superblock superblock;

    Allocator(Geometry geometry, GroupDescriptors groups, Superblock superblock) {
        this.geometry = geometry;
        this.groups = groups;
        this.superblock = superblock;
    }

    /**
     * @param goal the block to try first (the one after the file's previous block), or 0
     * @return a newly allocated block
     * @throws Ext2Exception NO_SPACE
     */
    long allocateBlock(Ext2Transaction tx, long goal, long now) {
        int n = geometry.groupCount();
        int startGroup = geometry.isDataBlock(goal) ? geometry.groupOfBlock(goal) : 0;
        int startBit = geometry.isDataBlock(goal) ? (int) (goal - geometry.groupFirstBlock(startGroup)) : 0;
        for (int i = 0; i <= n; i++) {
            int group = (startGroup + i) % n;
            if (groups.freeBlocks(tx, group) == 0) {
                continue;
            }
            int from = i == 0 ? startBit : 0;
            int bit = findZero(tx.read(groups.blockBitmap(group)), from, geometry.groupBlocks(group));
            if (bit < 0 && from > 0) {
                continue; // the rest of the start group is scanned again last (i == n)
            }
            if (bit >= 0) {
                setBit(tx.write(groups.blockBitmap(group), BlockKind.BLOCK_BITMAP), bit, true);
                groups.addFreeBlocks(tx, group, -1);
                superblock.addFreeBlocks(tx, -1, now);
                return geometry.groupFirstBlock(group) + bit;
            }
        }
        throw new Ext2Exception(Ext2Error.NO_SPACE, "no free blocks (" + geometry.blocksCount()
                + " blocks in " + n + " groups)");
    }

    /** @throws Ext2Exception CORRUPT when the block is outside the data area or already free */
    void freeBlock(Ext2Transaction tx, long block, long now) {
        if (!geometry.isDataBlock(block)) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "freeing block " + block + " outside the data area");
        }
        int group = geometry.groupOfBlock(block);
        int bit = (int) (block - geometry.groupFirstBlock(group));
        ByteBuffer bitmap = tx.write(groups.blockBitmap(group), BlockKind.BLOCK_BITMAP);
        if (!testBit(bitmap, bit)) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "block " + block + " is freed but already free");
        }
        setBit(bitmap, bit, false);
        groups.addFreeBlocks(tx, group, 1);
        superblock.addFreeBlocks(tx, 1, now);
    }

    /**
     * @param preferredGroup the group to try first (the parent directory's for files)
     * @param directory spread directories: take the group with the most free inodes instead
     * @return a newly allocated inode number
     * @throws Ext2Exception NO_INODES
     */
    long allocateInode(Ext2Transaction tx, int preferredGroup, boolean directory, long now) {
        int n = geometry.groupCount();
        int start = directory ? emptiestGroup(tx) : preferredGroup;
        for (int i = 0; i < n; i++) {
            int group = (start + i) % n;
            if (groups.freeInodes(tx, group) == 0) {
                continue;
            }
            long base = (long) group * geometry.inodesPerGroup();
            // Reserved inodes (below s_first_ino) are never handed out, whatever their bits say.
            int from = (int) Math.max(0, geometry.firstInode() - 1 - base);
            if (from >= geometry.inodesPerGroup()) {
                continue;
            }
            int bit = findZero(tx.read(groups.inodeBitmap(group)), from, geometry.inodesPerGroup());
            if (bit >= 0) {
                setBit(tx.write(groups.inodeBitmap(group), BlockKind.INODE_BITMAP), bit, true);
                groups.addFreeInodes(tx, group, -1);
                if (directory) {
                    groups.addUsedDirs(tx, group, 1);
                }
                superblock.addFreeInodes(tx, -1, now);
                return base + bit + 1;
            }
        }
        throw new Ext2Exception(Ext2Error.NO_INODES, "no free inodes (" + geometry.inodesCount()
                + " inodes)");
    }

    private int emptiestGroup(Ext2Transaction tx) {
        int best = 0;
        int bestFree = -1;
        for (int group = 0; group < geometry.groupCount(); group++) {
            int free = groups.freeInodes(tx, group);
            if (free > bestFree) {
                best = group;
                bestFree = free;
            }
        }
        return best;
    }

    void freeInode(Ext2Transaction tx, long ino, boolean directory, long now) {
        int group = geometry.groupOfInode(ino);
        int bit = (int) ((ino - 1) % geometry.inodesPerGroup());
        ByteBuffer bitmap = tx.write(groups.inodeBitmap(group), BlockKind.INODE_BITMAP);
        if (!testBit(bitmap, bit)) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "inode " + ino + " is freed but already free");
        }
        setBit(bitmap, bit, false);
        groups.addFreeInodes(tx, group, 1);
        if (directory) {
            groups.addUsedDirs(tx, group, -1);
        }
        superblock.addFreeInodes(tx, 1, now);
    }

    /** @return zero bits among the first {@code bits} of a bitmap block */
    static int countFree(ByteBuffer bitmap, int bits) {
        int used = 0;
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            used += Integer.bitCount(bitmap.get(i) & 0xff);
        }
        for (int bit = whole * 8; bit < bits; bit++) {
            used += testBit(bitmap, bit) ? 1 : 0;
        }
        return bits - used;
    }

    static int findZero(ByteBuffer bitmap, int from, int limit) {
        int bit = from;
        while (bit < limit) {
            if ((bit & 7) == 0 && bit + 8 <= limit && bitmap.get(bit >>> 3) == (byte) 0xff) {
                bit += 8;
                continue;
            }
            if (!testBit(bitmap, bit)) {
                return bit;
            }
            bit++;
        }
        return -1;
    }

    static boolean testBit(ByteBuffer bitmap, int bit) {
        return (bitmap.get(bit >>> 3) & (1 << (bit & 7))) != 0;
    }

    static void setBit(ByteBuffer bitmap, int bit, boolean value) {
        int i = bit >>> 3;
        int b = bitmap.get(i);
        bitmap.put(i, (byte) (value ? b | (1 << (bit & 7)) : b & ~(1 << (bit & 7))));
    }
}
