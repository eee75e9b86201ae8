package org.omnikernel.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineTest {

    @Test
    void memorySizesTakeSuffixesInPowersOf1024() {
        assertEquals(Machine.DEFAULT_MEMORY_BYTES, Machine.memoryBytes(null));
        assertEquals(256L << 20, Machine.memoryBytes("256m"));
        assertEquals(1L << 30, Machine.memoryBytes(" 1G "));
        assertEquals(8192, Machine.memoryBytes("8k"));
        assertEquals(4096, Machine.memoryBytes("4096"));
    }

    @Test
    void aBadMemorySizeNamesThePropertyAndTheValue() {
        for (String bad : new String[] {"lots", "-1m", "1k", "12q", "99999999999999999999g"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Machine.memoryBytes(bad));
            assertTrue(e.getMessage().contains(Machine.MEMORY_PROPERTY) && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void aMachineHasItsCoresFramesAndNoDevicesAtFirst() {
        Machine m = Machine.create(3, 1 << 20);
        assertEquals(3, m.coreCount());
        assertEquals(2, m.core(2).index());
        assertEquals(256, m.frames().totalFrames());
        assertTrue(m.devices().devices().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Machine.create(0, 1 << 20));
    }
}
