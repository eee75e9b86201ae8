package org.omnikernel.storage;

/**
 * What {@code stat} tells about a file, directory or link.
 *
 * @param inode       its inode number
 * @param type        what it is
 * @param permissions the permission bits (the low 12 bits of the mode)
 * @param size        its size in bytes
 * @param links       its hard-link count
 * @param uid         owner
 * @param gid         group
 * @param atime       last access, seconds since the epoch
 * @param mtime       last modification, seconds since the epoch
 * @param ctime       last status change, seconds since the epoch
 * @param blocks      the file-system blocks it occupies (data and index blocks)
 */
public record FileAttributes(long inode, FileType type, int permissions, long size, int links, int uid, int gid,
        long atime, long mtime, long ctime, long blocks) {
}
