package org.omnikernel.okrt.internal;

/**
 * One core's time accounting (seed §5.3). The dispatch loop reads the monotonic clock at every change
 * of what it does and charges the segment since the previous reading to the category it was in:
 * handler, overhead, idle or interrupt. Each category is a sum of its own segments; nothing is a remainder, so
 * {@code elapsed - (handler + overhead + idle + interrupt)} measures the open segment plus any time a code path
 * failed to charge.
 *
 * <p>Single writer: the core's thread. Readers on other threads see each sum whole and the set of
 * sums skewed by at most the segments charged while they read.
 */
final class CoreLedger {

    private static final int HANDLER = 0;
    private static final int OVERHEAD = 1;
    private static final int IDLE = 2;
    private static final int THREAD_CPU = 3;
    private static final int INTERRUPT = 4;

    private volatile long start;
    private volatile long stop;
    private long mark;
    private final SingleWriterCounters sums = new SingleWriterCounters(5);

    /** Called by the core thread when it begins. */
    void begin(long now) {
        mark = now;
        start = now;
    }

    /** Called by the core thread when it ends, closing the open overhead segment. */
    void end(long now) {
        chargeOverhead(now);
        stop = now;
    }

    void chargeOverhead(long now) {
        sums.add(OVERHEAD, now - mark);
        mark = now;
    }

    /**
     * Charges a handler's segment.
     *
     * @param now           its end
     * @param interruptNanos time within it the core spent in low-level interrupt handlers, timed by the
     *                       HAL: charged as interrupt time, not handler time
     */
    void chargeHandler(long now, long interruptNanos) {
        sums.add(HANDLER, now - mark - interruptNanos);
        if (interruptNanos != 0) {
            sums.add(INTERRUPT, interruptNanos);
        }
        mark = now;
    }

    void chargeInterrupt(long now) {
        sums.add(INTERRUPT, now - mark);
        mark = now;
    }

    void chargeIdle(long now) {
        sums.add(IDLE, now - mark);
        mark = now;
    }

    void sampleThreadCpu(long cpuNanos) {
        sums.set(THREAD_CPU, cpuNanos);
    }

    long start() {
        return start;
    }

    /** @return elapsed ns at {@code now}, or until the core stopped */
    long elapsed(long now) {
        long s = start;
        if (s == 0) {
            return 0;
        }
        long e = stop;
        return (e != 0 ? e : now) - s;
    }

    long handler() {
        return sums.get(HANDLER);
    }

    long overhead() {
        return sums.get(OVERHEAD);
    }

    long idle() {
        return sums.get(IDLE);
    }

    long interrupt() {
        return sums.get(INTERRUPT);
    }

    long threadCpu() {
        return sums.get(THREAD_CPU);
    }
}
