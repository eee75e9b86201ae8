package org.omnikernel.resource.filecache.internal;

import java.util.Iterator;
import java.util.LinkedHashSet;

import org.omnikernel.okrt.Activity;

/**
 * The priority queue of one activity (seed §3.2.2): the pages it brought in or last wrote, least
 * recently used first.
 */
final class ActivityQueue {

    final Activity activity;
    private final LinkedHashSet<Page> pages = new LinkedHashSet<>();

    ActivityQueue(Activity activity) {
        this.activity = activity;
    }

    void add(Page p) {
        pages.add(p);
    }

    void remove(Page p) {
        pages.remove(p);
    }

    /** Moves a page to the most recently used end. */
    void touch(Page p) {
        if (pages.remove(p)) {
            pages.add(p);
        }
    }

    /** @return the least recently used page that can be dropped now, or null */
    Page firstEvictable() {
        for (Page p : pages) {
            if (p.evictable()) {
                return p;
            }
        }
        return null;
    }

    Iterator<Page> iterator() {
        return pages.iterator();
    }

    long bytes() {
        return (long) pages.size() * Page.SIZE;
    }

    /** @return its weight for the proportional share of the cache: the activity's {@code share}, at least 1 */
    long weight() {
        return activity.parameters().getLong("share", 1, 1);
    }
}
