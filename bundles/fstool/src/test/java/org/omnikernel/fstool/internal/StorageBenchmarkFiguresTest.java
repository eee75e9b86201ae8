package org.omnikernel.fstool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;

/**
 * The per-pass figures by resource: a resource detached and attached again under the same name (EXT2R
 * after STOR formats the volume) is a second entry with that name, and each entry is diffed against
 * itself. Diffing by name subtracted one entry's earlier figures from both, which reported a whole
 * lifetime of EXT2R messages and handler time (tens of seconds) as one pass of a few seconds.
 */
class StorageBenchmarkFiguresTest {

    private static ResourceStatistics ext2r(int id, boolean attached, long messages, long handlerNanos) {
        return new ResourceStatistics(id, "ext2r.image", "roundrobin", "CPU", attached, messages, handlerNanos, 0, 0, 0, 0,
                0, 0, 0, 1);
    }

    private static KernelSnapshot snapshot(ResourceStatistics... resources) {
        return new KernelSnapshot(0, List.of(), List.of(resources), List.of(), List.of(), 0);
    }

    @Test
    void aNameUsedTwiceIsDiffedPerResourceNotAcrossThem() {
        // the formatting EXT2R (id 7, detached, 500 messages) and the mounting one (id 9) that does the work
        KernelSnapshot before = snapshot(ext2r(7, false, 500, 40_000_000L), ext2r(9, true, 100_000, 30_000_000_000L));
        KernelSnapshot after = snapshot(ext2r(7, false, 500, 40_000_000L), ext2r(9, true, 116_000, 30_300_000_000L));

        assertEquals(Map.of("ext2r.image", 16_000L), StorageBenchmark.messagesByResource(before, after));
        assertEquals(Map.of("ext2r.image", 300.0), StorageBenchmark.cpuByResource(before, after));
    }

    @Test
    void aResourceAttachedDuringThePassCountsFromZero() {
        KernelSnapshot before = snapshot(ext2r(7, true, 500, 40_000_000L));
        KernelSnapshot after = snapshot(ext2r(7, false, 600, 41_000_000L), ext2r(9, true, 50, 2_000_000L));

        assertEquals(Map.of("ext2r.image", 150L), StorageBenchmark.messagesByResource(before, after));
        assertEquals(Map.of("ext2r.image", 3.0), StorageBenchmark.cpuByResource(before, after));
    }
}
