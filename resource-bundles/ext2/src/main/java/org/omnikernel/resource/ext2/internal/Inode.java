package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;

/**
 * One on-disk inode, parsed into fields; {@link InodeTable} reads and writes it. Fields this
 * implementation does not use (generation, fragment, extra fields past the base 128 bytes other
 * than i_extra_isize and crtime) are left as they are on disk.
 */
final class Inode {
    static final int S_IFMT = 0xF000;
    static final int S_IFSOCK = 0xC000;
    static final int S_IFLNK = 0xA000;
    static final int S_IFREG = 0x8000;
    static final int S_IFBLK = 0x6000;
    static final int S_IFDIR = 0x4000;
    static final int S_IFCHR = 0x2000;
    static final int S_IFIFO = 0x1000;

    /** i_flags: the directory has an htree index (dir_index). */
    static final int INDEX_FL = 0x1000;
    /** Links an inode may have, as Linux's ext2 allows. */
    static final int LINK_MAX = 32000;
    /** Bytes of i_block: a symlink target shorter than this is stored there (fast symlink). */
    static final int FAST_SYMLINK_MAX = 60;
    static final int DIRECT_BLOCKS = 12;

    final long number;
    int mode;
    int uid;
    int gid;
    long size;
    long atime;
    long ctime;
    long mtime;
    long dtime;
    int links;
    /** i_blocks: 512-byte sectors held, data, block map and extended-attribute block together. */
    long sectors;
    int flags;
    final long[] block = new long[15];
    long fileAcl;

    Inode(long number) {
        this.number = number;
    }

    int type() {
        return mode & S_IFMT;
    }

    boolean isDirectory() {
        return type() == S_IFDIR;
    }

    boolean isRegular() {
        return type() == S_IFREG;
    }

    boolean isSymlink() {
        return type() == S_IFLNK;
    }

    /** @return whether the symlink's target lives in i_block: no blocks held besides an attribute block */
    boolean isFastSymlink(int blockSize) {
        return isSymlink() && sectors == (fileAcl != 0 ? blockSize / 512 : 0);
    }

    /** @return whether i_block holds block pointers (not a fast symlink's target or a device number) */
    boolean hasBlockMap(int blockSize) {
        return isRegular() || isDirectory() || (isSymlink() && !isFastSymlink(blockSize));
    }

    void decode(ByteBuffer b, int off) {
        mode = Short.toUnsignedInt(b.getShort(off));
        uid = Short.toUnsignedInt(b.getShort(off + 2)) | Short.toUnsignedInt(b.getShort(off + 120)) << 16;
        size = Integer.toUnsignedLong(b.getInt(off + 4));
        atime = Integer.toUnsignedLong(b.getInt(off + 8));
        ctime = Integer.toUnsignedLong(b.getInt(off + 12));
        mtime = Integer.toUnsignedLong(b.getInt(off + 16));
        dtime = Integer.toUnsignedLong(b.getInt(off + 20));
        gid = Short.toUnsignedInt(b.getShort(off + 24)) | Short.toUnsignedInt(b.getShort(off + 122)) << 16;
        links = Short.toUnsignedInt(b.getShort(off + 26));
        sectors = Integer.toUnsignedLong(b.getInt(off + 28));
        flags = b.getInt(off + 32);
        for (int i = 0; i < 15; i++) {
            block[i] = Integer.toUnsignedLong(b.getInt(off + 40 + 4 * i));
        }
        fileAcl = Integer.toUnsignedLong(b.getInt(off + 104));
        if (isRegular()) {
            size |= Integer.toUnsignedLong(b.getInt(off + 108)) << 32;
        }
    }

    void encode(ByteBuffer b, int off) {
        b.putShort(off, (short) mode);
        b.putShort(off + 2, (short) uid);
        b.putShort(off + 120, (short) (uid >>> 16));
        b.putInt(off + 4, (int) size);
        b.putInt(off + 8, (int) atime);
        b.putInt(off + 12, (int) ctime);
        b.putInt(off + 16, (int) mtime);
        b.putInt(off + 20, (int) dtime);
        b.putShort(off + 24, (short) gid);
        b.putShort(off + 122, (short) (gid >>> 16));
        b.putShort(off + 26, (short) links);
        b.putInt(off + 28, (int) sectors);
        b.putInt(off + 32, flags);
        for (int i = 0; i < 15; i++) {
            b.putInt(off + 40 + 4 * i, (int) block[i]);
        }
        b.putInt(off + 104, (int) fileAcl);
        b.putInt(off + 108, isRegular() ? (int) (size >>> 32) : 0);
    }
}
