package org.omnikernel.storage;

/**
 * Requests to FCR ({@value #RESOURCE}), the file cache and the provider of files under the mount
 * points of STOR's routing table (seed §3.2.2, §3.3.1, §5.7). Paths are namespace paths, such as
 * {@code /fs/docs/a.txt}; FCR routes them through {@link StorageService#route}. Every answer is
 * {@code IO_DONE(Long tag, IoReply reply)} ({@link FlowProtocol#DONE}): FCR is a flow endpoint too.
 *
 * <pre>
 *  OPEN     (Long tag, String path, Long aopenFlags, Integer permissions) → FileHandle
 *  READ     (Long tag, Long handle, Long offset, Integer length) → Buffer   ({@link FlowProtocol#READ})
 *  WRITE    (Long tag, Long handle, Long offset, Buffer data)     → Long     ({@link FlowProtocol#WRITE})
 *  TRUNCATE (Long tag, Long handle, Long size)                    → FileAttributes
 *  FSTAT    (Long tag, Long handle)                               → FileAttributes
 *  FSYNC    (Long tag, Long handle)                               → null (its data and metadata on disk; a directory: every change to its file system)
 *  CLOSE    (Long tag, Long handle, Long aopenFlags)              → null (the CLOSE_* flags act now)
 *  STAT     (Long tag, String path)                               → FileAttributes (does not follow a last link)
 *  READDIR  (Long tag, String path)                               → List&lt;DirEntry&gt;
 *  MKDIR    (Long tag, String path, Integer permissions)          → FileAttributes
 *  UNLINK   (Long tag, String path)                               → null
 *  RMDIR    (Long tag, String path)                               → null
 *  RENAME   (Long tag, String from, String to)                    → null (both under one mount)
 *  SYMLINK  (Long tag, String path, String target)                → FileAttributes
 *  READLINK (Long tag, String path)                               → String
 *  RECLAIM  (Long tag, Long bytes)                                → Long bytes freed (seed §3.2.2)
 * </pre>
 *
 * <p>{@code aopenFlags} are those of {@link org.omnikernel.syscall.AopenFlags}. FCR keeps file data in
 * pages on a priority queue per activity, the one that read or wrote them; RECLAIM frees clean
 * pages, least recently used first, and writes dirty ones back. Reads of one activity that miss on
 * adjacent pages are coalesced into file-system requests of at most 32 KB (seed §5.7 note 7).
 */
public final class FileCacheProtocol {

    /**
     * FCR's resource name. OKRT's resource names are dotted ({@code resource.mq}), so FCR is
     * {@code resource.fcr}.
     */
    public static final String RESOURCE = "resource.fcr";
    /** Open or create a file or directory. */
    public static final String OPEN = "OPEN";
    /** Read bytes of an open file. */
    public static final String READ = FlowProtocol.READ;
    /** Write bytes of an open file. */
    public static final String WRITE = FlowProtocol.WRITE;
    /** Set an open file's size. */
    public static final String TRUNCATE = "TRUNCATE";
    /** Attributes of an open file. */
    public static final String FSTAT = "FSTAT";
    /** Put an open file's changes on disk. */
    public static final String FSYNC = "FSYNC";
    /** Close a handle. */
    public static final String CLOSE = "CLOSE";
    /** Attributes by path. */
    public static final String STAT = "STAT";
    /** List a directory. */
    public static final String READDIR = "READDIR";
    /** Create a directory. */
    public static final String MKDIR = "MKDIR";
    /** Remove a file's name. */
    public static final String UNLINK = "UNLINK";
    /** Remove an empty directory. */
    public static final String RMDIR = "RMDIR";
    /** Move a name. */
    public static final String RENAME = "RENAME";
    /** Create a symbolic link. */
    public static final String SYMLINK = "SYMLINK";
    /** Read a symbolic link. */
    public static final String READLINK = "READLINK";
    /** Free cached memory. */
    public static final String RECLAIM = "RECLAIM";
    /** The answer to every request. */
    public static final String DONE = FlowProtocol.DONE;

    private FileCacheProtocol() {
    }
}
