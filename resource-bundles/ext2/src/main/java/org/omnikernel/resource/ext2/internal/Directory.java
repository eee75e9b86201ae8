package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory's entries across its blocks, searched linearly.
 *
 * <p>dir_index: indexed directories are read linearly (the index is invisible to a linear reader).
 * Any change to a directory clears its {@link Inode#INDEX_FL}, which is what e2fsck accepts and what
 * Linux kernels without htree support did: the blocks stay a valid linear directory and the stale
 * index is no longer consulted. {@code e2fsck -fD} rebuilds an index if wanted.
 *
 * <p>Every record is checked before use (length, alignment, name within the record), so a corrupt
 * block gives {@link Ext2Error#CORRUPT}, never a loop or a read past the block.
 */
final class Directory {
    private final Geometry geometry;
    private final BlockMap map;
    private final boolean fileType;
    private final int blockSize;

    Directory(Geometry geometry, BlockMap map) {
        this.geometry = geometry;
        this.map = map;
        this.fileType = geometry.fileTypeInDirectories();
        this.blockSize = geometry.blockSize();
    }

    /** Walks every record of a directory, block by block. */
    private final class Cursor {
        private final Ext2Transaction tx;
        private final Inode dir;
        private final long blocks;
        private long logical = -1;
        private ByteBuffer block;
        private long physical;
        private int off;
        private int prev;
        private int rec;

        Cursor(Ext2Transaction tx, Inode dir) {
            this.tx = tx;
            this.dir = dir;
            this.blocks = (dir.size + blockSize - 1) / blockSize;
        }

        boolean next() {
            if (block != null && off + rec < blockSize) {
                prev = off;
                off += rec;
            } else {
                if (++logical >= blocks) {
                    return false;
                }
                physical = map.lookup(tx, dir, logical);
                if (physical == 0) {
                    throw corrupt("has a hole at block " + logical);
                }
                block = tx.read(physical);
                off = 0;
                prev = -1;
            }
            rec = DirectoryBlock.recordLength(block, off, blockSize);
            if (off + DirectoryBlock.HEADER > blockSize || rec < DirectoryBlock.HEADER || (rec & 3) != 0
                    || off + rec > blockSize || DirectoryBlock.needed(nameLength()) > rec
                    || (inode() != 0 && !geometry.isValidInode(inode()))) {
                throw corrupt("block " + logical + " offset " + off + ": bad entry (rec_len " + rec
                        + ", name_len " + nameLength() + ", inode " + inode() + ")");
            }
            return true;
        }

        long inode() {
            return DirectoryBlock.inode(block, off);
        }

        int nameLength() {
            return DirectoryBlock.nameLength(block, off, fileType);
        }

        boolean named(byte[] name) {
            return inode() != 0 && DirectoryBlock.nameEquals(block, off, nameLength(), name);
        }

        ByteBuffer writable() {
            block = tx.write(physical, BlockKind.DIRECTORY);
            return block;
        }

        private Ext2Exception corrupt(String what) {
            return new Ext2Exception(Ext2Error.CORRUPT, "directory inode " + dir.number + " " + what);
        }
    }

    /** @return the inode the name refers to, or 0 */
    long lookup(Ext2Transaction tx, Inode dir, byte[] name) {
        Cursor c = new Cursor(tx, dir);
        while (c.next()) {
            if (c.named(name)) {
                return c.inode();
            }
        }
        return 0;
    }

    List<DirEntry> list(Ext2Transaction tx, Inode dir) {
        List<DirEntry> out = new ArrayList<>();
        Cursor c = new Cursor(tx, dir);
        while (c.next()) {
            if (c.inode() != 0) {
                out.add(new DirEntry(DirectoryBlock.name(c.block, c.off, c.nameLength()), c.inode(),
                        DirectoryBlock.fileType(c.block, c.off, fileType)));
            }
        }
        return out;
    }

    /** @return whether the directory holds nothing but "." and ".." */
    boolean isEmpty(Ext2Transaction tx, Inode dir) {
        Cursor c = new Cursor(tx, dir);
        while (c.next()) {
            if (c.inode() != 0 && !isDotOrDotDot(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDotOrDotDot(Cursor c) {
        int n = c.nameLength();
        return (n == 1 || n == 2) && c.block.get(c.off + DirectoryBlock.HEADER) == '.'
                && (n == 1 || c.block.get(c.off + DirectoryBlock.HEADER + 1) == '.');
    }

    /**
     * Adds an entry in the first record with room, else in a new block at the end. The caller has
     * checked that the name is not there, and writes the directory inode afterwards.
     */
    void add(Ext2Transaction tx, Inode dir, byte[] name, long ino, int type, long now) {
        int needed = DirectoryBlock.needed(name.length);
        Cursor c = new Cursor(tx, dir);
        while (c.next()) {
            int used = c.inode() == 0 ? 0 : DirectoryBlock.needed(c.nameLength());
            if (c.rec - used >= needed) {
                ByteBuffer b = c.writable();
                int at = c.off + used;
                if (used > 0) {
                    DirectoryBlock.setRecordLength(b, c.off, used, blockSize);
                }
                DirectoryBlock.put(b, at, ino, name, type, fileType);
                DirectoryBlock.setRecordLength(b, at, c.rec - used, blockSize);
                changed(dir, now);
                return;
            }
        }
        long logical = (dir.size + blockSize - 1) / blockSize;
        map.aim(tx, dir, logical);
        ByteBuffer b = map.blockForWrite(tx, dir, logical, true, BlockKind.DIRECTORY, now);
        DirectoryBlock.put(b, 0, ino, name, type, fileType);
        DirectoryBlock.setRecordLength(b, 0, blockSize, blockSize);
        dir.size = (logical + 1) * blockSize;
        changed(dir, now);
    }

    /**
     * Removes the named entry: merged into the record before it, or, first in its block, marked unused.
     *
     * @return the inode it named, or 0 when absent
     */
    long remove(Ext2Transaction tx, Inode dir, byte[] name, long now) {
        Cursor c = new Cursor(tx, dir);
        while (c.next()) {
            if (c.named(name)) {
                long ino = c.inode();
                ByteBuffer b = c.writable();
                if (c.prev >= 0) {
                    int prevLen = DirectoryBlock.recordLength(b, c.prev, blockSize);
                    DirectoryBlock.setRecordLength(b, c.prev, prevLen + c.rec, blockSize);
                } else {
                    b.putInt(c.off, 0);
                }
                changed(dir, now);
                return ino;
            }
        }
        return 0;
    }

    /** Points an existing entry at another inode (rename over an existing name). */
    void replace(Ext2Transaction tx, Inode dir, byte[] name, long ino, int type, long now) {
        Cursor c = new Cursor(tx, dir);
        while (c.next()) {
            if (c.named(name)) {
                DirectoryBlock.setInode(c.writable(), c.off, ino, type, fileType);
                changed(dir, now);
                return;
            }
        }
        throw new Ext2Exception(Ext2Error.NOT_FOUND, "no entry to replace in directory inode " + dir.number);
    }

    /** Writes the first block of a new directory: "." and "..". */
    void initialize(Ext2Transaction tx, Inode dir, long parent, long now) {
        map.aim(tx, dir, 0);
        ByteBuffer b = map.blockForWrite(tx, dir, 0, true, BlockKind.DIRECTORY, now);
        int dot = DirectoryBlock.needed(1);
        DirectoryBlock.put(b, 0, dir.number, DOT, DirectoryBlock.FT_DIR, fileType);
        DirectoryBlock.setRecordLength(b, 0, dot, blockSize);
        DirectoryBlock.put(b, dot, parent, DOT_DOT, DirectoryBlock.FT_DIR, fileType);
        DirectoryBlock.setRecordLength(b, dot, blockSize - dot, blockSize);
        dir.size = blockSize;
    }

    /** @return the inode ".." names */
    long parent(Ext2Transaction tx, Inode dir) {
        long ino = lookup(tx, dir, DOT_DOT);
        if (ino == 0) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "directory inode " + dir.number + " has no '..'");
        }
        return ino;
    }

    /** Points ".." at a new parent (a directory moved to another directory). */
    void setParent(Ext2Transaction tx, Inode dir, long parent, long now) {
        replace(tx, dir, DOT_DOT, parent, DirectoryBlock.FT_DIR, now);
    }

    private static void changed(Inode dir, long now) {
        dir.flags &= ~Inode.INDEX_FL;
        dir.mtime = now;
        dir.ctime = now;
    }

    static final byte[] DOT = ".".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DOT_DOT = "..".getBytes(StandardCharsets.US_ASCII);
}
