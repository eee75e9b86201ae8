package org.omnikernel.resource.filecache.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.omnikernel.okrt.Activity;

/**
 * Every cached page, on the priority queue of its activity (seed §3.2.2), with the totals reclaim and
 * the capacity check read. Not thread-safe: FCR calls it under its lock.
 *
 * <p>Victims: {@link #lruVictim()} takes the least recently used page that can be dropped across all
 * queues (what RECLAIM frees); {@link #overShareVictim()} takes the least recently used such page of
 * the activity that holds the most bytes per unit of its {@code share} (what the capacity bound frees).
 */
final class PagePool {

    private final Map<Long, ActivityQueue> queues = new HashMap<>();
    private long clock;
    private long pages;
    private long dirty;

    ActivityQueue queue(Activity a) {
        return queues.computeIfAbsent(a.id(), id -> new ActivityQueue(a));
    }

    /** Puts a new page on an activity's queue. */
    void add(Page p, Activity a) {
        p.owner = queue(a);
        p.owner.add(p);
        p.lastUse = ++clock;
        pages++;
    }

    /** Marks a use of a page: most recently used on its owner's queue. */
    void touch(Page p) {
        p.lastUse = ++clock;
        p.owner.touch(p);
    }

    /** Moves a page to the queue of the activity that wrote it, and marks it dirty (unless its file is unlinked). */
    void written(Page p, Activity a) {
        ActivityQueue q = queue(a);
        if (p.owner != q) {
            p.owner.remove(p);
            p.owner = q;
            q.add(p);
        }
        if (!p.dirty && !p.file.unlinked) {
            p.dirty = true;
            p.file.dirtyPages++;
            dirty++;
        }
        p.version++;
        touch(p);
    }

    void cleaned(Page p) {
        if (p.dirty) {
            p.dirty = false;
            p.file.dirtyPages--;
            dirty--;
        }
    }

    /** Drops a page from its file and its queue; its buffer goes with the cache's reference to it. */
    void remove(Page p) {
        cleaned(p);
        if (p.file.pages.remove(p)) {
            pages--;
        }
        p.owner.remove(p);
        if (p.owner.bytes() == 0) {
            queues.remove(p.owner.activity.id(), p.owner);
        }
        if (p.data != null) {
            p.data.release();
            p.data = null;
        }
    }

    Page lruVictim() {
        Page best = null;
        for (ActivityQueue q : queues.values()) {
            Page p = q.firstEvictable();
            if (p != null && (best == null || p.lastUse < best.lastUse)) {
                best = p;
            }
        }
        return best;
    }

    /**
     * @return the least recently used droppable page of the activity most over its proportional share,
     *         trying the next activity when one has only dirty or busy pages; null if none can go
     */
    Page overShareVictim() {
        List<ActivityQueue> byExcess = new ArrayList<>(queues.values());
        byExcess.sort((x, y) -> Double.compare((double) y.bytes() / y.weight(), (double) x.bytes() / x.weight()));
        for (ActivityQueue q : byExcess) {
            Page p = q.firstEvictable();
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    long bytes() {
        return pages * Page.SIZE;
    }

    long dirtyBytes() {
        return dirty * Page.SIZE;
    }

    /** @return bytes held per activity, by activity name (ids added when two share a name) */
    Map<String, Long> bytesByActivity() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ActivityQueue q : queues.values()) {
            m.merge(q.activity.name(), q.bytes(), Long::sum);
        }
        return m;
    }

    Collection<ActivityQueue> queues() {
        return queues.values();
    }
}
