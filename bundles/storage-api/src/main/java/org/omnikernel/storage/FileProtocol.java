package org.omnikernel.storage;

/**
 * Requests to a file-system resource (EXT2R: one instance per mounted volume, named by
 * {@link MountedFileSystem#resource()}), as FCR sends them. Paths are relative to the file system's
 * root and start with {@code /}; every answer is {@code FS_DONE(Long tag, IoReply reply)}:
 *
 * <pre>
 *  LOOKUP   (Long tag, String path)                        → FileAttributes   (follows symbolic links)
 *  LSTAT    (Long tag, String path)                        → FileAttributes   (does not follow the last)
 *  STAT     (Long tag, Long inode)                         → FileAttributes
 *  CREATE   (Long tag, String path, Integer permissions, Boolean exclusive) → FileAttributes
 *  MKDIR    (Long tag, String path, Integer permissions)   → FileAttributes
 *  SYMLINK  (Long tag, String path, String target)         → FileAttributes
 *  LINK     (Long tag, String existing, String path)       → FileAttributes
 *  UNLINK   (Long tag, String path)                        → null
 *  RMDIR    (Long tag, String path)                        → null
 *  RENAME   (Long tag, String from, String to)             → null
 *  READDIR  (Long tag, String path)                        → List&lt;DirEntry&gt;
 *  READLINK (Long tag, String path)                        → String
 *  READ     (Long tag, Long inode, Long offset, Integer length) → Buffer (short at the end, empty past it)
 *  WRITE    (Long tag, Long inode, Long offset, Buffer data)    → FileAttributes (after the write)
 *  TRUNCATE (Long tag, Long inode, Long size)              → FileAttributes
 *  SYNC     (Long tag)                                     → null (every change so far is on the volume, flushed)
 *  STATFS   (Long tag)                                     → FsStats
 * </pre>
 *
 * <p>Failures carry {@link org.omnikernel.syscall.Err} codes: NOT_FOUND, EXISTS, NOT_A_DIRECTORY,
 * IS_A_DIRECTORY, NOT_EMPTY, NO_SPACE, READ_ONLY, NAME_TOO_LONG, BAD_PARAMETER, IO_ERROR. A failed
 * request changes nothing. The resource orders its volume writes with dependency labels: blocks
 * private to a file under the requesting activity, blocks shared among files (inode tables, bitmaps,
 * group descriptors, the superblock) under the infrastructure activity (seed §5.7). The sender
 * guarantees that no READ or WRITE of a file is in progress while it sends a request that changes
 * that file's metadata (seed §5.7 note 12).
 */
public final class FileProtocol {

    /** Resolve a path, following symbolic links. */
    public static final String LOOKUP = "LOOKUP";
    /** Resolve a path without following a final symbolic link. */
    public static final String LSTAT = "LSTAT";
    /** Attributes of an inode. */
    public static final String STAT = "STAT";
    /** Create a regular file. */
    public static final String CREATE = "CREATE";
    /** Create a directory. */
    public static final String MKDIR = "MKDIR";
    /** Create a symbolic link. */
    public static final String SYMLINK = "SYMLINK";
    /** Create a hard link. */
    public static final String LINK = "LINK";
    /** Remove a name of a file or link. */
    public static final String UNLINK = "UNLINK";
    /** Remove an empty directory. */
    public static final String RMDIR = "RMDIR";
    /** Move a name. */
    public static final String RENAME = "RENAME";
    /** List a directory. */
    public static final String READDIR = "READDIR";
    /** Read a symbolic link's target. */
    public static final String READLINK = "READLINK";
    /** Read file bytes. */
    public static final String READ = "READ";
    /** Write file bytes. */
    public static final String WRITE = "WRITE";
    /** Set a file's size. */
    public static final String TRUNCATE = "TRUNCATE";
    /** Put every change on the volume and flush it. */
    public static final String SYNC = "SYNC";
    /** Capacity. */
    public static final String STATFS = "STATFS";
    /** The answer to every request; clients declare it as {@code (Long, IoReply)}. */
    public static final String DONE = "FS_DONE";

    private FileProtocol() {
    }
}
