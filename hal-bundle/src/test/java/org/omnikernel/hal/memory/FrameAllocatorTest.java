package org.omnikernel.hal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class FrameAllocatorTest {

    @Test
    void allocationIsAllOrNothingAndAccountedToItsOwner() {
        FrameAllocator a = new FrameAllocator(10 * FrameAllocator.FRAME_SIZE + 100);
        assertEquals(10, a.totalFrames(), "rounded down to whole frames");
        List<Frame> seven = a.allocate(7, 7);
        assertEquals(7, seven.size());
        assertTrue(a.allocate(8, 4).isEmpty(), "only 3 free: nothing handed out");
        assertEquals(3, a.freeFrames());
        assertEquals(7, a.framesOf(7));
        assertEquals(0, a.framesOf(8));
        assertEquals(Map.of(7L, 7L), a.owners());
        seven.forEach(a::free);
        assertEquals(10, a.freeFrames());
        assertEquals(Map.of(), a.owners());
    }

    @Test
    void framesComeBackZeroedSoNoOwnerSeesAnothersData() {
        FrameAllocator a = new FrameAllocator(FrameAllocator.FRAME_SIZE);
        Frame f = a.allocate(1, 1).get(0);
        ByteBuffer b = f.memory();
        while (b.hasRemaining()) {
            b.put((byte) 0x5a);
        }
        a.free(f);
        Frame again = a.allocate(2, 1).get(0);
        ByteBuffer c = again.memory();
        assertEquals(FrameAllocator.FRAME_SIZE, c.remaining());
        while (c.hasRemaining()) {
            assertEquals(0, c.get());
        }
    }

    @Test
    void aDoubleFreeOrAForeignFrameIsRefusedWithAReason() {
        FrameAllocator a = new FrameAllocator(4 * FrameAllocator.FRAME_SIZE);
        FrameAllocator b = new FrameAllocator(4 * FrameAllocator.FRAME_SIZE);
        Frame f = a.allocate(1, 1).get(0);
        a.free(f);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> a.free(f));
        assertTrue(twice.getMessage().contains("freed twice"), twice.getMessage());
        Frame foreign = b.allocate(1, 1).get(0);
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> a.free(foreign));
        assertTrue(other.getMessage().contains("does not belong"), other.getMessage());
        assertThrows(IllegalStateException.class, f::memory, "a free frame has no memory to touch");
        assertThrows(IllegalArgumentException.class, () -> a.allocate(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameAllocator(100));
    }

    @Test
    void aTransferMovesTheAccounting() {
        FrameAllocator a = new FrameAllocator(4 * FrameAllocator.FRAME_SIZE);
        Frame f = a.allocate(1, 1).get(0);
        a.transfer(f, 2);
        assertEquals(0, a.framesOf(1));
        assertEquals(1, a.framesOf(2));
        assertEquals(2, f.owner());
    }

    @Test
    void concurrentOwnersNeverGetTheSameFrame() throws Exception {
        FrameAllocator a = new FrameAllocator(4096L * FrameAllocator.FRAME_SIZE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Frame>>> got = new ArrayList<>();
            for (int owner = 1; owner <= 4; owner++) {
                long o = owner;
                got.add(pool.submit(() -> {
                    List<Frame> mine = new ArrayList<>();
                    for (int i = 0; i < 1024; i++) {
                        mine.addAll(a.allocate(o, 1));
                    }
                    return mine;
                }));
            }
            Set<Integer> numbers = new HashSet<>();
            for (Future<List<Frame>> f : got) {
                for (Frame frame : f.get()) {
                    assertTrue(numbers.add(frame.number()), "frame " + frame.number() + " handed out twice");
                }
            }
            assertEquals(4096, numbers.size());
            assertEquals(0, a.freeFrames());
            for (long owner = 1; owner <= 4; owner++) {
                assertEquals(1024, a.framesOf(owner));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
