package org.omnikernel.syscall;

/**
 * What {@link Sys#stat} and {@link Sys#fstat} tell about a file, directory or link under a mount
 * point such as {@code /fs}.
 *
 * @param inode       its inode number in its file system
 * @param kind        what it is
 * @param permissions the permission bits, such as {@code 0644}
 * @param size        its size in bytes
 * @param links       its hard-link count
 * @param uid         owner
 * @param gid         group
 * @param atime       last access, seconds since the epoch
 * @param mtime       last modification, seconds since the epoch
 * @param ctime       last status change, seconds since the epoch
 */
public record FileStatus(long inode, Kind kind, int permissions, long size, int links, int uid, int gid, long atime,
        long mtime, long ctime) {

    /** What a name refers to. */
    public enum Kind {
        /** A regular file. */
        FILE,
        /** A directory. */
        DIRECTORY,
        /** A symbolic link. */
        SYMLINK,
        /** Anything else: a device node, a FIFO, a socket. */
        OTHER
    }
}
