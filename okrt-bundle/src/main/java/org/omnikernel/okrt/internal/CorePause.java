package org.omnikernel.okrt.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.omnikernel.hal.Clocks;

/**
 * How long a grid edit (a swap, a core move) held a core between two dispatches.
 *
 * <p>Both figures are kept because they answer different questions: {@code wallNanos} is how long the
 * core dispatched nothing, which includes any time the operating system took the core's thread away
 * mid-hand-over; {@code cpuNanos} is the CPU time the hand-over itself used, which is the edit's own
 * cost. On a machine with more busy threads than processors the first can exceed the second many times.
 *
 * @param wallNanos monotonic time from the hand-over's start to its end
 * @param cpuNanos  CPU time the core's thread used in between
 */
public record CorePause(long wallNanos, long cpuNanos) {

    /** No core was held. */
    public static final CorePause NONE = new CorePause(0, 0);

    /** @return the longer wall time and the longer CPU time of the two (each figure on its own) */
    public CorePause max(CorePause other) {
        return new CorePause(Math.max(wallNanos, other.wallNanos), Math.max(cpuNanos, other.cpuNanos));
    }

    /** Runs a hand-over on a core, between two dispatches, and completes with how long it held the core. */
    static CompletableFuture<CorePause> timedOnCore(Core c, Runnable handOver) {
        CompletableFuture<CorePause> f = new CompletableFuture<>();
        c.post(() -> {
            long wall0 = Clocks.monotonicNanos();
            long cpu0 = Clocks.currentThreadCpuNanos();
            try {
                handOver.run();
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
                return;
            }
            f.complete(new CorePause(Clocks.monotonicNanos() - wall0, Clocks.currentThreadCpuNanos() - cpu0));
        });
        return f;
    }

    /** @return completes when every pause is known, with the longest of each figure */
    static CompletionStage<CorePause> longest(List<CompletableFuture<CorePause>> pauses) {
        return CompletableFuture.allOf(pauses.toArray(CompletableFuture[]::new))
                .thenApply(v -> pauses.stream().map(CompletableFuture::join).reduce(NONE, CorePause::max));
    }
}
