package org.omnikernel.resource.filecache.internal;

import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.Mount;

/**
 * One OPEN: the path, the flags it was opened with (the CLOSE_* ones act at close), and the file, or
 * for a directory only its attributes.
 */
final class Handle {

    final long id;
    final String path;
    final String relative;
    final Mount mount;
    final long flags;
    final CachedFile file;
    final FileAttributes directory;
    /** Where a sequential reader's next READ starts; read-ahead follows it. */
    long nextOffset;
    /** Pages read ahead of this handle's sequential READs now; 0 until it reads sequentially. */
    private int readAhead;

    Handle(long id, String path, String relative, Mount mount, long flags, CachedFile file, FileAttributes directory) {
        this.id = id;
        this.path = path;
        this.relative = relative;
        this.mount = mount;
        this.flags = flags;
        this.file = file;
        this.directory = directory;
    }

    /**
     * The read-ahead window for a READ at {@code offset} (as Linux's readahead: it starts small and
     * doubles while the reader stays sequential, so a reader that seeks about pays for little).
     *
     * @return pages to read ahead of the READ; 0 when it does not continue where the last one ended
     */
    int readAheadFor(long offset, FcrConfig config) {
        if (offset != nextOffset) {
            readAhead = 0;
        } else if (readAhead == 0) {
            readAhead = config.readAheadPages();
        } else {
            readAhead = (int) Math.min(2L * readAhead, config.readAheadMaxPages());
        }
        return readAhead;
    }

    boolean has(long flag) {
        return (flags & flag) != 0;
    }

    @Override
    public String toString() {
        return "handle " + id + " (" + path + ")";
    }
}
