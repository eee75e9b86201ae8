package org.omnikernel.resource.iostream.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.IosFlags;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.StreamRead;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.ProcessHandle;

/**
 * I/O streams in a real kernel with real processes: the process's ioswrite and iosread on one side,
 * READ and WRITE of the flow protocol (sent by {@link FlowProbe}, as AIOR sends them) on the other.
 */
class IoStreamTest {

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static FlowProbe probe(StreamRig r) {
        FlowProbe p = new FlowProbe(r.kernel.createActivity("probe", Parameters.of("share", "1")));
        r.attach(p);
        return p;
    }

    private static IoStreamImpl onlyStream(StreamRig r) throws InterruptedException {
        StreamRig.await("the program's stream", () -> r.ior.streams().size() == 1);
        return r.ior.streams().get(0);
    }

    @Test
    void aWriterBlocksAtCapacityAndReadsTakeItsBytesInOrderThenTheEnd() throws Exception {
        byte[] data = pattern(20);
        try (StreamRig r = new StreamRig(FlowProbe.NAME)) {
            FlowProbe probe = probe(r);
            r.program("writer", (sys, args) -> {
                Rid s = sys.aopen("/iostream?capacity=8").value();
                long n = sys.iosWrite(s, data, 0, data.length, 0).value();
                return n + sys.iosWrite(s, data, 0, 0, IosFlags.SIGNAL_EOF).value();
            });
            ProcessHandle p = r.start("writer");
            IoStreamImpl stream = onlyStream(r);
            StreamRig.await("the writer blocked on a full buffer",
                    () -> stream.blockedThreads() == 1 && stream.outgoingBytes() == 8);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (;;) {
                probe.read(stream.handle(), 5);
                FlowProbe.Answer a = probe.next(20_000);
                assertNotNull(a, "a READ was not answered");
                Buffer b = a.reply().value(Buffer.class);
                assertTrue(b.length() <= 5, "answered " + b.length() + " bytes to a READ of 5");
                assertTrue(stream.outgoingBytes() <= 8, "the buffer holds more than its capacity");
                if (b.length() == 0) {
                    break;
                }
                byte[] bytes = new byte[b.length()];
                b.view().get(bytes);
                got.write(bytes);
                b.release();
            }
            assertArrayEquals(data, got.toByteArray());
            assertEquals(20, StreamRig.exitOf(p));
        }
    }

    @Test
    void aReadOfAnEmptyStreamWaitsForDataInsteadOfAnsweringEmpty() throws Exception {
        try (StreamRig r = new StreamRig(FlowProbe.NAME)) {
            FlowProbe probe = probe(r);
            AtomicLong wroteAt = new AtomicLong();
            r.program("late", (sys, args) -> {
                Rid s = sys.aopen("/iostream").value();
                sys.threadSuspend(sys.threadSelf(), 100_000);
                wroteAt.set(System.nanoTime());
                return sys.iosWrite(s, new byte[] {42}, 0, 1, IosFlags.SIGNAL_EOF).value();
            });
            ProcessHandle p = r.start("late");
            IoStreamImpl stream = onlyStream(r);
            probe.read(stream.handle(), 100);
            FlowProbe.Answer a = probe.next(20_000);
            assertNotNull(a);
            assertEquals(1, a.reply().value(Buffer.class).length(), "the READ was answered before the data came");
            assertTrue(a.nanos() >= wroteAt.get() && wroteAt.get() > 0, "answered before the write");
            assertEquals(1, StreamRig.exitOf(p));
        }
    }

    @Test
    void flowWritesReachIosReadWithBackPressureAndTheEndOfTheStream() throws Exception {
        try (StreamRig r = new StreamRig(FlowProbe.NAME)) {
            FlowProbe probe = probe(r);
            AtomicLong readAt = new AtomicLong();
            AtomicReference<QueueMessage> notice = new AtomicReference<>();
            List<StreamRead> reads = new ArrayList<>();
            r.program("reader", (sys, args) -> {
                Rid s = sys.aopen("/iostream?capacity=4").value();
                Rid mq = sys.aopen("/messagequeue").value();
                sys.bind(s, mq).value();
                notice.set(sys.dequeue(mq, 1, Sys.FOREVER).value().get(0));
                sys.threadSuspend(sys.threadSelf(), 100_000);   // the second WRITE must wait meanwhile
                readAt.set(System.nanoTime());
                for (;;) {
                    StreamRead got = sys.iosRead(s, 3, 0, Sys.FOREVER).value();
                    reads.add(got);
                    if (got.endOfStream()) {
                        return s.value();
                    }
                }
            });
            ProcessHandle p = r.start("reader");
            IoStreamImpl stream = onlyStream(r);
            StreamRig.await("the reader bound its stream", () -> stream.blockedThreads() == 0 && p.openRids() >= 5);
            probe.write(stream.handle(), new byte[] {1, 2, 3, 4});
            FlowProbe.Answer first = probe.next(20_000);
            assertEquals(4L, first.reply().value(Long.class));
            probe.write(stream.handle(), new byte[] {5, 6, 7});
            probe.write(stream.handle(), new byte[0]);
            FlowProbe.Answer second = probe.next(20_000);
            assertEquals(3L, second.reply().value(Long.class));
            assertTrue(second.nanos() >= readAt.get() && readAt.get() > 0, "a WRITE beyond capacity was taken before a read made room");
            assertEquals(0L, probe.next(20_000).reply().value(Long.class));
            long rid = StreamRig.exitOf(p);
            assertEquals(new QueueMessage(QueueMessage.IOS_DATA, rid, 4), notice.get());
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (StreamRead sr : reads.subList(0, reads.size() - 1)) {
                assertFalse(sr.endOfStream());
                assertTrue(sr.data().isReadOnly(), "read data must be read-only");
                all.write(sr.bytes());
            }
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7}, all.toByteArray());
            assertEquals(0, reads.get(reads.size() - 1).length());
        }
    }

    @Test
    void pollAndTimeoutTellTheStateWithoutBlocking() throws Exception {
        try (StreamRig r = new StreamRig()) {
            AtomicReference<List<Object>> seen = new AtomicReference<>();
            r.program("poller", (sys, args) -> {
                Rid s = sys.aopen("/iostream?capacity=10").value();
                Rid mq = sys.aopen("/messagequeue").value();
                sys.bind(s, mq).value();
                Result<StreamRead> empty = sys.iosRead(s, 10, IosFlags.STATE_POLL, Sys.FOREVER);
                Result<StreamRead> timeout = sys.iosRead(s, 10, 0, 20_000);
                long first = sys.iosWrite(s, pattern(16), 0, 16, IosFlags.STATE_POLL).value();
                long second = sys.iosWrite(s, pattern(16), 0, 16, IosFlags.STATE_POLL).value();
                seen.set(List.of(empty.value().length(), empty.value().endOfStream(), timeout.error(), first, second,
                        sys.dequeue(mq, 1, 0).error()));
                return 0;
            });
            assertEquals(0, StreamRig.exitOf(r.start("poller")));
            assertEquals(List.of(0, false, Err.TIMEOUT, 10L, 0L, Err.TIMEOUT), seen.get());
        }
    }

    @Test
    void aWriterThatPolledAFullStreamIsToldOnItsQueueWhenAFlowMakesRoom() throws Exception {
        try (StreamRig r = new StreamRig(FlowProbe.NAME)) {
            FlowProbe probe = probe(r);
            AtomicReference<List<Object>> seen = new AtomicReference<>();
            r.program("spacer", (sys, args) -> {
                Rid s = sys.aopen("/iostream?capacity=6").value();
                Rid mq = sys.aopen("/messagequeue").value();
                sys.bind(s, mq).value();
                long first = sys.iosWrite(s, pattern(10), 0, 10, IosFlags.STATE_POLL).value();
                QueueMessage m = sys.dequeue(mq, 1, Sys.FOREVER).value().get(0);
                long second = sys.iosWrite(s, pattern(10), 6, 4, IosFlags.STATE_POLL | IosFlags.SIGNAL_EOF).value();
                seen.set(List.of(first, m, second));
                return s.value();
            });
            ProcessHandle p = r.start("spacer");
            IoStreamImpl stream = onlyStream(r);
            StreamRig.await("the poll filled the stream", () -> stream.outgoingBytes() == 6);
            probe.read(stream.handle(), 4);
            assertEquals(4, probe.next(20_000).reply().value(Buffer.class).length());
            long rid = StreamRig.exitOf(p);
            assertEquals(List.of(6L, new QueueMessage(QueueMessage.IOS_SPACE, rid, 4), 4L), seen.get());
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheirErrorCodes() throws Exception {
        try (StreamRig r = new StreamRig()) {
            AtomicReference<Map<String, Err>> errors = new AtomicReference<>();
            r.program("bad", (sys, args) -> {
                Rid s = sys.aopen("/iostream?capacity=4").value();
                Rid mq = sys.aopen("/messagequeue").value();
                sys.iosWrite(s, new byte[1], 0, 1, IosFlags.SIGNAL_EOF).value();
                errors.set(Map.ofEntries(
                        Map.entry("capacity 0", sys.aopen("/iostream?capacity=0").error()),
                        Map.entry("capacity abc", sys.aopen("/iostream?capacity=abc").error()),
                        Map.entry("unknown parameter", sys.aopen("/iostream?size=3").error()),
                        Map.entry("sub-path", sys.aopen("/iostream/x").error()),
                        Map.entry("range", sys.iosWrite(s, new byte[4], 2, 3, 0).error()),
                        Map.entry("negative length", sys.iosWrite(s, new byte[4], 0, -1, 0).error()),
                        Map.entry("unknown write flag", sys.iosWrite(s, new byte[4], 0, 1, 1).error()),
                        Map.entry("kernel access", sys.iosRead(s, 1, IosFlags.ACCESS_KERNEL, 0).error()),
                        Map.entry("after the end", sys.iosWrite(s, new byte[4], 0, 1, 0).error()),
                        Map.entry("read size 0", sys.iosRead(s, 0, 0, 0).error()),
                        Map.entry("timeout -2", sys.iosRead(s, 1, 0, -2).error()),
                        Map.entry("a queue", sys.iosWrite(mq, new byte[1], 0, 1, 0).error()),
                        Map.entry("no such RID", sys.iosRead(new Rid(999), 1, 0, 0).error()),
                        Map.entry("bind a thread", sys.bind(sys.threadSelf(), mq).error())));
                return 0;
            });
            assertEquals(0, StreamRig.exitOf(r.start("bad")));
            Map<String, Err> e = errors.get();
            assertEquals(Map.ofEntries(
                    Map.entry("capacity 0", Err.BAD_PARAMETER), Map.entry("capacity abc", Err.BAD_PARAMETER),
                    Map.entry("unknown parameter", Err.BAD_PARAMETER), Map.entry("sub-path", Err.NO_SUCH_PATH),
                    Map.entry("range", Err.BAD_PARAMETER), Map.entry("negative length", Err.BAD_PARAMETER),
                    Map.entry("unknown write flag", Err.BAD_PARAMETER), Map.entry("kernel access", Err.BAD_PARAMETER),
                    Map.entry("after the end", Err.NOT_PERMITTED), Map.entry("read size 0", Err.BAD_PARAMETER),
                    Map.entry("timeout -2", Err.BAD_PARAMETER), Map.entry("a queue", Err.WRONG_KIND),
                    Map.entry("no such RID", Err.BAD_RID), Map.entry("bind a thread", Err.WRONG_KIND)), e);
            assertEquals(0, r.ior.openStreams(), "the process's streams were not closed when it ended");
        }
    }

    @Test
    void aProcessKilledWhileBlockedInIosReadUnwindsAndItsStreamEnds() throws Exception {
        try (StreamRig r = new StreamRig(FlowProbe.NAME)) {
            FlowProbe probe = probe(r);
            r.program("stuck", (sys, args) -> {
                Rid s = sys.aopen("/iostream").value();
                sys.iosRead(s, 10, 0, Sys.FOREVER);
                return 1;
            });
            ProcessHandle p = r.start("stuck");
            IoStreamImpl stream = onlyStream(r);
            StreamRig.await("the reader blocked", () -> stream.blockedThreads() == 1);
            probe.read(stream.handle(), 10);   // a flow's READ parked on the stream
            StreamRig.await("the READ parked", () -> stream.parkedMessages() == 1);
            p.kill(7);
            assertEquals(7, StreamRig.exitOf(p));
            assertEquals(0, stream.blockedThreads());
            FlowProbe.Answer a = probe.next(20_000);
            assertNotNull(a, "the parked READ was not answered when the stream closed");
            assertEquals(0, a.reply().value(Buffer.class).length(), "a closed stream ends for its flow");
            StreamRig.await("the stream forgotten once its end was read", () -> r.ior.openStreams() == 0);
            assertFalse(r.activitiesLeft(p), () -> "activities left: " + r.kernel.activities());
        }
    }
}
