package org.omnikernel.okrt.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Running totals of request-queue figures: what destroyed queues ran, kept by their resource and
 * their activity so that statistics never go backwards.
 */
final class QueueTotals {

    final AtomicLong messages = new AtomicLong();
    final AtomicLong cpuNanos = new AtomicLong();
    final AtomicLong memoryBytes = new AtomicLong();
    final AtomicLong nbytes = new AtomicLong();
    final AtomicLong waitingNanos = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();

    /** Adds a queue's figures; called on the queue's core once it is closed for good. */
    void add(RequestQueue q) {
        messages.addAndGet(q.figures.get(RequestQueue.EXECUTED));
        cpuNanos.addAndGet(q.figures.get(RequestQueue.CPU_NANOS));
        memoryBytes.addAndGet(q.figures.get(RequestQueue.MEMORY_BYTES));
        nbytes.addAndGet(q.figures.get(RequestQueue.NBYTES));
        waitingNanos.addAndGet(q.figures.get(RequestQueue.WAITING_NANOS));
        rejected.addAndGet(q.figures.get(RequestQueue.REJECTED));
    }
}
