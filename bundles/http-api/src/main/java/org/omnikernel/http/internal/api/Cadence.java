package org.omnikernel.http.internal.api;

/**
 * When a statistics-stream subscriber's next event is due. Due times advance from the previous due
 * time, not from the tick that served it, so that a ticker coarser than the interval (and a tick
 * that runs late) delays single events without lowering their rate: with a 1000 ms interval the
 * stream keeps 1 Hz on average. A subscriber more than one interval behind (a tick stalled) starts
 * afresh from now rather than getting a burst of events to catch up.
 *
 * <p>Used by the stream's single ticker thread only.
 */
final class Cadence {

    private final long intervalNanos;
    private long due;

    /**
     * @param intervalNanos time between events
     * @param firstNanos    when the first event is due (monotonic clock)
     */
    Cadence(long intervalNanos, long firstNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval " + intervalNanos + " ns is not positive");
        }
        this.intervalNanos = intervalNanos;
        this.due = firstNanos;
    }

    /**
     * @param nowNanos the monotonic time of this tick
     * @return whether an event is due now; if so, the next one is scheduled
     */
    boolean fire(long nowNanos) {
        if (nowNanos - due < 0) {
            return false;
        }
        due += intervalNanos;
        if (nowNanos - due >= 0) {
            due = nowNanos + intervalNanos;
        }
        return true;
    }
}
