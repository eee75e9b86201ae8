package org.omnikernel.bench;

import java.util.ArrayList;
import java.util.List;

/** The swaps' figures, kept by the benchmark thread. */
final class SwapFigures {
    final boolean warmup;
    final List<HotSwapBenchmark.SwapRecord> log = new ArrayList<>();
    long t0;
    final List<Long> resourcePauses = new ArrayList<>();
    final List<Long> cpuPauses = new ArrayList<>();
    long maxLatency;
    long maxPauseUndisturbed = -1;
    int gcOverlaps;
    int preempted;
    /** Involuntary context switches of the core threads over the measured phase; -1 unknown. */
    long phasePreemptions = -1;
    int failures;
    String firstFailure;

    SwapFigures(boolean warmup) {
        this.warmup = warmup;
    }

    long maxPause() {
        return java.util.stream.Stream.concat(resourcePauses.stream(), cpuPauses.stream()).mapToLong(Long::longValue).max()
                .orElse(0);
    }
}
