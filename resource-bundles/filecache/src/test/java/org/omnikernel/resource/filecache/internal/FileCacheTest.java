package org.omnikernel.resource.filecache.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.Err;

/** FCR against a real host directory behind a FileProtocol resource, on a real kernel. */
class FileCacheTest {

    private static final int P = Page.SIZE;
    private static final FcrConfig NO_READ_AHEAD = FcrRig.NO_READ_AHEAD;

    @TempDir
    Path dir;

    private byte[] file(String name, int size) throws Exception {
        return FcrRig.hostFile(dir, name, size);
    }

    @Test
    void readsEqualTheFileBytesAndEndAtItsEnd() throws Exception {
        byte[] want = file("a.bin", 100_000);
        try (FcrRig r = new FcrRig(dir)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/a.bin", 0);
            for (int off = 0; off < want.length; off += 9_999) {
                byte[] got = r.read(a, h, off, 9_999);
                assertArrayEquals(Arrays.copyOfRange(want, off, Math.min(want.length, off + 9_999)), got, "at " + off);
            }
            assertEquals(0, r.read(a, h, want.length, 10).length, "a READ at the end of file is empty");
            assertArrayEquals(Arrays.copyOfRange(want, 5, want.length), r.read(a, h, 5, Integer.MAX_VALUE),
                    "a READ longer than the file ends at its end");
            assertTrue(r.close(a, h, 0).isOk());
        }
    }

    @Test
    void missesOfOneRequestAreCoalescedIntoReadsOfAtMost256KbAndNeverAcrossActivities() throws Exception {
        byte[] want = file("big.bin", 600 * 1024);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            Activity b = r.activity("b");
            long ha = r.open(a, "/fs/big.bin", 0);
            long hb = r.open(b, "/fs/big.bin", 0);
            assertArrayEquals(Arrays.copyOfRange(want, 0, 300 * 1024), r.read(a, ha, 0, 300 * 1024));
            List<HostFileSystem.Op> reads = r.fs.ops(FileProtocol.READ);
            assertEquals(2, reads.size(), "75 pages in runs of at most 64: " + reads);
            assertEquals(List.of(0L, 262144L), reads.stream().map(HostFileSystem.Op::offset).toList());
            assertEquals(List.of(262144, 45056), reads.stream().map(HostFileSystem.Op::length).toList());

            // Two activities miss on adjacent pages at once: each gets reads of its own pages only.
            r.fs.holdReads();
            CompletableFuture<IoReply> fa = r.client.send(a, FileCacheProtocol.READ, ha, 400L * 1024, 4 * P);
            CompletableFuture<IoReply> fb = r.client.send(b, FileCacheProtocol.READ, hb, 400L * 1024 + 4 * P, 4 * P);
            r.rig.await("both misses at the file system", () -> r.fs.heldReads() == 2);
            r.fs.release();
            assertArrayEquals(Arrays.copyOfRange(want, 400 * 1024, 400 * 1024 + 4 * P),
                    FcrRig.bytes(FcrClient.await(fa).value(Buffer.class)));
            assertArrayEquals(Arrays.copyOfRange(want, 400 * 1024 + 4 * P, 400 * 1024 + 8 * P),
                    FcrRig.bytes(FcrClient.await(fb).value(Buffer.class)));
            List<HostFileSystem.Op> later = r.fs.ops(FileProtocol.READ).subList(2, 4);
            for (HostFileSystem.Op o : later) {
                boolean aPages = o.offset() == 400L * 1024;
                assertEquals(aPages ? "a" : "b", o.activity(), "a read of " + o + " paid by the wrong activity");
                assertEquals(4 * P, o.length(), "a read spanning both activities' pages: " + o);
            }
        }
    }

    @Test
    void concurrentMissesOnOnePageFetchItOnce() throws Exception {
        byte[] want = file("one.bin", 3 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            Activity b = r.activity("b");
            long ha = r.open(a, "/fs/one.bin", 0);
            long hb = r.open(b, "/fs/one.bin", 0);
            r.fs.holdReads();
            CompletableFuture<IoReply> fa = r.client.send(a, FileCacheProtocol.READ, ha, 100L, 200);
            r.rig.await("the first miss at the file system", () -> r.fs.heldReads() == 1);
            CompletableFuture<IoReply> fb = r.client.send(b, FileCacheProtocol.READ, hb, 50L, 500);
            Thread.sleep(100);
            assertFalse(fb.isDone(), "the second reader was answered before the page arrived");
            r.fs.release();
            assertArrayEquals(Arrays.copyOfRange(want, 100, 300), FcrRig.bytes(FcrClient.await(fa).value(Buffer.class)));
            assertArrayEquals(Arrays.copyOfRange(want, 50, 550), FcrRig.bytes(FcrClient.await(fb).value(Buffer.class)));
            assertEquals(1, r.fs.ops(FileProtocol.READ).size(), "page 0 fetched twice: " + r.fs.ops(FileProtocol.READ));
        }
    }

    @Test
    void fsyncWritesDirtyPagesBackInPageOrderWithTheirContent() throws Exception {
        byte[] model = file("w.bin", 6 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/w.bin", 0);
            Random rnd = new Random(7);
            for (int page : new int[] {5, 1, 3, 2}) {
                byte[] d = new byte[P];
                rnd.nextBytes(d);
                r.write(a, h, (long) page * P, d);
                System.arraycopy(d, 0, model, page * P, P);
            }
            byte[] tail = "tail beyond the old end".getBytes();
            r.write(a, h, 6L * P + 100, tail);
            assertTrue(r.fs.ops(FileProtocol.WRITE).isEmpty(), "written back before FSYNC: " + r.fs.ops(FileProtocol.WRITE));
            assertEquals(5L * P, r.fcr.stats().dirtyBytes());
            assertTrue(r.client.call(a, FileCacheProtocol.FSYNC, h).isOk());
            List<Long> offsets = r.fs.ops(FileProtocol.WRITE).stream().map(HostFileSystem.Op::offset).toList();
            assertEquals(List.of((long) P, 5L * P), offsets, "page runs 1-3 and 5-6, in page order");
            assertEquals(1, r.fs.ops(FileProtocol.SYNC).size(), "FSYNC ends with the file system's SYNC");
            assertEquals(0, r.fcr.stats().dirtyBytes());
            byte[] expect = Arrays.copyOf(model, 6 * P + 100 + tail.length);
            System.arraycopy(tail, 0, expect, 6 * P + 100, tail.length);
            assertArrayEquals(expect, Files.readAllBytes(dir.resolve("w.bin")));
            // A partial write to an uncached page reads the page first and keeps the rest of it.
            r.fcr.stats();
            assertTrue(r.close(a, h, AopenFlags.FILE_CLOSE_EVICT).isOk());
            long h2 = r.open(a, "/fs/w.bin", 0);
            r.write(a, h2, 10, new byte[] {1, 2, 3});
            assertTrue(r.close(a, h2, AopenFlags.FILE_CLOSE_SYNC).isOk());
            expect[10] = 1;
            expect[11] = 2;
            expect[12] = 3;
            assertArrayEquals(expect, Files.readAllBytes(dir.resolve("w.bin")));
        }
    }

    @Test
    void closeFlagsSyncEvictAndUnlinkAct() throws Exception {
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/c.txt", AopenFlags.FILE_CREATE | AopenFlags.FILE_CLOSE_SYNC);
            r.write(a, h, 0, "synced".getBytes());
            assertTrue(r.close(a, h, 0).isOk(), "close with the sync flag remembered from OPEN");
            assertEquals("synced", Files.readString(dir.resolve("c.txt")));
            assertEquals(1, r.fs.ops(FileProtocol.SYNC).size());
            assertTrue(r.fcr.stats().cachedBytes() > 0, "sync alone keeps the pages");

            long e = r.open(a, "/fs/c.txt", 0);
            r.write(a, e, 6, " and evicted".getBytes());
            assertTrue(r.close(a, e, AopenFlags.FILE_CLOSE_EVICT).isOk());
            assertEquals("synced and evicted", Files.readString(dir.resolve("c.txt")), "evict writes back first");
            assertEquals(0, r.fcr.stats().cachedBytes(), "evict drops the pages");

            long u = r.open(a, "/fs/c.txt", AopenFlags.FILE_CLOSE_UNLINK);
            assertTrue(Files.exists(dir.resolve("c.txt")));
            assertTrue(r.close(a, u, 0).isOk());
            assertFalse(Files.exists(dir.resolve("c.txt")), "unlink on close removes the name");
            assertEquals(0, r.fcr.stats().handles());
        }
    }

    @Test
    void reclaimFreesLeastRecentlyUsedPagesAcrossActivitiesAndReportsBytes() throws Exception {
        byte[] one = file("one.bin", 4 * P);
        file("two.bin", 4 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            Activity b = r.activity("b");
            long ha = r.open(a, "/fs/one.bin", 0);
            long hb = r.open(b, "/fs/two.bin", 0);
            r.read(a, ha, 0, 4 * P);
            r.read(b, hb, 0, 4 * P);
            r.read(b, hb, 0, 2 * P);
            assertEquals(8L * P, r.fcr.stats().cachedBytes());
            IoReply freed = r.client.call(b, FileCacheProtocol.RECLAIM, 5L * P);
            assertEquals(5L * P, freed.value(Long.class));
            assertEquals(java.util.Map.of("b", 3L * P), r.fcr.stats().bytesByActivity(),
                    "a's pages were used longest ago, then b's pages 2 and 3");
            int before = r.fs.ops(FileProtocol.READ).size();
            assertArrayEquals(Arrays.copyOf(one, P), r.read(a, ha, 0, P));
            assertEquals(before + 1, r.fs.ops(FileProtocol.READ).size(), "a reclaimed page is fetched again");

            // Dirty pages are written back before they are freed.
            r.write(a, ha, 0, "dirty".getBytes());
            IoReply all = r.client.call(a, FileCacheProtocol.RECLAIM, 100L * P);
            assertEquals(4L * P, all.value(Long.class), "every page, the dirty one after write-back");
            assertEquals("dirty", new String(Files.readAllBytes(dir.resolve("one.bin")), 0, 5));
            assertEquals(0, r.fcr.stats().cachedBytes());
        }
    }

    @Test
    void overCapacityTheActivityOverItsShareLosesPagesFirst() throws Exception {
        file("x.bin", 16 * P);
        file("y.bin", 8 * P);
        try (FcrRig r = new FcrRig(dir, new FcrConfig(16L * P, 8L << 20, 0, 0))) {
            Activity a = r.activity("a");
            Activity b = r.activity("b");
            r.read(a, r.open(a, "/fs/x.bin", 0), 0, 16 * P);
            assertEquals(16L * P, r.fcr.stats().cachedBytes());
            r.read(b, r.open(b, "/fs/y.bin", 0), 0, 8 * P);
            assertEquals(java.util.Map.of("a", 8L * P, "b", 8L * P), r.fcr.stats().bytesByActivity(),
                    "equal shares of a 16-page cache");
        }
    }

    @Test
    void aWholePageLentToAReaderDoesNotChangeWhenTheFileIsWritten() throws Exception {
        byte[] want = file("lent.bin", 2 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/lent.bin", 0);
            IoReply lent = r.client.call(a, FileCacheProtocol.READ, h, 0L, P);
            Buffer held = lent.value(Buffer.class);
            r.write(a, h, 0, new byte[] {9, 9, 9});
            assertArrayEquals(Arrays.copyOf(want, P), FcrRig.bytes(held), "the reader's buffer changed under it");
            assertEquals(9, r.read(a, h, 0, 3)[2], "the file has the new bytes");
        }
    }

    @Test
    void sequentialReadsAreReadAheadInBoundedRuns() throws Exception {
        byte[] want = file("seq.bin", 12 * P);
        try (FcrRig r = new FcrRig(dir, new FcrConfig(64L << 20, 8L << 20, 0, 8))) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/seq.bin", 0);
            for (int i = 0; i < 9; i++) {
                assertArrayEquals(Arrays.copyOfRange(want, i * P, (i + 1) * P), r.read(a, h, (long) i * P, P));
            }
            // the read-ahead sent at page 5 is not waited for: pages 5-8 are answered from the cache
            r.rig.await("the read-ahead at the file system", () -> r.fs.ops(FileProtocol.READ).size() >= 2);
            List<HostFileSystem.Op> reads = r.fs.ops(FileProtocol.READ);
            assertEquals(List.of(0L, 9L * P), reads.stream().map(HostFileSystem.Op::offset).toList(),
                    "page 0 brought pages 1-8 with it; page 5, with half the window left, pages 9-11 (the end)");
            assertEquals(List.of(9 * P, 3 * P), reads.stream().map(HostFileSystem.Op::length).toList());
            assertTrue(reads.stream().allMatch(o -> o.length() <= FileCacheResource.MAX_FS_READ));
        }
    }

    @Test
    void aSequentialReaderGetsAGrowingWindowAndASeekStartsOver() throws Exception {
        int pages = 200;
        int max = 64;
        byte[] want = file("grow.bin", pages * P);
        try (FcrRig r = new FcrRig(dir, new FcrConfig(64L << 20, 8L << 20, 0, 8, max))) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/grow.bin", 0);
            int sequential = 40;
            for (int i = 0; i < sequential; i++) {
                assertArrayEquals(Arrays.copyOfRange(want, i * P, (i + 1) * P), r.read(a, h, (long) i * P, P));
                long end = furthest(r);
                assertTrue(end <= (long) (i + 1 + max) * P, "read ahead beyond " + max + " pages at page " + i + ": " + end);
            }
            // 8 pages ahead at first, then 16, 32, 64: by the fourth READ (page 3) the window reaches 64 pages
            r.rig.await("the window grown to its maximum", () -> furthest(r) >= (long) (3 + 1 + max) * P);
            List<HostFileSystem.Op> reads = r.fs.ops(FileProtocol.READ);
            assertTrue(reads.stream().allMatch(o -> o.length() <= FileCacheResource.MAX_FS_READ), "a READ above 256 KB");
            assertEquals(reads.stream().mapToLong(HostFileSystem.Op::offset).distinct().count(), reads.size(),
                    "a page was fetched twice");

            int far = pages - 10;
            assertArrayEquals(Arrays.copyOfRange(want, far * P, (far + 1) * P), r.read(a, h, (long) far * P, P));
            // The sequential phase's last read-ahead READs may reach the host file system only now
            // (sent before the seek, handled after it); they all end far below the seek's page.
            List<HostFileSystem.Op> fromTheSeekOn = r.fs.ops(FileProtocol.READ).stream()
                    .filter(o -> o.offset() + o.length() > (long) far * P).toList();
            assertEquals(1, fromTheSeekOn.size(), "a READ after a seek was read ahead: " + fromTheSeekOn);
            assertEquals((long) far * P, fromTheSeekOn.get(0).offset());
            assertEquals(P, fromTheSeekOn.get(0).length());
        }
    }

    private static long furthest(FcrRig r) {
        return r.fs.ops(FileProtocol.READ).stream().mapToLong(o -> o.offset() + o.length()).max().orElse(0);
    }

    @Test
    void aTruncateWaitsForAnInFlightReadAndHoldsLaterReads() throws Exception {
        file("t.bin", 4 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            Activity b = r.activity("b");
            long ha = r.open(a, "/fs/t.bin", 0);
            long hb = r.open(b, "/fs/t.bin", 0);
            r.fs.holdReads();
            CompletableFuture<IoReply> inFlight = r.client.send(a, FileCacheProtocol.READ, ha, 0L, P);
            r.rig.await("the read at the file system", () -> r.fs.heldReads() == 1);
            CompletableFuture<IoReply> trunc = r.client.send(b, FileCacheProtocol.TRUNCATE, hb, 100L);
            Thread.sleep(50);
            CompletableFuture<IoReply> later = r.client.send(b, FileCacheProtocol.READ, hb, 2L * P, P);
            Thread.sleep(150);
            assertTrue(r.fs.ops(FileProtocol.TRUNCATE).isEmpty(), "TRUNCATE went out with a READ in flight");
            assertEquals(1, r.fs.ops(FileProtocol.READ).size(), "a READ went out while a TRUNCATE waited");
            assertFalse(trunc.isDone());
            r.fs.release();
            assertEquals(P, FcrClient.await(inFlight).value(Buffer.class).length());
            assertEquals(100, FcrClient.await(trunc).value(FileAttributes.class).size());
            assertEquals(0, FcrClient.await(later).value(Buffer.class).length(), "the held READ saw the new size");
            assertEquals(100, Files.size(dir.resolve("t.bin")));
            List<String> order = r.fs.log.stream().map(HostFileSystem.Op::type)
                    .filter(t -> t.equals(FileProtocol.READ) || t.equals(FileProtocol.TRUNCATE)).toList();
            assertEquals(List.of(FileProtocol.READ, FileProtocol.TRUNCATE), order);
        }
    }

    @Test
    void aRenameWaitsForAnInFlightReadOfTheFileItMoves() throws Exception {
        byte[] want = file("r.bin", 2 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/r.bin", 0);
            r.fs.holdReads();
            CompletableFuture<IoReply> inFlight = r.client.send(a, FileCacheProtocol.READ, h, 0L, P);
            r.rig.await("the read at the file system", () -> r.fs.heldReads() == 1);
            CompletableFuture<IoReply> rename = r.client.send(a, FileCacheProtocol.RENAME, "/fs/r.bin", "/fs/s.bin");
            Thread.sleep(150);
            assertTrue(r.fs.ops(FileProtocol.RENAME).isEmpty(), "RENAME went out with a READ of the file in flight");
            r.fs.release();
            assertTrue(FcrClient.await(rename).isOk());
            assertArrayEquals(Arrays.copyOf(want, P), FcrRig.bytes(FcrClient.await(inFlight).value(Buffer.class)));
            assertArrayEquals(Arrays.copyOfRange(want, P, 2 * P), r.read(a, h, P, P), "the handle follows the file");
            assertTrue(Files.exists(dir.resolve("s.bin")));
        }
    }

    @Test
    void aReadLongerThanTheLimitIsAnsweredShort() throws Exception {
        byte[] want = file("long.bin", FileCacheResource.MAX_READ + 3 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/long.bin", 0);
            byte[] first = r.read(a, h, 0, want.length);
            assertEquals(FileCacheResource.MAX_READ, first.length);
            assertArrayEquals(Arrays.copyOfRange(want, first.length, want.length), r.read(a, h, first.length, want.length));
        }
    }

    @Test
    void badInputIsAnsweredWithErrorsNamingIt() throws Exception {
        Files.createDirectory(dir.resolve("d"));
        try (FcrRig r = new FcrRig(dir)) {
            Activity a = r.activity("a");
            IoReply unknown = r.client.call(a, FileCacheProtocol.READ, 4242L, 0L, 10);
            assertEquals(Err.BAD_PARAMETER, unknown.error());
            assertTrue(unknown.message().contains("4242"), unknown.message());
            IoReply outside = r.client.call(a, FileCacheProtocol.OPEN, "/elsewhere/x", 0L, 0644);
            assertEquals(Err.NO_SUCH_PATH, outside.error());
            assertTrue(outside.message().contains("/elsewhere/x"), outside.message());
            IoReply flags = r.client.call(a, FileCacheProtocol.OPEN, "/fs/x", AopenFlags.FILE_CREATE_DIRECTORY, 0644);
            assertEquals(Err.BAD_PARAMETER, flags.error());
            assertTrue(flags.message().contains("create"), flags.message());
            IoReply bits = r.client.call(a, FileCacheProtocol.OPEN, "/fs/x", 1L, 0644);
            assertEquals(Err.BAD_PARAMETER, bits.error());
            assertEquals(Err.NOT_FOUND, r.client.call(a, FileCacheProtocol.OPEN, "/fs/missing", 0L, 0644).error());
            long d = r.open(a, "/fs/d", 0);
            IoReply dirRead = r.client.call(a, FileCacheProtocol.READ, d, 0L, 10);
            assertEquals(Err.IS_A_DIRECTORY, dirRead.error());
            long f = r.open(a, "/fs/f", AopenFlags.FILE_CREATE);
            assertEquals(Err.BAD_PARAMETER, r.client.call(a, FileCacheProtocol.READ, f, -1L, 10).error());
            assertEquals(Err.EXISTS, r.client.call(a, FileCacheProtocol.OPEN, "/fs/f",
                    AopenFlags.FILE_CREATE | AopenFlags.FILE_NEXIST, 0644).error());
            assertEquals(Err.BAD_PARAMETER, r.client.call(a, FileCacheProtocol.RECLAIM, -5L).error());
            assertTrue(r.close(a, f, 0).isOk());
            assertEquals(Err.BAD_PARAMETER, r.close(a, f, 0).error(), "a closed handle is unknown");
        }
    }

    @Test
    void anUnlinkedFileIsNeverWrittenBackAndLeavesWithItsLastHandle() throws Exception {
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/doomed.txt", AopenFlags.FILE_CREATE);
            r.write(a, h, 0, "before".getBytes());
            assertTrue(r.client.call(a, FileCacheProtocol.UNLINK, "/fs/doomed.txt").isOk());
            r.write(a, h, 6, " and after".getBytes());
            assertEquals("before and after", new String(r.read(a, h, 0, 100)), "an open handle keeps its data");
            assertEquals(0, r.fcr.stats().dirtyBytes(), "nothing of an unlinked file waits for write-back");
            assertTrue(r.client.call(a, FileCacheProtocol.FSYNC, h).isOk());
            assertTrue(r.close(a, h, 0).isOk());
            assertTrue(r.fs.ops(FileProtocol.WRITE).isEmpty(), "written to a freed inode: " + r.fs.ops(FileProtocol.WRITE));
            assertEquals(0, r.fcr.stats().cachedBytes());
            long again = r.open(a, "/fs/doomed.txt", AopenFlags.FILE_CREATE);
            assertEquals(0, r.read(a, again, 0, 100).length, "a new file of the same name starts empty");
        }
    }

    @Test
    void pathRequestsReachTheFileSystemAndUnlinkDropsTheCachedFile() throws Exception {
        try (FcrRig r = new FcrRig(dir)) {
            Activity a = r.activity("a");
            assertTrue(r.client.call(a, FileCacheProtocol.MKDIR, "/fs/sub", 0755).isOk());
            long h = r.open(a, "/fs/sub/n.txt", AopenFlags.FILE_CREATE);
            r.write(a, h, 0, "12345".getBytes());
            assertEquals(5, r.client.call(a, FileCacheProtocol.STAT, "/fs/sub/n.txt").value(FileAttributes.class).size(),
                    "STAT sees the cached size before write-back");
            assertTrue(r.close(a, h, 0).isOk());
            assertTrue(r.client.call(a, FileCacheProtocol.RENAME, "/fs/sub/n.txt", "/fs/sub/m.txt").isOk());
            assertEquals(1, ((List<?>) r.client.call(a, FileCacheProtocol.READDIR, "/fs/sub").value()).size());
            assertTrue(r.client.call(a, FileCacheProtocol.UNLINK, "/fs/sub/m.txt").isOk());
            assertEquals(0, r.fcr.stats().cachedBytes(), "the unlinked file's dirty pages went with it");
            assertTrue(r.client.call(a, FileCacheProtocol.RMDIR, "/fs/sub").isOk());
            assertFalse(Files.exists(dir.resolve("sub")));
        }
    }
}
