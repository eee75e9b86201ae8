package org.omnikernel.scheduler.testkit;

import java.util.function.LongSupplier;

/**
 * A monotonic nanosecond clock that moves only when a test advances it: give it to a scheduler in
 * place of the system clock and every expectation about time becomes closed form. For the single
 * thread that drives the scheduler's hooks.
 */
public final class ManualClock implements LongSupplier {

    private long nanos;

    /** @param startNanos the reading before the first {@link #advance}; any instant will do */
    public ManualClock(long startNanos) {
        this.nanos = startNanos;
    }

    /** @return the time now, in ns */
    public long nanos() {
        return nanos;
    }

    /**
     * @param deltaNanos how far to move the clock, at least 0
     * @throws IllegalArgumentException when {@code deltaNanos} is negative: the clock is monotonic
     */
    public void advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("a monotonic clock cannot go back " + deltaNanos + " ns");
        }
        nanos += deltaNanos;
    }

    /** @return {@link #nanos()}, for schedulers that take a {@code LongSupplier} */
    @Override
    public long getAsLong() {
        return nanos;
    }
}
