package org.omnikernel.resource.filecache.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.IoReply;

/**
 * One {@value #SIZE}-byte page of a cached file. While it is being fetched its {@link #data} is null
 * and requests that need it wait on it; once filled it sits on the priority queue of the activity that
 * brought it in or last wrote it. The page's buffer may be lent to a reader (a whole-page READ answers
 * with it); a writer then replaces the buffer with a copy instead of writing into it.
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
    long lastUse;
    /** Requests waiting for it to arrive or be applied; >0 keeps it from being evicted. */
    int pins;
    private List<Consumer<IoReply>> waiters = new ArrayList<>();

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
        waiters.add(waiter);
    }

    /** Runs the waiters once the fetch has ended: ok, or why it failed. */
    void arrived(IoReply outcome) {
        List<Consumer<IoReply>> ws = waiters;
        waiters = new ArrayList<>();
        ws.forEach(w -> w.accept(outcome));
    }

    boolean evictable() {
        return data != null && !dirty && pins == 0;
    }
}
