package org.omnikernel.resource.aio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.resource.iostream.internal.StreamRig;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.FlowFlags;
import org.omnikernel.syscall.IosFlags;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.StreamRead;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.ProcessHandle;

/**
 * Flows in a real kernel with real processes: streams written by a program, copied by AIOR into
 * other streams, read back by another thread of the program.
 */
class FlowTest {

    private static final long COOKIE = 77;

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A rig with AIOR attached and offered to PR. */
    private static StreamRig rig(AioResource aior) {
        StreamRig r = new StreamRig(AioResource.NAME);
        r.attach(aior);
        r.pr.setFlows(aior);
        return r;
    }

    /** Reads a stream to its end on the calling thread; returns the bytes. */
    private static byte[] readToEnd(Sys sys, Rid stream, int max) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (;;) {
            StreamRead r = sys.iosRead(stream, max, 0, Sys.FOREVER).value();
            if (r.endOfStream()) {
                return out.toByteArray();
            }
            out.writeBytes(r.bytes());
        }
    }

    /** Takes messages off a queue until one of the type comes (aopens on a bound aggregate announce themselves too). */
    private static QueueMessage next(Sys sys, Rid mq, String type) {
        for (;;) {
            QueueMessage m = sys.dequeue(mq, 1, Sys.FOREVER).value().get(0);
            if (m.type().equals(type)) {
                return m;
            }
        }
    }

    /** Writes in pieces of varied size, then the end. */
    private static void writeAll(Sys sys, Rid stream, byte[] data, int seed) {
        Random sizes = new Random(seed);
        int off = 0;
        while (off < data.length) {
            int n = Math.min(data.length - off, 1 + sizes.nextInt(9000));
            sys.iosWrite(stream, data, off, n, 0).value();
            off += n;
        }
        sys.iosWrite(stream, data, 0, 0, IosFlags.SIGNAL_EOF).value();
    }

    @Test
    void aFlowCopiesOneStreamIntoAnotherInOrderAndReportsTheBytesOnTheBoundQueue() throws Exception {
        byte[] data = pattern(1 << 20, 1);
        AtomicReference<byte[]> got = new AtomicReference<>();
        AtomicReference<QueueMessage> done = new AtomicReference<>();
        AioResource aior = new AioResource(AioResource.DEFAULT_CHUNK, AioResource.DEFAULT_INFLIGHT);
        try (StreamRig r = rig(aior)) {
            r.program("copy", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                Rid ioa = sys.aopen("/ioaggregate?share=100").value();
                sys.bind(ioa, mq).value();
                Rid a = sys.aopen("/iostream?capacity=65536").value();
                Rid b = sys.aopen("/iostream?capacity=65536").value();
                Rid flow = sys.flow(ioa, b, FlowFlags.FIFO, COOKIE).value();
                sys.flowSource(ioa, flow, a, 0, FlowFlags.NBYTES_EOF, 0).value();
                Rid reader = sys.threadCreate(Rid.NONE, (s, arg) -> {
                    got.set(readToEnd(s, b, 10_000));
                    return 0;
                }, 0).value();
                writeAll(sys, a, data, 2);
                done.set(next(sys, mq, QueueMessage.FLOW_SOURCE_DRAINED));
                sys.flowClose(ioa, flow).value();
                return sys.threadJoin(reader).value();
            });
            ProcessHandle p = r.start("copy");
            assertEquals(0, StreamRig.exitOf(p), p.failure());
            assertEquals(new QueueMessage(QueueMessage.FLOW_SOURCE_DRAINED, COOKIE, data.length), done.get());
            assertArrayEquals(data, got.get(), "the bytes that came out differ from those that went in");
            assertNothingLeft(r, aior, p);
        }
    }

    @Test
    void aSmallSinkHoldsBackTheFlowWithinItsInFlightBoundAndEverythingArrives() throws Exception {
        byte[] data = pattern(256 * 1024, 3);
        AtomicReference<byte[]> got = new AtomicReference<>();
        AtomicReference<FlowStats> stats = new AtomicReference<>();
        AioResource aior = new AioResource(4096, 8192);
        try (StreamRig r = rig(aior)) {
            r.program("slow", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                sys.bind(sys.defaultIoa(), mq).value();
                Rid a = sys.aopen("/iostream?capacity=4096").value();
                Rid b = sys.aopen("/iostream?capacity=1024").value();
                Rid flow = sys.flow(Rid.NONE, b, FlowFlags.IMMEDIATE, COOKIE).value();
                sys.flowSource(Rid.NONE, flow, a, 0, data.length, 0).value();
                Rid writer = sys.threadCreate(Rid.NONE, (s, arg) -> {
                    writeAll(s, a, data, 4);
                    return 0;
                }, 0).value();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                while (out.size() < data.length) {
                    out.writeBytes(sys.iosRead(b, 100, 0, Sys.FOREVER).value().bytes());
                    sys.threadYield();
                }
                got.set(out.toByteArray());
                QueueMessage m = next(sys, mq, QueueMessage.FLOW_SOURCE_DRAINED);
                stats.set(aior.stats(aior.flows().get(0)));
                sys.flowClose(Rid.NONE, flow).value();
                sys.threadJoin(writer).value();
                return m.value();
            });
            ProcessHandle p = r.start("slow");
            assertEquals(data.length, StreamRig.exitOf(p), p.failure());
            assertArrayEquals(data, got.get());
            FlowStats s = stats.get();
            assertEquals(data.length, s.sinkBytes());
            assertTrue(s.maxInFlightSeen() > 0 && s.maxInFlightSeen() <= 8192,
                    "WRITE bytes in flight reached " + s.maxInFlightSeen() + ", over the bound of 8192");
            assertNothingLeft(r, aior, p);
        }
    }

    @Test
    void fifoDrainsSourcesInTheOrderAddedAndStopsEachAtItsSize() throws Exception {
        byte[][] parts = {pattern(40_000, 5), pattern(40_000, 6), pattern(40_000, 7)};
        AtomicReference<byte[]> got = new AtomicReference<>();
        List<QueueMessage> done = new ArrayList<>();
        AioResource aior = new AioResource(4096, AioResource.DEFAULT_INFLIGHT);
        try (StreamRig r = rig(aior)) {
            r.program("fifo", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                sys.bind(sys.defaultIoa(), mq).value();
                Rid[] sources = new Rid[3];
                for (int i = 0; i < 3; i++) {
                    sources[i] = sys.aopen("/iostream?capacity=65536").value();
                    sys.iosWrite(sources[i], parts[i], 0, parts[i].length, IosFlags.SIGNAL_EOF).value();
                }
                Rid b = sys.aopen("/iostream?capacity=200000").value();
                Rid flow = sys.flow(Rid.NONE, b, FlowFlags.FIFO, COOKIE).value();
                sys.flowSource(Rid.NONE, flow, sources[0], 0, FlowFlags.NBYTES_EOF, 0).value();
                sys.flowSource(Rid.NONE, flow, sources[1], 0, 1000, 0).value();
                sys.flowSource(Rid.NONE, flow, sources[2], 0, FlowFlags.NBYTES_EOF, 0).value();
                while (done.size() < 3) {
                    done.add(next(sys, mq, QueueMessage.FLOW_SOURCE_DRAINED));
                }
                sys.flowClose(Rid.NONE, flow).value();
                got.set(readToEnd(sys, b, 65536));
                return 0;
            });
            ProcessHandle p = r.start("fifo");
            assertEquals(0, StreamRig.exitOf(p), p.failure());
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(parts[0]);
            expected.write(parts[1], 0, 1000);
            expected.writeBytes(parts[2]);
            assertArrayEquals(expected.toByteArray(), got.get(), "sources were not drained in the order added");
            assertEquals(List.of(40_000L, 1000L, 40_000L), done.stream().map(QueueMessage::value).toList());
            assertTrue(done.stream().allMatch(QueueMessage::isOk), done::toString);
            assertNothingLeft(r, aior, p);
        }
    }

    @Test
    void flowCloseMidTransferStopsTheFlowAndReportsTheSourceGone() throws Exception {
        AtomicReference<QueueMessage> done = new AtomicReference<>();
        AtomicReference<Long> received = new AtomicReference<>();
        AioResource aior = new AioResource(4096, 16_384);
        try (StreamRig r = rig(aior)) {
            r.program("endless", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                sys.bind(sys.defaultIoa(), mq).value();
                Rid a = sys.aopen("/iostream?capacity=8192").value();
                Rid b = sys.aopen("/iostream?capacity=8192").value();
                Rid flow = sys.flow(Rid.NONE, b, 0, COOKIE).value();
                sys.flowSource(Rid.NONE, flow, a, 0, FlowFlags.NBYTES_EOF, 0).value();
                sys.threadCreate(Rid.NONE, (s, arg) -> {
                    byte[] chunk = pattern(1000, 8);
                    for (;;) {
                        if (!s.iosWrite(a, chunk, 0, chunk.length, 0).isOk()) {
                            return 1;
                        }
                    }
                }, 0).value();
                long n = 0;
                while (n < 100_000) {
                    n += sys.iosRead(b, 4096, 0, Sys.FOREVER).value().length();
                }
                sys.flowClose(Rid.NONE, flow).value();
                done.set(next(sys, mq, QueueMessage.FLOW_SOURCE_DRAINED));
                n += readToEnd(sys, b, 4096).length;   // what was in flight, then the end
                received.set(n);
                return 0;
            });
            ProcessHandle p = r.start("endless");
            assertEquals(0, StreamRig.exitOf(p), p.failure());
            QueueMessage m = done.get();
            assertEquals(QueueMessage.FLOW_SOURCE_DRAINED, m.type());
            assertEquals(Err.GONE, m.error());
            assertEquals(received.get(), m.value(), "the drained message must count the bytes the sink took");
            assertNothingLeft(r, aior, p);
        }
    }

    @Test
    void withoutFifoSourcesAreReadTogetherEachInItsOwnOrder() throws Exception {
        byte[][] parts = {pattern(40_000, 9), pattern(40_000, 10)};
        AtomicReference<byte[]> got = new AtomicReference<>();
        List<QueueMessage> done = new ArrayList<>();
        AioResource aior = new AioResource(4096, AioResource.DEFAULT_INFLIGHT);
        try (StreamRig r = rig(aior)) {
            r.program("together", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                sys.bind(sys.defaultIoa(), mq).value();
                Rid b = sys.aopen("/iostream?capacity=200000").value();
                Rid flow = sys.flow(Rid.NONE, b, 0, COOKIE).value();
                for (byte[] part : parts) {
                    Rid a = sys.aopen("/iostream?capacity=65536").value();
                    sys.iosWrite(a, part, 0, part.length, IosFlags.SIGNAL_EOF).value();
                    sys.flowSource(Rid.NONE, flow, a, 0, FlowFlags.NBYTES_EOF, 0).value();
                }
                while (done.size() < 2) {
                    done.add(next(sys, mq, QueueMessage.FLOW_SOURCE_DRAINED));
                }
                sys.flowClose(Rid.NONE, flow).value();
                got.set(readToEnd(sys, b, 65536));
                return 0;
            });
            ProcessHandle p = r.start("together");
            assertEquals(0, StreamRig.exitOf(p), p.failure());
            assertEquals(List.of(40_000L, 40_000L), done.stream().map(QueueMessage::value).toList());
            assertTrue(isInterleavingOf(got.get(), parts[0], parts[1]), "the sink's bytes are not the two sources, each in order");
            assertNothingLeft(r, aior, p);
        }
    }

    @Test
    void withoutFifoASourceWithNothingToGiveDoesNotHoldBackTheOthers() throws Exception {
        byte[] data = pattern(100_000, 15);
        List<QueueMessage> done = new ArrayList<>();
        AtomicReference<byte[]> got = new AtomicReference<>();
        AioResource aior = new AioResource(4096, AioResource.DEFAULT_INFLIGHT);
        try (StreamRig r = rig(aior)) {
            r.program("starve", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                Rid silent = sys.aopen("/iostream").value();
                Rid full = sys.aopen("/iostream?capacity=200000").value();
                Rid b = sys.aopen("/iostream?capacity=200000").value();
                sys.bind(sys.defaultIoa(), mq).value();
                sys.iosWrite(full, data, 0, data.length, IosFlags.SIGNAL_EOF).value();
                Rid flow = sys.flow(Rid.NONE, b, 0, COOKIE).value();
                sys.flowSource(Rid.NONE, flow, silent, 0, FlowFlags.NBYTES_EOF, 0).value();
                sys.flowSource(Rid.NONE, flow, full, 0, FlowFlags.NBYTES_EOF, 0).value();
                done.add(next(sys, mq, QueueMessage.FLOW_SOURCE_DRAINED));
                sys.flowClose(Rid.NONE, flow).value();
                done.add(next(sys, mq, QueueMessage.FLOW_SOURCE_DRAINED));
                got.set(readToEnd(sys, b, 65536));
                return 0;
            });
            ProcessHandle p = r.start("starve");
            assertEquals(0, StreamRig.exitOf(p), p.failure());
            assertEquals(new QueueMessage(QueueMessage.FLOW_SOURCE_DRAINED, COOKIE, data.length), done.get(0));
            assertEquals(new QueueMessage(QueueMessage.FLOW_SOURCE_DRAINED, COOKIE, 0, Err.GONE), done.get(1));
            assertArrayEquals(data, got.get());
            assertNothingLeft(r, aior, p);
        }
    }

    /**
     * @return whether {@code all} consists of a's and b's bytes, each in its order: the longer run that
     *         matches the next bytes of one of them is taken each time (random data: a wrong match is short)
     */
    private static boolean isInterleavingOf(byte[] all, byte[] a, byte[] b) {
        int i = 0;
        int j = 0;
        int k = 0;
        while (k < all.length) {
            int na = run(all, k, a, i);
            int nb = run(all, k, b, j);
            if (na == 0 && nb == 0) {
                return false;
            }
            if (na >= nb) {
                i += na;
                k += na;
            } else {
                j += nb;
                k += nb;
            }
        }
        return i == a.length && j == b.length;
    }

    /** @return how many bytes from all[k] equal those from src[at] */
    private static int run(byte[] all, int k, byte[] src, int at) {
        int n = 0;
        while (k + n < all.length && at + n < src.length && all[k + n] == src[at + n]) {
            n++;
        }
        return n;
    }

    @Test
    void acknowledgementsReportProgressAtTheSinkAndAtTheSource() throws Exception {
        int size = 64 * 1024;
        List<QueueMessage> got = new ArrayList<>();
        AioResource aior = new AioResource(4096, AioResource.DEFAULT_INFLIGHT);
        try (StreamRig r = rig(aior)) {
            r.program("acks", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                Rid a = sys.aopen("/iostream?capacity=65536").value();
                Rid b = sys.aopen("/iostream?capacity=65536").value();
                sys.bind(sys.defaultIoa(), mq).value();
                Rid flow = sys.flow(Rid.NONE, b, FlowFlags.ACK_16KB | FlowFlags.ACK_SINK | FlowFlags.ACK_SOURCE, COOKIE).value();
                sys.flowSource(Rid.NONE, flow, a, 0, size, 0).value();
                writeAll(sys, a, pattern(size, 11), 12);
                for (;;) {
                    QueueMessage m = sys.dequeue(mq, 1, Sys.FOREVER).value().get(0);
                    got.add(m);
                    if (m.type().equals(QueueMessage.FLOW_SOURCE_DRAINED)) {
                        return 0;
                    }
                }
            });
            ProcessHandle p = r.start("acks");
            assertEquals(0, StreamRig.exitOf(p), p.failure());
            for (String type : List.of(QueueMessage.FLOW_ACK, QueueMessage.FLOW_ACK_SOURCE)) {
                List<Long> values = got.stream().filter(m -> m.type().equals(type)).map(QueueMessage::value).toList();
                assertFalse(values.isEmpty(), "no " + type + " in " + got);
                assertEquals(size, values.get(values.size() - 1), type + " did not reach the whole transfer: " + values);
                for (int i = 1; i < values.size(); i++) {
                    assertTrue(values.get(i) / 16384 > values.get(i - 1) / 16384, type + " not one per 16 KB step: " + values);
                }
                assertTrue(values.stream().allMatch(v -> v >= 16384), type + " before the first 16 KB: " + values);
            }
            assertTrue(got.stream().allMatch(m -> m.cookie() == COOKIE));
        }
    }

    @Test
    void aSinkThatGoesAwayEndsTheSourceWithAnError() throws Exception {
        AtomicReference<QueueMessage> done = new AtomicReference<>();
        AioResource aior = new AioResource(4096, 8192);
        try (StreamRig r = rig(aior)) {
            r.program("lost", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                Rid a = sys.aopen("/iostream?capacity=8192").value();
                Rid b = sys.aopen("/iostream?capacity=4096").value();
                sys.bind(sys.defaultIoa(), mq).value();
                Rid flow = sys.flow(Rid.NONE, b, 0, COOKIE).value();
                sys.flowSource(Rid.NONE, flow, a, 0, FlowFlags.NBYTES_EOF, 0).value();
                sys.threadCreate(Rid.NONE, (s, arg) -> {
                    byte[] chunk = pattern(1000, 13);
                    while (s.iosWrite(a, chunk, 0, chunk.length, 0).isOk()) {
                        s.preempt();
                    }
                    return 0;
                }, 0).value();
                sys.iosRead(b, 100, 0, Sys.FOREVER).value();
                sys.aclose(b).value();
                done.set(next(sys, mq, QueueMessage.FLOW_SOURCE_DRAINED));
                return 0;
            });
            ProcessHandle p = r.start("lost");
            assertEquals(0, StreamRig.exitOf(p), p.failure());
            assertEquals(Err.GONE, done.get().error(), done.get().toString());
            assertNothingLeft(r, aior, p);
        }
    }

    @Test
    void killingAProcessMidFlowLeavesNothingBehind() throws Exception {
        AioResource aior = new AioResource(4096, 8192);
        try (StreamRig r = rig(aior)) {
            r.program("victim", (sys, args) -> {
                Rid a = sys.aopen("/iostream?capacity=8192").value();
                Rid b = sys.aopen("/iostream?capacity=8192").value();
                Rid flow = sys.flow(Rid.NONE, b, 0, COOKIE).value();
                sys.flowSource(Rid.NONE, flow, a, 0, FlowFlags.NBYTES_EOF, 0).value();
                sys.threadCreate(Rid.NONE, (s, arg) -> {
                    byte[] chunk = pattern(1000, 14);
                    for (;;) {
                        s.iosWrite(a, chunk, 0, chunk.length, 0);
                    }
                }, 0).value();
                for (;;) {
                    sys.iosRead(b, 512, 0, Sys.FOREVER);
                }
            });
            ProcessHandle p = r.start("victim");
            StreamRig.await("data flowing", () -> !aior.flows().isEmpty() && aior.stats(aior.flows().get(0)).sinkBytes() > 50_000);
            p.kill(3);
            assertEquals(3, StreamRig.exitOf(p));
            assertNothingLeft(r, aior, p);
        }
    }

    @Test
    void badFlowArgumentsAreRefusedWithTheirErrorCodes() throws Exception {
        AtomicReference<Map<String, Err>> errors = new AtomicReference<>();
        AioResource aior = new AioResource(AioResource.DEFAULT_CHUNK, AioResource.DEFAULT_INFLIGHT);
        try (StreamRig r = rig(aior)) {
            r.program("bad", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                Rid other = sys.aopen("/ioaggregate?share=5").value();
                Rid s = sys.aopen("/iostream").value();
                Rid flow = sys.flow(Rid.NONE, s, 0, 0).value();
                Rid closed = sys.flow(Rid.NONE, s, 0, 0).value();
                sys.flowClose(Rid.NONE, closed).value();
                errors.set(Map.ofEntries(
                        Map.entry("queue as sink", sys.flow(Rid.NONE, mq, 0, 0).error()),
                        Map.entry("no such sink", sys.flow(Rid.NONE, new Rid(999), 0, 0).error()),
                        Map.entry("unknown flag", sys.flow(Rid.NONE, s, 1, 0).error()),
                        Map.entry("queue as ioa", sys.flow(mq, s, 0, 0).error()),
                        Map.entry("queue as source", sys.flowSource(Rid.NONE, flow, mq, 0, 1, 0).error()),
                        Map.entry("negative size", sys.flowSource(Rid.NONE, flow, s, 0, -1, 0).error()),
                        Map.entry("negative offset", sys.flowSource(Rid.NONE, flow, s, -1, 1, 0).error()),
                        Map.entry("another ioa", sys.flowSource(other, flow, s, 0, 1, 0).error()),
                        Map.entry("stream as flow", sys.flowSource(Rid.NONE, s, s, 0, 1, 0).error()),
                        Map.entry("closed flow", sys.flowSource(Rid.NONE, closed, s, 0, 1, 0).error()),
                        Map.entry("close twice", sys.flowClose(Rid.NONE, closed).error())));
                return 0;
            });
            ProcessHandle p = r.start("bad");
            assertEquals(0, StreamRig.exitOf(p), p.failure());
            assertEquals(Map.ofEntries(
                    Map.entry("queue as sink", Err.WRONG_KIND), Map.entry("no such sink", Err.BAD_RID),
                    Map.entry("unknown flag", Err.BAD_PARAMETER), Map.entry("queue as ioa", Err.WRONG_KIND),
                    Map.entry("queue as source", Err.WRONG_KIND), Map.entry("negative size", Err.BAD_PARAMETER),
                    Map.entry("negative offset", Err.BAD_PARAMETER), Map.entry("another ioa", Err.BAD_PARAMETER),
                    Map.entry("stream as flow", Err.WRONG_KIND), Map.entry("closed flow", Err.BAD_RID),
                    Map.entry("close twice", Err.BAD_RID)), errors.get());
            assertNothingLeft(r, aior, p);
        }
    }

    @Test
    void withoutAFlowResourceTheCallsSaySo() throws Exception {
        AtomicReference<Err> error = new AtomicReference<>();
        try (StreamRig r = new StreamRig()) {
            r.program("alone", (sys, args) -> {
                Rid s = sys.aopen("/iostream").value();
                error.set(sys.flow(Rid.NONE, s, 0, 0).error());
                return 0;
            });
            assertEquals(0, StreamRig.exitOf(r.start("alone")));
            assertEquals(Err.KERNEL, error.get());
        }
    }

    private static void assertNothingLeft(StreamRig r, AioResource aior, ProcessHandle p) throws InterruptedException {
        StreamRig.await("the process's flows closed", () -> aior.openFlows() == 0);
        StreamRig.await("the process's streams closed", () -> r.ior.openStreams() == 0);
        StreamRig.await("no READ or WRITE left unanswered", () -> aior.outstanding() == 0);
        assertEquals(0, r.queues.openQueues(), "message queues left open");
        assertFalse(r.activitiesLeft(p), () -> "activities left: " + r.kernel.activities());
    }
}
