package org.omnikernel.fileio;

import org.omnikernel.syscall.Rid;

/**
 * A file opened with {@link FileIo#open}: its RID, its path and the position {@link FileIo#read} and
 * {@link FileIo#write} use. Belongs to the {@link FileIo} that opened it.
 */
public final class OpenFile {

    private final Rid rid;
    private final String path;
    private final FileIo owner;
    private long position;
    private FileReads reads;
    private FlowTransfer writes;
    private boolean closed;

    OpenFile(Rid rid, String path, FileIo owner) {
        this.rid = rid;
        this.path = path;
        this.owner = owner;
    }

    /** @return the file's RID, for system calls such as {@code fstat} and {@code flowSource} */
    public Rid rid() {
        return rid;
    }

    /** @return the path it was opened by, without flags */
    public String path() {
        return path;
    }

    /** @return where the next {@link FileIo#read} or {@link FileIo#write} starts */
    public long position() {
        return position;
    }

    /**
     * @param position where the next read or write starts, at least 0
     * @throws IllegalArgumentException for a negative position
     */
    public void seek(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position " + position + " of " + path + " is negative");
        }
        this.position = position;
    }

    void advance(long n) {
        position += n;
    }

    FileIo owner() {
        return owner;
    }

    FileReads reads() {
        return reads;
    }

    void reads(FileReads t) {
        reads = t;
    }

    FlowTransfer writes() {
        return writes;
    }

    void writes(FlowTransfer t) {
        writes = t;
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public String toString() {
        return path + " (" + rid + ")";
    }
}
