package org.omnikernel.resource.filecache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileType;

/** PageMap against a HashMap model: the same pages found, kept and dropped, in every order asked. */
class PageMapTest {

    private static final CachedFile FILE = new CachedFile(new CachedFile.Key("fs", 1),
            new FileAttributes(1, FileType.FILE, 0644, 0, 1, 0, 0, 0, 0, 0, 0));

    @Test
    void randomPutsAndRemovesAgreeWithAModel() {
        PageMap map = new PageMap();
        Map<Long, Page> model = new HashMap<>();
        Random rnd = new Random(12);
        for (int step = 0; step < 200_000; step++) {
            // clustered page numbers (runs), a few far apart, and strides that share low bits
            long index = switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextInt(3000);
                case 1 -> (long) rnd.nextInt(64) << 20;
                default -> Math.abs(rnd.nextLong() >> 8);
            };
            if (rnd.nextInt(5) < 3) {
                Page p = new Page(FILE, index);
                map.put(p);
                model.put(index, p);
            } else {
                Page here = model.get(index);
                Page stranger = new Page(FILE, index);
                assertFalse(map.remove(stranger), "removed another page with the same number");
                assertEquals(here != null, here != null && map.remove(here));
                model.remove(index);
            }
            if (step % 1000 == 0) {
                for (Map.Entry<Long, Page> e : model.entrySet()) {
                    assertSame(e.getValue(), map.get(e.getKey()), "page " + e.getKey() + " at step " + step);
                }
            }
            assertSame(model.get(index), map.get(index));
            assertEquals(model.size(), map.size());
        }
        assertEquals(new HashSet<>(model.values()), new HashSet<>(map.all()));
        for (Page p : List.copyOf(model.values())) {
            assertTrue(map.remove(p));
        }
        assertTrue(map.isEmpty());
        assertNull(map.get(5));
    }

    @Test
    void fromTakesTheTailAndMatchingFilters() {
        PageMap map = new PageMap();
        long[] indexes = {900, 3, 17, 1L << 40, 4, 0, 64};
        for (long i : indexes) {
            map.put(new Page(FILE, i));
        }
        assertEquals(List.of(0L, 3L, 4L, 17L, 64L, 900L, 1L << 40), map.all().stream().map(p -> p.index).sorted().toList());
        assertEquals(List.of(4L, 64L, 900L, 1L << 40),
                map.matching(p -> p.index % 4 == 0 && p.index > 0).stream().map(p -> p.index).sorted().toList());
        assertEquals(List.of(64L, 900L, 1L << 40), map.from(64).stream().map(p -> p.index).sorted().toList());
        Page replacement = new Page(FILE, 17);
        map.put(replacement);
        assertEquals(7, map.size(), "a page with a number already there replaces it");
        assertSame(replacement, map.get(17));
    }
}
