package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;

/**
 * The group descriptor table: where each group's bitmaps and inode table are (fixed, read and
 * checked once at mount) and its free counts (read and written through transactions).
 *
 * <p>Only the primary table changes; e2fsck does not compare the backups' free counts, and the
 * locations, which it does rely on, never change.
 */
final class GroupDescriptors {
    private static final int BLOCK_BITMAP = 0;
    private static final int INODE_BITMAP = 4;
    private static final int INODE_TABLE = 8;
    private static final int FREE_BLOCKS = 12;
    private static final int FREE_INODES = 14;
    private static final int USED_DIRS = 16;

    private final Geometry geometry;
    private final long[] blockBitmap;
    private final long[] inodeBitmap;
    private final long[] inodeTable;

    private GroupDescriptors(Geometry geometry, long[] blockBitmap, long[] inodeBitmap, long[] inodeTable) {
        this.geometry = geometry;
        this.blockBitmap = blockBitmap;
        this.inodeBitmap = inodeBitmap;
        this.inodeTable = inodeTable;
    }

    /**
     * Reads the table and checks that every bitmap and inode table lies inside its group.
     *
     * @throws Ext2Exception CORRUPT naming the group and field
     */
    static GroupDescriptors read(Ext2Transaction tx, Geometry g) {
        int n = g.groupCount();
        long[] bb = new long[n];
        long[] ib = new long[n];
        long[] it = new long[n];
        long tableBlocks = ((long) g.inodesPerGroup() * g.inodeSize() + g.blockSize() - 1) / g.blockSize();
        for (int group = 0; group < n; group++) {
            ByteBuffer b = tx.read(g.descriptorTableBlock() + group / g.descriptorsPerBlock());
            int off = (group % g.descriptorsPerBlock()) * Geometry.DESCRIPTOR_SIZE;
            bb[group] = Integer.toUnsignedLong(b.getInt(off + BLOCK_BITMAP));
            ib[group] = Integer.toUnsignedLong(b.getInt(off + INODE_BITMAP));
            it[group] = Integer.toUnsignedLong(b.getInt(off + INODE_TABLE));
            long first = g.groupFirstBlock(group);
            long end = first + g.groupBlocks(group);
            check(bb[group] >= first && bb[group] < end, group, "block bitmap", bb[group], first, end);
            check(ib[group] >= first && ib[group] < end, group, "inode bitmap", ib[group], first, end);
            check(it[group] >= first && it[group] + tableBlocks <= end, group, "inode table", it[group],
                    first, end);
        }
        return new GroupDescriptors(g, bb, ib, it);
    }

    private static void check(boolean ok, int group, String what, long block, long first, long end) {
        if (!ok) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "group " + group + " " + what + " at block "
                    + block + " is outside the group's blocks " + first + ".." + (end - 1));
        }
    }

    long blockBitmap(int group) {
        return blockBitmap[group];
    }

    long inodeBitmap(int group) {
        return inodeBitmap[group];
    }

    long inodeTable(int group) {
        return inodeTable[group];
    }

    int freeBlocks(Ext2Transaction tx, int group) {
        return field(tx, group, FREE_BLOCKS);
    }

    int freeInodes(Ext2Transaction tx, int group) {
        return field(tx, group, FREE_INODES);
    }

    void addFreeBlocks(Ext2Transaction tx, int group, int delta) {
        add(tx, group, FREE_BLOCKS, delta);
    }

    void addFreeInodes(Ext2Transaction tx, int group, int delta) {
        add(tx, group, FREE_INODES, delta);
    }

    void addUsedDirs(Ext2Transaction tx, int group, int delta) {
        add(tx, group, USED_DIRS, delta);
    }

    private int field(Ext2Transaction tx, int group, int field) {
        return Short.toUnsignedInt(tx.read(block(group)).getShort(offset(group) + field));
    }

    private void add(Ext2Transaction tx, int group, int field, int delta) {
        ByteBuffer b = tx.write(block(group), BlockKind.GROUP_DESCRIPTORS);
        int at = offset(group) + field;
        b.putShort(at, (short) (Short.toUnsignedInt(b.getShort(at)) + delta));
    }

    private long block(int group) {
        return geometry.descriptorTableBlock() + group / geometry.descriptorsPerBlock();
    }

    private int offset(int group) {
        return (group % geometry.descriptorsPerBlock()) * Geometry.DESCRIPTOR_SIZE;
    }
}
