package org.omnikernel.okrt.internal;

import java.util.Map;

import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * The kernel's counters at one instant, for rates: the statistics snapshot and the observed paths.
 *
 * @param nanos      monotonic time
 * @param statistics the statistics snapshot
 * @param paths      messages and bytes per path since boot
 */
record GridSample(long nanos, KernelSnapshot statistics, Map<PathKey, PathTotals> paths) {

    /** A path: sender (or {@code external}) to receiver, by resource id; 0 is external. */
    record PathKey(int from, int to) {
    }

    /** What went along a path since boot; names as they were when counted. */
    record PathTotals(String from, String to, long messages, long bytes) {
    }

    GridSample {
        paths = Map.copyOf(paths);
    }
}
