package org.omnikernel.resource.filecache.internal;

import org.omnikernel.okrt.Activity;

/**
 * The priority queue of one activity (seed §3.2.2): the pages it brought in or last wrote, least
 * recently used first. A list linked through the pages themselves ({@link Page#older},
 * {@link Page#newer}): a READ touches every page it covers, and moving a page to the most recently used
 * end is two unlinks and an append, no hashing.
 */
final class ActivityQueue {

    final Activity activity;
    /** Least recently used. */
    private Page oldest;
    /** Most recently used. */
    private Page newest;
    private int count;

    ActivityQueue(Activity activity) {
        this.activity = activity;
    }

    /** Puts a page at the most recently used end; it must be on no queue. */
    void add(Page p) {
        p.older = newest;
        p.newer = null;
        if (newest == null) {
            oldest = p;
        } else {
            newest.newer = p;
        }
        newest = p;
        p.queued = true;
        count++;
    }

    /** Takes a page off this queue; a page not on it is left alone. */
    void remove(Page p) {
        if (!p.queued || p.owner != this) {
            return;
        }
        if (p.older == null) {
            oldest = p.newer;
        } else {
            p.older.newer = p.newer;
        }
        if (p.newer == null) {
            newest = p.older;
        } else {
            p.newer.older = p.older;
        }
        p.older = null;
        p.newer = null;
        p.queued = false;
        count--;
    }

    /** Moves a page to the most recently used end. */
    void touch(Page p) {
        if (p.queued && p.owner == this && p != newest) {
            remove(p);
            add(p);
        }
    }

    /** @return the least recently used page that can be dropped now, or null */
    Page firstEvictable() {
        for (Page p = oldest; p != null; p = p.newer) {
            if (p.evictable()) {
                return p;
            }
        }
        return null;
    }

    long bytes() {
        return (long) count * Page.SIZE;
    }

    /** @return its weight for the proportional share of the cache: the activity's {@code share}, at least 1 */
    long weight() {
        return activity.parameters().getLong("share", 1, 1);
    }
}
