package org.omnikernel.storage;

/**
 * One entry of a directory listing.
 *
 * @param name  its name (not {@code .} or {@code ..}, which listings leave out)
 * @param inode the inode it names
 * @param type  what it is
 */
public record DirEntry(String name, long inode, FileType type) {
}
