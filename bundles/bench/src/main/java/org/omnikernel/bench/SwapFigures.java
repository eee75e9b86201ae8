package org.omnikernel.bench;

import java.util.ArrayList;
import java.util.List;

import org.omnikernel.okrt.internal.CorePause;

/** The swaps' figures, kept by the benchmark thread. */
final class SwapFigures {
    final boolean warmup;
    final List<HotSwapBenchmark.SwapRecord> log = new ArrayList<>();
    long t0;
    final List<CorePause> resourcePauses = new ArrayList<>();
    final List<CorePause> cpuPauses = new ArrayList<>();
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

    /** @return every swap's pause, the resource's and the CPU scheduler's */
    List<CorePause> allPauses() {
        List<CorePause> all = new ArrayList<>(resourcePauses);
        all.addAll(cpuPauses);
        return all;
    }

    /** @return the longest wall time of a swap's hand-over, in ns */
    long maxPause() {
        return allPauses().stream().mapToLong(CorePause::wallNanos).max().orElse(0);
    }
}
