package org.omnikernel.resource.ext2.internal;

/**
 * What stat returns about one inode.
 *
 * @param inode inode number
 * @param mode type and permission bits (S_IFMT | 07777)
 * @param size size in bytes
 * @param links hard links
 * @param uid owner
 * @param gid group
 * @param atime last access, seconds since the epoch
 * @param mtime last modification
 * @param ctime last status change
 * @param sectors 512-byte sectors held (i_blocks)
 */
public record FileStat(long inode, int mode, long size, int links, int uid, int gid, long atime,
        long mtime, long ctime, long sectors) {

    /** @return whether this is a directory */
    public boolean isDirectory() {
        return (mode & Inode.S_IFMT) == Inode.S_IFDIR;
    }

    /** @return whether this is a regular file */
    public boolean isRegularFile() {
        return (mode & Inode.S_IFMT) == Inode.S_IFREG;
    }

    /** @return whether this is a symbolic link */
    public boolean isSymlink() {
        return (mode & Inode.S_IFMT) == Inode.S_IFLNK;
    }

    /** @return the permission bits */
    public int permissions() {
        return mode & 07777;
    }

    static FileStat of(Inode i) {
        return new FileStat(i.number, i.mode, i.size, i.links, i.uid, i.gid, i.atime, i.mtime, i.ctime,
                i.sectors);
    }
}
