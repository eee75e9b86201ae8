package org.omnikernel.resource.filecache.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.fileio.FileIo;
import org.omnikernel.fileio.OpenFile;
import org.omnikernel.resource.aio.internal.AioResource;
import org.omnikernel.resource.iostream.internal.IoStreamResource;
import org.omnikernel.resource.mqueue.internal.MessageQueues;
import org.omnikernel.resource.process.internal.ActivityAggregates;
import org.omnikernel.resource.process.internal.ProcessResource;
import org.omnikernel.resource.thread.internal.ThreadResources;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Program;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.PathProvider;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.ProcessSpec;

/**
 * The blocking file library over the real kernel path — FCR, AIOR flows, IOR streams, message queues,
 * threads and processes — on a host-directory file system: it reads a sequential reader ahead, and
 * never shows bytes read ahead that a write answered since has changed; the change cookie behind that.
 */
class FileIoReadAheadTest {

    /** FCR without read-ahead of its own, so that every READ the file system sees was asked for by AIOR. */
    private static final FcrConfig NO_FCR_READ_AHEAD = new FcrConfig(64L << 20, 8L << 20, 5000, 0, 0);
    private static final int CHUNK = 256 * 1024;

    @TempDir
    Path dir;

    private static final class Rig implements AutoCloseable {
        final FcrRig fcr;
        final ProcessResource pr;

        Rig(Path dir) {
            fcr = new FcrRig(dir, NO_FCR_READ_AHEAD, Set.of(ProcessResource.NAME, MessageQueues.NAME,
                    IoStreamResource.NAME, AioResource.NAME));
            ThreadResources threads = new ThreadResources(fcr.kernel, ThreadResources.DEFAULT_TIMESLICE_MICROS);
            MessageQueues queues = new MessageQueues(threads);
            fcr.kernel.attach(queues).orElseThrow();
            pr = new ProcessResource(fcr.kernel, threads);
            fcr.kernel.attach(pr).orElseThrow();
            IoStreamResource ior = new IoStreamResource(threads);
            fcr.kernel.attach(ior).orElseThrow();
            AioResource aior = new AioResource(AioResource.DEFAULT_CHUNK, AioResource.DEFAULT_INFLIGHT);
            fcr.kernel.attach(aior).orElseThrow();
            pr.setFlows(aior);
            FileGate gate = new FileGate(fcr.activity("fcr.teardown"));
            fcr.kernel.attach(gate).orElseThrow();
            pr.setFiles(new FileCalls(gate, threads));
            pr.addProvider(new MountPathProvider(gate, threads), Map.of(PathProvider.PREFIX, "/fs"));
            pr.addProvider(queues, Map.of(PathProvider.PREFIX, MessageQueues.PATH));
            pr.addProvider(ior, Map.of(PathProvider.PREFIX, IoStreamResource.PATH));
            pr.addProvider(new ActivityAggregates(fcr.kernel), Map.of(PathProvider.PREFIX,
                    new String[] {ActivityAggregates.IOA_PATH, ActivityAggregates.MEMA_PATH}));
        }

        long run(String name, Program p) {
            pr.addProgram(p, Map.of(Program.NAME, name));
            Result<ProcessHandle> h = pr.start(ProcessSpec.of(name, List.of()));
            assertTrue(h.isOk(), h::toString);
            try {
                return h.value().exit().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(name + " did not end: " + e, e);
            }
        }

        /** @return the highest byte offset the file system was asked to READ, exclusive */
        long readsReachedTo() {
            return fcr.fs.ops("READ").stream().mapToLong(o -> o.offset() + o.length()).max().orElse(0);
        }

        @Override
        public void close() {
            fcr.close();
        }
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static FileIo io(Sys sys) {
        return FileIo.create(sys, 100).value();
    }

    /** Reads to the end in reads of {@code size} bytes. */
    private static byte[] readAll(FileIo io, OpenFile f, int size) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] b = new byte[size];
        for (int n; (n = io.read(f, b, 0, size).value()) > 0;) {
            all.write(b, 0, n);
        }
        return all.toByteArray();
    }

    /** Waits (10 s at most) until the file system has been asked for bytes beyond {@code offset}. */
    private static void waitForReadsTo(Rig r, Sys sys, long offset) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r.readsReachedTo() <= offset && System.nanoTime() < deadline) {
            sys.threadSuspend(sys.threadSelf(), 1000);
        }
    }

    @Test
    void aSequentialReaderGetsEveryByteAndTheFileIsReadAheadOfIt() throws Exception {
        byte[] data = pattern(3 * CHUNK + 12_345, 1);
        Files.write(dir.resolve("seq.bin"), data);
        try (Rig r = new Rig(dir)) {
            AtomicReference<byte[]> got = new AtomicReference<>();
            long[] askedAfterTwoReads = {0};
            long status = r.run("seq", (sys, args) -> {
                FileIo io = io(sys);
                OpenFile f = io.open("/fs/seq.bin", 0).value();
                byte[] b = new byte[CHUNK];
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int i = 0; i < 2; i++) {
                    int n = io.read(f, b, 0, CHUNK).value();
                    all.write(b, 0, n);
                }
                // the library has sources out beyond the reader now; let them reach the file system
                waitForReadsTo(r, sys, 2L * CHUNK);
                askedAfterTwoReads[0] = r.readsReachedTo();
                all.writeBytes(readAll(io, f, 100_000));
                got.set(all.toByteArray());
                return io.close(f).isOk() ? 0 : 1;
            });
            assertEquals(0, status);
            assertArrayEquals(data, got.get(), "the bytes read differ from the file's");
            assertTrue(askedAfterTwoReads[0] > 2L * CHUNK, "after two sequential reads of " + 2 * CHUNK
                    + " bytes the file system was asked for bytes up to " + askedAfterTwoReads[0] + " only: nothing was read ahead");
        }
    }

    @Test
    void bytesReadAheadAreNeverShownAfterAWriteChangedThem() throws Exception {
        byte[] data = pattern(4 * CHUNK, 2);
        Files.write(dir.resolve("rw.bin"), data);
        byte[] patch = pattern(5000, 3);
        try (Rig r = new Rig(dir)) {
            AtomicReference<byte[]> got = new AtomicReference<>();
            long status = r.run("rw", (sys, args) -> {
                FileIo reader = io(sys);
                FileIo writer = io(sys);
                OpenFile in = reader.open("/fs/rw.bin", 0).value();
                OpenFile out = writer.open("/fs/rw.bin", 0).value();
                byte[] b = new byte[CHUNK];
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int i = 0; i < 2; i++) {
                    all.write(b, 0, reader.read(in, b, 0, CHUNK).value());
                }
                // the next chunk has been read ahead; another handle changes it, and the write is answered
                waitForReadsTo(r, sys, 3L * CHUNK);
                if (writer.pwrite(out, 2L * CHUNK + 100, patch, 0, patch.length).value() != patch.length) {
                    return 2;
                }
                all.writeBytes(readAll(reader, in, CHUNK));
                got.set(all.toByteArray());
                return reader.close(in).isOk() && writer.close(out).isOk() ? 0 : 1;
            });
            assertEquals(0, status);
            byte[] expected = data.clone();
            System.arraycopy(patch, 0, expected, 2 * CHUNK + 100, patch.length);
            assertArrayEquals(expected, got.get(), "a read after the write was answered showed the bytes from before it");
        }
    }

    @Test
    void seeksInterleavedFilesAndTheEndOfFileReadRight() throws Exception {
        byte[] a = pattern(2 * CHUNK + 777, 4);
        byte[] b = pattern(3 * CHUNK, 5);
        Files.write(dir.resolve("a.bin"), a);
        Files.write(dir.resolve("b.bin"), b);
        try (Rig r = new Rig(dir)) {
            AtomicReference<List<Object>> seen = new AtomicReference<>();
            long status = r.run("mixed", (sys, args) -> {
                FileIo io = io(sys);
                OpenFile fa = io.open("/fs/a.bin", 0).value();
                OpenFile fb = io.open("/fs/b.bin", 0).value();
                ByteArrayOutputStream ga = new ByteArrayOutputStream();
                ByteArrayOutputStream gb = new ByteArrayOutputStream();
                byte[] buf = new byte[65_536];
                // both read sequentially, turn about, on one library and one queue
                for (boolean more = true; more;) {
                    int na = io.read(fa, buf, 0, buf.length).value();
                    ga.write(buf, 0, na);
                    int nb = io.read(fb, buf, 0, buf.length).value();
                    gb.write(buf, 0, nb);
                    more = na > 0 || nb > 0;
                }
                int past = io.read(fa, buf, 0, buf.length).value();
                // a seek back, into what the stream no longer holds, and forward past what it holds
                byte[] back = new byte[1000];
                int nBack = io.pread(fb, 1234, back, 0, back.length).value();
                byte[] far = new byte[500];
                int nFar = io.pread(fb, 3L * CHUNK - 500, far, 0, far.length).value();
                seen.set(List.of(ga.toByteArray(), gb.toByteArray(), past, nBack, back, nFar, far));
                return io.close(fa).isOk() && io.close(fb).isOk() ? 0 : 1;
            });
            assertEquals(0, status);
            List<Object> s = seen.get();
            assertArrayEquals(a, (byte[]) s.get(0));
            assertArrayEquals(b, (byte[]) s.get(1));
            assertEquals(0, s.get(2), "past the end a read gives 0 bytes");
            assertEquals(1000, s.get(3));
            assertArrayEquals(Arrays.copyOfRange(b, 1234, 2234), (byte[]) s.get(4));
            assertEquals(500, s.get(5));
            assertArrayEquals(Arrays.copyOfRange(b, 3 * CHUNK - 500, 3 * CHUNK), (byte[]) s.get(6));
        }
    }

    @Test
    void theChangeCookieMovesOnWritesAndTruncatesOnly() throws Exception {
        Files.write(dir.resolve("c.bin"), pattern(10_000, 6));
        Files.createDirectory(dir.resolve("d"));
        try (Rig r = new Rig(dir)) {
            AtomicReference<List<Object>> seen = new AtomicReference<>();
            long status = r.run("cookie", (sys, args) -> {
                FileIo io = io(sys);
                OpenFile f = io.open("/fs/c.bin", 0).value();
                long c0 = sys.changeCookie(f.rid()).value();
                io.pread(f, 0, new byte[4096], 0, 4096).value();
                long afterRead = sys.changeCookie(f.rid()).value();
                io.pwrite(f, 10, new byte[] {1, 2, 3}, 0, 3).value();
                long afterWrite = sys.changeCookie(f.rid()).value();
                sys.truncate(f.rid(), 5000).value();
                long afterTruncate = sys.changeCookie(f.rid()).value();
                Rid queue = sys.aopen("/messagequeue").value();
                Result<Long> ofQueue = sys.changeCookie(queue);
                Result<Long> ofNothing = sys.changeCookie(new Rid(9999));
                Rid d = sys.aopen("/fs/d").value();
                Result<Long> ofDirectory = sys.changeCookie(d);
                seen.set(List.of(c0, afterRead, afterWrite, afterTruncate, ofQueue.error(), ofNothing.error(),
                        ofDirectory.error(), ofDirectory.message()));
                return io.close(f).isOk() ? 0 : 1;
            });
            assertEquals(0, status);
            List<Object> s = seen.get();
            assertEquals(s.get(0), s.get(1), "a read does not move the cookie");
            assertNotEquals(s.get(1), s.get(2), "a write moves it");
            assertNotEquals(s.get(2), s.get(3), "a truncate moves it");
            assertEquals(Err.WRONG_KIND, s.get(4), "a queue has no change cookie");
            assertEquals(Err.BAD_RID, s.get(5));
            assertEquals(Err.WRONG_KIND, s.get(6));
            assertTrue(((String) s.get(7)).contains("directory"), (String) s.get(7));
        }
    }

    @Test
    void writesAndReadsByTurnsGetTheWrittenBytesAndSoonStopTheReadAhead() throws Exception {
        int step = 64 * 1024;
        int rounds = 30;
        byte[] data = pattern(16 * CHUNK, 7);
        Files.write(dir.resolve("turns.bin"), data);
        try (Rig r = new Rig(dir)) {
            AtomicReference<byte[]> got = new AtomicReference<>();
            long[] pagesRead = {0};
            long status = r.run("turns", (sys, args) -> {
                FileIo io = io(sys);
                OpenFile in = io.open("/fs/turns.bin", 0).value();
                OpenFile out = io.open("/fs/turns.bin", 0).value();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                byte[] b = new byte[step];
                FcrStats before = r.fcr.fcr.stats();
                for (int i = 0; i < rounds; i++) {
                    // a change just ahead of the reader, then the read that must see it
                    byte[] mark = {(byte) i, (byte) (i + 1), (byte) (i + 2)};
                    io.pwrite(out, (long) i * step + 10, mark, 0, mark.length).value();
                    all.write(b, 0, io.read(in, b, 0, step).value());
                }
                FcrStats after = r.fcr.fcr.stats();
                pagesRead[0] = after.hits() + after.misses() - before.hits() - before.misses();
                got.set(all.toByteArray());
                return io.close(in).isOk() && io.close(out).isOk() ? 0 : 1;
            });
            assertEquals(0, status);
            byte[] expected = java.util.Arrays.copyOf(data, rounds * step);
            for (int i = 0; i < rounds; i++) {
                expected[i * step + 10] = (byte) i;
                expected[i * step + 11] = (byte) (i + 1);
                expected[i * step + 12] = (byte) (i + 2);
            }
            assertArrayEquals(expected, got.get(), "a read missed the write made just before it");
            // 16 pages a round are the reads themselves; three chunks (192 pages) read ahead every round
            // and thrown away by the next write would be 6 000 more
            long asked = (long) rounds * (step / 4096);
            assertTrue(pagesRead[0] < asked + 3 * 2 * 192, "FCR was asked for " + pagesRead[0] + " pages for "
                    + asked + " pages read: the read-ahead went on although every write threw it away");
        }
    }
}
