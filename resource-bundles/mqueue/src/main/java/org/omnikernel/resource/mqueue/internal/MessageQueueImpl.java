package org.omnikernel.resource.mqueue.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.omnikernel.okrt.Activity;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.MessageQueue;
import org.omnikernel.syscall.spi.WaitOutcome;

/**
 * A message queue (seed Fig 3.20). Messages are kept in arrival order; a dequeue that finds none
 * registers its kernel thread as a waiter and blocks it (wait token protocol of {@link KThread}), so
 * that the next delivery wakes it; its timeout is a TR timer.
 */
final class MessageQueueImpl implements MessageQueue {

    private record Waiter(KThread thread, long token) {
    }

    private final long id;
    private final MessageQueues owner;
    private final ArrayDeque<QueueMessage> messages = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean closed;

    MessageQueueImpl(long id, MessageQueues owner) {
        this.id = id;
        this.owner = owner;
    }

    @Override
    public String kind() {
        return MESSAGE_QUEUE;
    }

    @Override
    public Result<Void> enqueue(QueueMessage message, long delayMicros, Activity payer) {
        if (delayMicros < 0) {
            return Result.error(Err.BAD_PARAMETER, "enqueue delay " + delayMicros + " µs is negative");
        }
        synchronized (this) {
            if (closed) {
                return Result.error(Err.GONE, this + " is closed");
            }
        }
        if (delayMicros == 0) {
            deliver(message);
            return Result.ok();
        }
        return owner.deliverLater(this, message, delayMicros, payer);
    }

    /** Places a message and wakes every waiter; a closed queue drops it. */
    void deliver(QueueMessage message) {
        List<Waiter> wake;
        synchronized (this) {
            if (closed) {
                return;
            }
            messages.add(message);
            wake = new ArrayList<>(waiters);
            waiters.clear();
        }
        wake.forEach(w -> w.thread().wake(w.token()));
    }

    @Override
    public Result<List<QueueMessage>> dequeue(int max, long timeoutMicros) {
        if (max < 1) {
            return Result.error(Err.BAD_PARAMETER, "dequeue size " + max + " is below 1");
        }
        if (timeoutMicros < Sys.FOREVER) {
            return Result.error(Err.BAD_PARAMETER, "dequeue timeout " + timeoutMicros + " µs: give 0, µs or FOREVER (-1)");
        }
        long deadline = timeoutMicros > 0 ? System.nanoTime() + timeoutMicros * 1000 : 0;
        for (;;) {
            KThread self;
            long token;
            long left = timeoutMicros == Sys.FOREVER ? Sys.FOREVER : (deadline - System.nanoTime()) / 1000;
            synchronized (this) {
                if (!messages.isEmpty()) {
                    return Result.ok(take(max));
                }
                if (closed) {
                    return Result.error(Err.GONE, this + " was closed");
                }
                if (timeoutMicros == 0 || (timeoutMicros > 0 && left <= 0)) {
                    return Result.error(Err.TIMEOUT, "no message on " + this + " within " + timeoutMicros + " µs");
                }
                var me = owner.currentThread();
                if (me.isEmpty()) {
                    return Result.error(Err.NOT_A_KERNEL_THREAD, "a blocking dequeue needs a kernel thread");
                }
                self = me.get();
                token = self.prepareWait();
                waiters.add(new Waiter(self, token));
            }
            if (self.await(token, left) == WaitOutcome.TIMED_OUT) {
                synchronized (this) {
                    waiters.removeIf(w -> w.token() == token);
                }
            }
        }
    }

    private List<QueueMessage> take(int max) {
        List<QueueMessage> out = new ArrayList<>(Math.min(max, messages.size()));
        while (out.size() < max && !messages.isEmpty()) {
            out.add(messages.poll());
        }
        return out;
    }

    @Override
    public synchronized int size() {
        return messages.size();
    }

    /** Drops the messages and wakes the waiters, whose dequeue then fails with {@link Err#GONE}. */
    @Override
    public Result<Void> close() {
        List<Waiter> wake;
        synchronized (this) {
            if (closed) {
                return Result.ok();
            }
            closed = true;
            messages.clear();
            wake = new ArrayList<>(waiters);
            waiters.clear();
        }
        owner.forget(this);
        wake.forEach(w -> w.thread().wake(w.token()));
        return Result.ok();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "message queue " + id;
    }
}
