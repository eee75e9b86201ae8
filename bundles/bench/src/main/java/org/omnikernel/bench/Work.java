package org.omnikernel.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * The handler both sides of a comparison run, byte for byte the same code: a busy spin of a fixed
 * number of nanoseconds on the monotonic clock (nothing at all for 0), then one completion counted.
 */
final class Work {

    private final long nanos;
    private final LongAdder completions = new LongAdder();

    /** @param nanos how long each call spins; 0 for a null handler */
    Work(long nanos) {
        this.nanos = nanos;
    }

    /** Runs one message's or task's work. */
    void perform() {
        long n = nanos;
        if (n > 0) {
            long end = System.nanoTime() + n;
            while (System.nanoTime() - end < 0) {
                // spin: the handler's "work"
            }
        }
        completions.increment();
    }

    /** @return the calls completed so far, from any thread */
    long completions() {
        return completions.sum();
    }
}
