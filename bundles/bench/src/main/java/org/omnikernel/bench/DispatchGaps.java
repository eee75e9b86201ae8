package org.omnikernel.bench;

/** Dispatch gaps seen by the handler on one core; only that core's thread writes it. */
final class DispatchGaps {
    final int core;
    long last;
    int lastEpoch;
    long invocations;
    long maxDuringSwaps;
    long maxOutsideSwaps;
    /** Gaps of at least {@link HotSwapBenchmark#GAP_LOG_NANOS}: end time, length, 1 when across a swap; in triples. */
    final long[] longGaps = new long[3 * HotSwapBenchmark.GAP_LOG_CAP];
    int longGapCount;

    DispatchGaps(int core) {
        this.core = core;
    }
}
