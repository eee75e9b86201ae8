package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/**
 * EXT2R's block cache: clean blocks bounded and evicted least recently used first; blocks with writes
 * in flight never evicted (a read meanwhile would fetch an older copy from the volume), and evictable
 * again, as the most recently used, once their writes are done.
 */
class BlockCacheTest {

    private static final int BS = 1024;

    private static ByteBuffer filled(int value) {
        ByteBuffer b = ByteBuffer.allocate(BS);
        for (int i = 0; i < BS; i++) {
            b.put(i, (byte) value);
        }
        return b;
    }

    @Test
    void cleanBlocksGoLeastRecentlyUsedFirstAndBlocksBeingWrittenStay() {
        BlockCache c = new BlockCache(BS, 10_000, true, 3);
        for (long b = 1; b <= 1000; b++) {
            c.install(b, filled((int) b));
            c.writeSent(b); // a large write: a thousand blocks in flight
        }
        c.install(2000, filled(1));
        c.install(2001, filled(2));
        c.install(2002, filled(3));
        c.read(2000); // 2001 is now the least recently used
        c.install(2003, filled(4));
        c.trim();

        assertEquals(1003, c.size(), "the thousand in flight and three clean");
        assertFalse(c.resident(2001), "the least recently used clean block stays");
        assertTrue(c.resident(2000) && c.resident(2002) && c.resident(2003));
        for (long b = 1; b <= 1000; b++) {
            assertTrue(c.resident(b), "block " + b + " was evicted with a write in flight");
        }

        assertEquals(0, c.writeDone(1));
        c.trim();
        assertTrue(c.resident(1), "a block whose write is done is the most recently used");
        assertFalse(c.resident(2002), "the least recently used clean block went");
        assertEquals((byte) 1, c.read(1).get(0), "the contents survive the move between the lists");
    }

    @Test
    void aBlockWrittenTwiceStaysUntilBothAreDoneAndDropIfCleanSparesIt() {
        BlockCache c = new BlockCache(BS, 100, true, 0);
        c.install(5, filled(5));
        c.writeSent(5);
        c.writeSent(5);
        c.dropIfClean(5);
        c.trim();
        assertTrue(c.resident(5));
        assertEquals(1, c.writeDone(5));
        c.trim();
        assertTrue(c.resident(5), "one write of it is still in flight");
        assertEquals(0, c.writeDone(5));
        c.trim();
        assertFalse(c.resident(5));
        assertEquals(0, c.size());
    }
}
