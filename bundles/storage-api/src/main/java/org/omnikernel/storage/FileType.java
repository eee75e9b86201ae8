package org.omnikernel.storage;

/** What a directory entry or inode is. */
public enum FileType {
    /** A regular file. */
    FILE,
    /** A directory. */
    DIRECTORY,
    /** A symbolic link. */
    SYMLINK,
    /** Anything else (a device node, a FIFO, a socket): listed, not opened. */
    OTHER
}
