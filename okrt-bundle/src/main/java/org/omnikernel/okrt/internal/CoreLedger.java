package org.omnikernel.okrt.internal;

/**
 * One core's time accounting (seed §5.3). The dispatch loop reads the monotonic clock at every change
 * of what it does and charges the segment since the previous reading to the category it was in:
 * handler, overhead or idle. Each category is a sum of its own segments; nothing is a remainder, so
 * {@code elapsed - (handler + overhead + idle)} measures the open segment plus any time a code path
 * failed to charge.
 *
 * <p>Single writer: the core's thread. Readers on other threads see each field consistently and the
 * set of fields skewed by at most one segment.
 */
final class CoreLedger {

    private volatile long start;
    private volatile long stop;
    private long mark;
    private volatile long handler;
    private volatile long overhead;
    private volatile long idle;
    private volatile long threadCpu;

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
        overhead += now - mark;
        mark = now;
    }

    void chargeHandler(long now) {
        handler += now - mark;
        mark = now;
    }

    void chargeIdle(long now) {
        idle += now - mark;
        mark = now;
    }

    void sampleThreadCpu(long cpuNanos) {
        threadCpu = cpuNanos;
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
        return handler;
    }

    long overhead() {
        return overhead;
    }

    long idle() {
        return idle;
    }

    long threadCpu() {
        return threadCpu;
    }
}
