package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The entries of one directory block: inode (4 bytes), record length (2), name length (1), file type
 * (1, with the filetype feature; else the name length takes 2 bytes), name. Records are 4-byte
 * aligned and together cover the block exactly; an entry with inode 0 is unused space.
 *
 * <p>An htree (dir_index) directory reads the same way: its index blocks look like one unused entry
 * spanning the block, and the root's index hides in the slack of "..".
 */
final class DirectoryBlock {
    static final int HEADER = 8;
    static final int MAX_NAME = 255;

    static final int FT_UNKNOWN = 0;
    static final int FT_REG_FILE = 1;
    static final int FT_DIR = 2;
    static final int FT_CHRDEV = 3;
    static final int FT_BLKDEV = 4;
    static final int FT_FIFO = 5;
    static final int FT_SOCK = 6;
    static final int FT_SYMLINK = 7;

    private DirectoryBlock() {
    }

    /** @return bytes an entry with a name of this length needs */
    static int needed(int nameLength) {
        return (HEADER + nameLength + 3) & ~3;
    }

    static long inode(ByteBuffer b, int off) {
        return Integer.toUnsignedLong(b.getInt(off));
    }

    /** Decodes rec_len; 64 KiB blocks store a whole-block record as 0 or 65535. */
    static int recordLength(ByteBuffer b, int off, int blockSize) {
        int len = Short.toUnsignedInt(b.getShort(off + 4));
        if (blockSize == 65536 && (len == 65535 || len == 0)) {
            return 65536;
        }
        return len;
    }

    static void setRecordLength(ByteBuffer b, int off, int len, int blockSize) {
        b.putShort(off + 4, (short) (len == 65536 && blockSize == 65536 ? 65535 : len));
    }

    static int nameLength(ByteBuffer b, int off, boolean fileType) {
        return fileType ? b.get(off + 6) & 0xff : Short.toUnsignedInt(b.getShort(off + 6));
    }

    static int fileType(ByteBuffer b, int off, boolean fileType) {
        return fileType ? b.get(off + 7) & 0xff : FT_UNKNOWN;
    }

    static String name(ByteBuffer b, int off, int nameLength) {
        byte[] name = new byte[nameLength];
        b.get(off + HEADER, name);
        return new String(name, StandardCharsets.UTF_8);
    }

    static boolean nameEquals(ByteBuffer b, int off, int nameLength, byte[] name) {
        if (nameLength != name.length) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (b.get(off + HEADER + i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes an entry's header and name at {@code off}; the record length is set separately. */
    static void put(ByteBuffer b, int off, long ino, byte[] name, int type, boolean fileType) {
        b.putInt(off, (int) ino);
        if (fileType) {
            b.put(off + 6, (byte) name.length);
            b.put(off + 7, (byte) type);
        } else {
            b.putShort(off + 6, (short) name.length);
        }
        b.put(off + HEADER, name);
    }

    static void setInode(ByteBuffer b, int off, long ino, int type, boolean fileType) {
        b.putInt(off, (int) ino);
        if (fileType) {
            b.put(off + 7, (byte) type);
        }
    }

    /** @return the directory-entry file type for an inode mode */
    static int typeOf(int mode) {
        switch (mode & Inode.S_IFMT) {
            case Inode.S_IFREG: return FT_REG_FILE;
            case Inode.S_IFDIR: return FT_DIR;
            case Inode.S_IFCHR: return FT_CHRDEV;
            case Inode.S_IFBLK: return FT_BLKDEV;
            case Inode.S_IFIFO: return FT_FIFO;
            case Inode.S_IFSOCK: return FT_SOCK;
            case Inode.S_IFLNK: return FT_SYMLINK;
            default: return FT_UNKNOWN;
        }
    }
}
