package org.omnikernel.resource.filecache.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A file's pages by page number: an open-addressing hash table of the pages themselves (a page carries
 * its own number, so there is no key array and no boxing), linear probing, deletion by shifting back.
 * A READ of 256 KB looks up 64 pages several times, so this replaced a {@code TreeMap<Long, Page>}
 * whose lookups were a hot spot; the few callers that need page order ({@link WriteBack}) sort what
 * they take. Not thread-safe: FCR calls it under its lock.
 */
final class PageMap {

    private static final int MIN_CAPACITY = 16;

    private Page[] slots = new Page[MIN_CAPACITY];
    private int size;

    /** @return the page with this number, or null */
    Page get(long index) {
        Page[] t = slots;
        int mask = t.length - 1;
        for (int i = slot(index, mask);; i = (i + 1) & mask) {
            Page p = t[i];
            if (p == null || p.index == index) {
                return p;
            }
        }
    }

    /** Adds a page, replacing any page with its number. */
    void put(Page page) {
        if ((size + 1) * 4 > slots.length * 3) {
            resize(slots.length * 2);
        }
        Page[] t = slots;
        int mask = t.length - 1;
        int i = slot(page.index, mask);
        while (t[i] != null && t[i].index != page.index) {
            i = (i + 1) & mask;
        }
        if (t[i] == null) {
            size++;
        }
        t[i] = page;
    }

    /** @return whether {@code page} itself was here (and is gone now); another page with its number stays */
    boolean remove(Page page) {
        Page[] t = slots;
        int mask = t.length - 1;
        int i = slot(page.index, mask);
        while (t[i] != page) {
            if (t[i] == null) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // Shift later pages of the same probe run back into the hole, so that no lookup stops short.
        for (int hole = i, j = (i + 1) & mask;; j = (j + 1) & mask) {
            Page q = t[j];
            if (q == null) {
                t[hole] = null;
                break;
            }
            int home = slot(q.index, mask);
            // q may fill the hole unless its home lies cyclically in (hole, j]
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                t[hole] = q;
                hole = j;
            }
        }
        size--;
        if (size * 8 < slots.length && slots.length > MIN_CAPACITY) {
            resize(slots.length / 2);
        }
        return true;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** @return a snapshot of every page, in no particular order */
    List<Page> all() {
        return matching(p -> true);
    }

    /** @return a snapshot of the pages numbered {@code first} and above, in no particular order */
    List<Page> from(long first) {
        return matching(p -> p.index >= first);
    }

    /** @return a snapshot of the pages that pass {@code test}, in no particular order */
    List<Page> matching(Predicate<Page> test) {
        List<Page> out = new ArrayList<>();
        for (Page p : slots) {
            if (p != null && test.test(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private void resize(int capacity) {
        Page[] old = slots;
        slots = new Page[capacity];
        int mask = capacity - 1;
        for (Page p : old) {
            if (p != null) {
                int i = slot(p.index, mask);
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = p;
            }
        }
    }

    /** Fibonacci hashing: adjacent page numbers land far apart, so runs of them do not cluster. */
    private static int slot(long index, int mask) {
        long h = index * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
