package org.omnikernel.resource.filecache.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.IoReply;

/**
 * One {@value #SIZE}-byte page of a cached file. While it is being fetched its {@link #data} is null
 * and requests that need it wait on it; once filled it sits on the priority queue of the activity that
 * brought it in or last wrote it (linked through {@link #newer} and {@link #older}). A fetched page's
 * buffer is a slice of the file system's answer, so its bytes are shared with its neighbours and with
 * readers answered from them; a whole-page READ lends the page's own buffer. A writer therefore never
 * writes into a page's buffer in place unless it is the page's alone ({@link #writableData()}).
 */
final class Page {

    /** Bytes in a page. */
    static final int SIZE = 4096;

    final CachedFile file;
    final long index;
    Buffer data;
    boolean dirty;
    /** Bumped by every write, so that a write-back cleans only what it actually sent. */
    long version;
    ActivityQueue owner;
    /** Its neighbours on its owner's queue (null at the ends), and whether it is on that queue. */
    Page older;
    Page newer;
    boolean queued;
    long lastUse;
    /** Requests waiting for it to arrive or be applied; >0 keeps it from being evicted. */
    int pins;
    /** Null while nobody waits: most pages are never waited on, and a READ makes many pages. */
    private List<Consumer<IoReply>> waiters;

    Page(CachedFile file, long index) {
        this.file = file;
        this.index = index;
    }

    boolean fetching() {
        return data == null;
    }

    long offset() {
        return index * SIZE;
    }

    void await(Consumer<IoReply> waiter) {
        if (waiters == null) {
            waiters = new ArrayList<>(2);
        }
        waiters.add(waiter);
    }

    /** Runs the waiters once the fetch has ended: ok, or why it failed. */
    void arrived(IoReply outcome) {
        List<Consumer<IoReply>> ws = waiters;
        waiters = null;
        if (ws != null) {
            ws.forEach(w -> w.accept(outcome));
        }
    }

    /**
     * @return the page's buffer, first replaced by a private copy when a reader holds it (a whole-page
     *         READ lent it) or it shares its bytes with slices (fetched pages, READ answers over them):
     *         never change bytes someone else sees
     */
    Buffer writableData() {
        if (data.refCount() > 1 || data.isSliced()) {
            Buffer copy = data.copy();
            data.release();
            data = copy;
        }
        return data;
    }

    boolean evictable() {
        return data != null && !dirty && pins == 0;
    }
}
