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

    Handle(long id, String path, String relative, Mount mount, long flags, CachedFile file, FileAttributes directory) {
        this.id = id;
        this.path = path;
        this.relative = relative;
        this.mount = mount;
        this.flags = flags;
        this.file = file;
        this.directory = directory;
    }

    boolean has(long flag) {
        return (flags & flag) != 0;
    }

    @Override
    public String toString() {
        return "handle " + id + " (" + path + ")";
    }
}
