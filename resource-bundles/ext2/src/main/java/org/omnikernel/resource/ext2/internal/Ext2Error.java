package org.omnikernel.resource.ext2.internal;

/** What went wrong in a file-system operation; the code EXT2R returns to its callers. */
public enum Ext2Error {
    /** The volume does not hold an ext2 file system (superblock magic is not 0xEF53). */
    BAD_MAGIC,
    /** The file system uses an incompatible feature this implementation cannot read. */
    UNSUPPORTED_FEATURE,
    /** On-disk structures contradict each other or point outside the volume. */
    CORRUPT,
    /** The file system is mounted read-only (or its state forbids writing). */
    READ_ONLY,
    /** No such file or directory. */
    NOT_FOUND,
    /** The name already exists. */
    EXISTS,
    /** A path component is not a directory. */
    NOT_DIRECTORY,
    /** The operation needs a non-directory. */
    IS_DIRECTORY,
    /** The directory to remove or replace is not empty. */
    NOT_EMPTY,
    /** A name is longer than 255 bytes. */
    NAME_TOO_LONG,
    /** The path is malformed: relative, empty, a bad component, or a move into the moved directory. */
    INVALID_PATH,
    /** No free blocks. */
    NO_SPACE,
    /** No free inodes. */
    NO_INODES,
    /** The file would exceed the largest size ext2 can map. */
    FILE_TOO_LARGE,
    /** An inode already has the most links ext2 allows. */
    TOO_MANY_LINKS,
    /** Too many symbolic links while resolving a path. */
    SYMLINK_LOOP,
    /** An argument is out of range (a negative offset or size). */
    INVALID_ARGUMENT
}
