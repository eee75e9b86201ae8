package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;

/** Reads and writes inodes in the groups' inode tables. */
final class InodeTable {
    /** Bytes of extra fields Linux and mke2fs use in inodes larger than 128 bytes. */
    private static final int EXTRA_ISIZE = 32;
    private static final int EXTRA_ISIZE_FIELD = 128;
    private static final int CRTIME_FIELD = 144;

    private final Geometry geometry;
    private final GroupDescriptors groups;

    InodeTable(Geometry geometry, GroupDescriptors groups) {
        this.geometry = geometry;
        this.groups = groups;
    }

    /** @throws Ext2Exception CORRUPT when the number is outside 1..s_inodes_count */
    Inode read(Ext2Transaction tx, long ino) {
        checkNumber(ino);
        Inode inode = new Inode(ino);
        inode.decode(tx.read(block(ino)), offset(ino));
        return inode;
    }

    void write(Ext2Transaction tx, Inode inode) {
        inode.encode(tx.write(block(inode.number), BlockKind.INODE_TABLE), offset(inode.number));
    }

    /**
     * Writes a newly allocated inode: everything zeroed first (a freed inode's old contents go), the
     * extra-field size and creation time set as Linux does for large inodes.
     */
    void writeNew(Ext2Transaction tx, Inode inode, long now) {
        ByteBuffer b = tx.write(block(inode.number), BlockKind.INODE_TABLE);
        int off = offset(inode.number);
        b.put(off, new byte[geometry.inodeSize()]);
        if (geometry.inodeSize() >= EXTRA_ISIZE_FIELD + EXTRA_ISIZE) {
            b.putShort(off + EXTRA_ISIZE_FIELD, (short) EXTRA_ISIZE);
            b.putInt(off + CRTIME_FIELD, (int) now);
        }
        inode.encode(b, off);
    }

    private void checkNumber(long ino) {
        if (!geometry.isValidInode(ino)) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "inode number " + ino + " is outside 1.."
                    + geometry.inodesCount());
        }
    }

    private long block(long ino) {
        long index = (ino - 1) % geometry.inodesPerGroup();
        return groups.inodeTable(geometry.groupOfInode(ino)) + index * geometry.inodeSize() / geometry.blockSize();
    }

    private int offset(long ino) {
        long index = (ino - 1) % geometry.inodesPerGroup();
        return (int) (index * geometry.inodeSize() % geometry.blockSize());
    }
}
