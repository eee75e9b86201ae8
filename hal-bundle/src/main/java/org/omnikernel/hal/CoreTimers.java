package org.omnikernel.hal;

import java.util.PriorityQueue;

/**
 * One core's timers (seed §3.1.1.2, §3.1.8: per-core microsecond timers for delayed scheduling
 * decisions and delayed sends). Deadlines are {@link Clocks#monotonicNanos()} values; timers due at the
 * same instant run in the order they were set.
 *
 * <p>Touched only by its core's thread; other threads set timers through a cross-core call
 * ({@link HardwareCore#post(Runnable)}).
 */
public final class CoreTimers {

    private record Timer(long deadline, long seq, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Timer> heap = new PriorityQueue<>();
    private long seq;

    /**
     * Sets a timer.
     *
     * @param deadlineNanos when it is due, a {@link Clocks#monotonicNanos()} value
     * @param action        what to run then, on this core
     */
    public void add(long deadlineNanos, Runnable action) {
        heap.add(new Timer(deadlineNanos, seq++, action));
    }

    /** @return the earliest deadline, or {@link Long#MAX_VALUE} with none set */
    public long nextDeadline() {
        Timer t = heap.peek();
        return t == null ? Long.MAX_VALUE : t.deadline();
    }

    /**
     * Runs every timer due at {@code now}, in deadline order.
     *
     * @param now the current {@link Clocks#monotonicNanos()}
     * @return how many ran
     */
    public int runDue(long now) {
        int n = 0;
        for (Timer t = heap.peek(); t != null && t.deadline() - now <= 0; t = heap.peek()) {
            heap.poll();
            t.action().run();
            n++;
        }
        return n;
    }

    /** @return timers set and not yet run */
    public int size() {
        return heap.size();
    }

    /** Forgets every timer (the core's kernel stopped). */
    void clear() {
        heap.clear();
    }
}
