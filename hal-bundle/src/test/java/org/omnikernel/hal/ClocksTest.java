package org.omnikernel.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClocksTest {

    @Test
    void allocatedBytesGrowWhenTheThreadAllocates() {
        long before = Clocks.currentThreadAllocatedBytes();
        byte[][] keep = new byte[64][];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = new byte[1024];
        }
        long after = Clocks.currentThreadAllocatedBytes();
        assertTrue(Clocks.allocationMeasured(), "this JDK offers per-thread allocation counts");
        assertTrue(after - before >= 64 * 1024, "allocated " + (after - before) + " bytes, expected ≥ 64 KiB");
        assertEquals(64, keep.length);
    }

    @Test
    void threadCpuTimeAdvancesUnderWork() {
        long before = Clocks.currentThreadCpuNanos();
        long x = 0;
        long until = Clocks.monotonicNanos() + 20_000_000;
        while (Clocks.monotonicNanos() < until) {
            x += Long.numberOfTrailingZeros(x + 1);
        }
        assertTrue(Clocks.currentThreadCpuNanos() > before, "cpu clock advanced (x=" + x + ")");
    }

    @Test
    void coreCountRejectsNonsenseWithTheBadValue() {
        assertEquals(Processors.available(), Processors.coreCount(null));
        assertEquals(3, Processors.coreCount(" 3 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Processors.coreCount("two"));
        assertTrue(e.getMessage().contains("omnikernel.cores=\"two\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Processors.coreCount("0"));
    }
}
