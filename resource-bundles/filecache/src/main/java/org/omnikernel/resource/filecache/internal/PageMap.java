package org.omnikernel.resource.filecache.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A file's pages by page number, in chunks of {@value #CHUNK} consecutive page numbers (2 MiB of file):
 * a lookup finds its chunk (the last one used is kept at hand, so a sequential reader hashes once per
 * 2 MiB) and then indexes into it, and the pages of a run sit side by side in memory. A READ of 256 KB
 * looks up 64 pages, and FCR's read-ahead checks up to 512 more; a hash table of single pages made each
 * of those a cache miss. Sparse files cost a chunk per 2 MiB region with a page in it. The few callers
 * that need page order ({@link WriteBack}) sort what they take. Not thread-safe: FCR calls it under its
 * lock.
 */
final class PageMap {

    /** Page numbers per chunk. */
    static final int CHUNK = 512;
    private static final int SHIFT = Integer.numberOfTrailingZeros(CHUNK);

    private static final class Chunk {
        final Page[] pages = new Page[CHUNK];
        int count;
    }

    private final Map<Long, Chunk> chunks = new HashMap<>();
    private long lastNumber = -1;
    private Chunk last;
    private int size;

    private Chunk chunk(long index, boolean create) {
        long number = index >>> SHIFT;
        if (number == lastNumber) {
            return last;
        }
        Chunk c = chunks.get(number);
        if (c == null) {
            if (!create) {
                return null;
            }
            c = new Chunk();
            chunks.put(number, c);
        }
        lastNumber = number;
        last = c;
        return c;
    }

    /** @return the page with this number, or null */
    Page get(long index) {
        Chunk c = chunk(index, false);
        return c == null ? null : c.pages[(int) (index & (CHUNK - 1))];
    }

    /** Adds a page, replacing any page with its number. */
    void put(Page page) {
        Chunk c = chunk(page.index, true);
        int i = (int) (page.index & (CHUNK - 1));
        if (c.pages[i] == null) {
            c.count++;
            size++;
        }
        c.pages[i] = page;
    }

    /** @return whether {@code page} itself was here (and is gone now); another page with its number stays */
    boolean remove(Page page) {
        Chunk c = chunk(page.index, false);
        int i = (int) (page.index & (CHUNK - 1));
        if (c == null || c.pages[i] != page) {
            return false;
        }
        c.pages[i] = null;
        size--;
        if (--c.count == 0) {
            long number = page.index >>> SHIFT;
            chunks.remove(number);
            if (lastNumber == number) {
                lastNumber = -1;
                last = null;
            }
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
        for (Chunk c : chunks.values()) {
            for (Page p : c.pages) {
                if (p != null && test.test(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
