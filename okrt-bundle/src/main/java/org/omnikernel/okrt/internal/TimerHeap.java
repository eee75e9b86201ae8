package org.omnikernel.okrt.internal;

import java.util.PriorityQueue;

/**
 * A core's timers (seed §3.1.1.2: per-core microsecond timers for delayed decisions and sends).
 * Touched only by its core's thread; other threads add timers through the core's inbox.
 */
final class TimerHeap {

    private record Timer(long deadline, long seq, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Timer> heap = new PriorityQueue<>();
    private long seq;

    void add(long deadlineNanos, Runnable action) {
        heap.add(new Timer(deadlineNanos, seq++, action));
    }

    /** @return the earliest deadline, or {@link Long#MAX_VALUE} with none set */
    long nextDeadline() {
        Timer t = heap.peek();
        return t == null ? Long.MAX_VALUE : t.deadline();
    }

    /**
     * Runs every timer due at {@code now}, in deadline order.
     *
     * @return how many ran
     */
    int runDue(long now) {
        int n = 0;
        for (Timer t = heap.peek(); t != null && t.deadline() - now <= 0; t = heap.peek()) {
            heap.poll();
            t.action().run();
            n++;
        }
        return n;
    }

    int size() {
        return heap.size();
    }
}
