package org.omnikernel.resource.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;

/** Message queues: delayed enqueue, dequeue of several, timeouts, wake-ups across threads, close, bind. */
class MessageQueueTest {

    @Test
    void aDelayedMessageArrivesNoSoonerThanItsDelay() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicLong waited = new AtomicLong();
            AtomicReference<Err> early = new AtomicReference<>();
            r.program("delay", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                long t0 = sys.nanoTime();
                sys.enqueue(mq, QueueMessage.user(1, 11), 20_000).value();
                early.set(sys.dequeue(mq, 1, 0).error());
                QueueMessage m = sys.dequeue(mq, 1, Sys.FOREVER).value().get(0);
                waited.set(sys.nanoTime() - t0);
                return m.value();
            });
            assertEquals(11, ProcessRig.exitOf(r.start("delay")));
            assertEquals(Err.TIMEOUT, early.get(), "a poll saw the delayed message at once");
            assertTrue(waited.get() >= 20_000_000, "arrived after " + waited.get() + " ns, before its 20 ms delay");
        }
    }

    @Test
    void dequeueTakesSeveralInOrderUpToItsSize() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicReference<List<List<QueueMessage>>> got = new AtomicReference<>();
            r.program("batch", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                for (int i = 1; i <= 3; i++) {
                    sys.enqueue(mq, QueueMessage.user(i, i * 10), 0).value();
                }
                got.set(List.of(sys.dequeue(mq, 2, 0).value(), sys.dequeue(mq, 2, 0).value()));
                return 0;
            });
            assertEquals(0, ProcessRig.exitOf(r.start("batch")));
            assertEquals(List.of(List.of(QueueMessage.user(1, 10), QueueMessage.user(2, 20)),
                    List.of(QueueMessage.user(3, 30))), got.get());
        }
    }

    @Test
    void dequeueOnAnEmptyQueueTimesOutAfterItsTimeout() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicLong waited = new AtomicLong();
            r.program("timeout", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                long t0 = sys.nanoTime();
                Result<List<QueueMessage>> d = sys.dequeue(mq, 1, 15_000);
                waited.set(sys.nanoTime() - t0);
                return d.error().ordinal();
            });
            assertEquals(Err.TIMEOUT.ordinal(), ProcessRig.exitOf(r.start("timeout")));
            assertTrue(waited.get() >= 15_000_000, "timed out after " + waited.get() + " ns");
        }
    }

    @Test
    void anEnqueueWakesAThreadBlockedInDequeue() {
        try (ProcessRig r = new ProcessRig()) {
            r.program("pingpong", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                Rid reader = sys.threadCreate(Rid.NONE, (s, a) -> s.dequeue(mq, 8, Sys.FOREVER).value().get(0).value(), 0)
                        .value();
                sys.threadSuspend(sys.threadSelf(), 10_000);   // let the reader block first
                sys.enqueue(mq, QueueMessage.user(0, 99), 0).value();
                return sys.threadJoin(reader).value();
            });
            assertEquals(99, ProcessRig.exitOf(r.start("pingpong")));
        }
    }

    @Test
    void aBoundIoAggregateReceivesItsAopenCompletions() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicReference<QueueMessage> done = new AtomicReference<>();
            AtomicLong opened = new AtomicLong();
            r.program("binder", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                Rid ioa = sys.aopen("/ioaggregate?share=10000").value();
                sys.bind(ioa, mq).value();
                opened.set(sys.aopen("/memoryaggregate?share=5000", ioa, 1234).value().value());
                done.set(sys.dequeue(mq, 1, 0).value().get(0));
                return 0;
            });
            assertEquals(0, ProcessRig.exitOf(r.start("binder")));
            assertEquals(new QueueMessage(QueueMessage.AOPEN_DONE, 1234, opened.get()), done.get());
        }
    }

    @Test
    void closingAQueueWakesAThreadBlockedInDequeueWithGone() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicReference<Result<List<QueueMessage>>> got = new AtomicReference<>();
            r.program("closer", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                Rid reader = sys.threadCreate(Rid.NONE, (s, a) -> {
                    got.set(s.dequeue(mq, 1, Sys.FOREVER));
                    return 0;
                }, 0).value();
                sys.threadSuspend(sys.threadSelf(), 10_000);   // let the reader block first
                sys.aclose(mq).value();
                return sys.threadJoin(reader).value();
            });
            assertEquals(0, ProcessRig.exitOf(r.start("closer")));
            assertEquals(Err.GONE, got.get().error(), got.get()::toString);
            assertTrue(got.get().message().contains("closed"), got.get().message());
        }
    }
}
