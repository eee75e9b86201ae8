package org.omnikernel.syscall;

/**
 * The flags of {@code aopen} and {@code aclose} for files (seed Fig 3.19), with the seed's bit values.
 * On an aopen path they are written as parameters without values, such as
 * {@code /fs/log.txt?create?truncate}; the names are given with each flag.
 */
public final class AopenFlags {

    /** {@code nocache}: read and write around the file cache. */
    public static final long FILE_NOCACHE = 1L << 47;
    /** {@code create}: create the file when it does not exist. */
    public static final long FILE_CREATE = 1L << 46;
    /** {@code directory}: with create, create a directory. */
    public static final long FILE_CREATE_DIRECTORY = 1L << 45;
    /** {@code truncate}: empty the file on open. */
    public static final long FILE_TRUNCATE = 1L << 44;
    /** {@code exclusive}: with create, fail with EXISTS when the name exists. */
    public static final long FILE_NEXIST = 1L << 43;
    /** {@code sync}: on close, put the file's data and metadata on disk before answering. */
    public static final long FILE_CLOSE_SYNC = 1L << 42;
    /** {@code evict}: on close, drop the file's pages from the cache. */
    public static final long FILE_CLOSE_EVICT = 1L << 41;
    /** {@code unlink}: on close, remove the file's name. */
    public static final long FILE_CLOSE_UNLINK = 1L << 40;

    private AopenFlags() {
    }
}
