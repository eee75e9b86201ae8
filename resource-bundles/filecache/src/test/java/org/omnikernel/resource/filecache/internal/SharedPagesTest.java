package org.omnikernel.resource.filecache.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.IoReply;

/**
 * FCR keeps the bytes of a file-system READ without copying them (its pages are slices of the answer)
 * and answers a READ over pages fetched together with one slice of them; nobody ever sees shared bytes
 * change. On a real kernel, against a real host directory.
 */
class SharedPagesTest {

    private static final int P = Page.SIZE;
    private static final FcrConfig NO_READ_AHEAD = FcrRig.NO_READ_AHEAD;

    @TempDir
    Path dir;

    private byte[] file(String name, int size) throws Exception {
        return FcrRig.hostFile(dir, name, size);
    }

    /** The one file FCR caches; read between requests, while FCR is idle. */
    private static CachedFile cached(FcrRig r) {
        assertEquals(1, r.fcr.files.size(), "files cached: " + r.fcr.files.keySet());
        return r.fcr.files.values().iterator().next();
    }

    private static Buffer read(FcrRig r, Activity a, long h, long off, int len) {
        IoReply reply = r.client.call(a, FileCacheProtocol.READ, h, off, len);
        assertTrue(reply.isOk(), () -> "READ: " + reply);
        return reply.value(Buffer.class);
    }

    @Test
    void pagesFetchedTogetherAreSlicesOfOneAnswerAndAReadOverThemIsOneSliceToo() throws Exception {
        byte[] want = file("s.bin", 8 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/s.bin", 0);
            Buffer all = read(r, a, h, 0, 8 * P);
            assertArrayEquals(want, FcrRig.bytes(all));
            assertEquals(1, r.fs.ops(FileProtocol.READ).size());
            CachedFile f = cached(r);
            for (int i = 0; i < 7; i++) {
                assertTrue(f.pages.get(i).data.isContinuedBy(f.pages.get(i + 1).data),
                        "page " + (i + 1) + " does not follow page " + i + " in the answer's memory");
            }

            Buffer middle = read(r, a, h, P, 2 * P);
            assertTrue(f.pages.get(0).data.isContinuedBy(middle), "the answer is not in the pages' memory");
            assertTrue(middle.isContinuedBy(f.pages.get(3).data), "the answer is not in the pages' memory");
            assertArrayEquals(Arrays.copyOfRange(want, P, 3 * P), FcrRig.bytes(middle));

            Buffer unaligned = read(r, a, h, 100, 3 * P);
            assertTrue(unaligned.isSliced(), "an unaligned READ over adjacent slices was copied");
            assertArrayEquals(Arrays.copyOfRange(want, 100, 100 + 3 * P), FcrRig.bytes(unaligned));
            assertThrows(IllegalStateException.class, () -> unaligned.write(0, new byte[1], 0, 1),
                    "a reader could write into the cache's bytes");
            assertEquals(1, r.fs.ops(FileProtocol.READ).size(), "the later READs were answered from the pages");
        }
    }

    @Test
    void aWriteAfterASharedReadDoesNotChangeWhatTheReaderGot() throws Exception {
        byte[] want = file("w.bin", 4 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/w.bin", 0);
            Buffer held = read(r, a, h, 10, 3 * P);
            Buffer wholePage = read(r, a, h, 2 * P, P);
            byte[] ones = new byte[2 * P];
            Arrays.fill(ones, (byte) 1);
            r.write(a, h, P + 5, ones);

            assertArrayEquals(Arrays.copyOfRange(want, 10, 10 + 3 * P), FcrRig.bytes(held),
                    "a reader's sliced answer changed under it");
            assertArrayEquals(Arrays.copyOfRange(want, 2 * P, 3 * P), FcrRig.bytes(wholePage),
                    "a reader's lent page changed under it");
            byte[] model = want.clone();
            System.arraycopy(ones, 0, model, P + 5, ones.length);
            assertArrayEquals(model, r.read(a, h, 0, 4 * P), "the file has the new bytes");
            CachedFile f = cached(r);
            assertFalse(f.pages.get(1).data.isSliced(), "a written page writes to a copy of its own");
            assertTrue(f.pages.get(0).data.isSliced(), "an unwritten page was copied for nothing");
            assertTrue(r.close(a, h, org.omnikernel.syscall.AopenFlags.FILE_CLOSE_SYNC).isOk());
            assertArrayEquals(model, Files.readAllBytes(dir.resolve("w.bin")), "written back as written");
        }
    }

    @Test
    void theShortLastPageOfAnAnswerReadsAsZerosPastTheData() throws Exception {
        byte[] want = file("short.bin", 2 * P + 100);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/short.bin", 0);
            assertArrayEquals(want, FcrRig.bytes(read(r, a, h, 0, 3 * P)), "the READ ends at the end of file");
            HostFileSystem.Op fetch = r.fs.ops(FileProtocol.READ).get(0);
            assertEquals(3 * P, fetch.length(), "one run of three pages, answered short");
            Buffer last = cached(r).pages.get(2).data;
            assertEquals(P, last.length());
            assertFalse(last.isSliced(), "the short page has a buffer of its own");
            byte[] tail = new byte[P];
            last.view().get(tail);
            assertArrayEquals(Arrays.copyOfRange(want, 2 * P, 2 * P + 100), Arrays.copyOf(tail, 100));
            assertArrayEquals(new byte[P - 100], Arrays.copyOfRange(tail, 100, P), "bytes past the data are not zero");

            // A write past the end grows the file over the short page: the gap reads as zeros.
            r.write(a, h, 2 * P + 300, new byte[] {7});
            byte[] grown = r.read(a, h, 0, 3 * P);
            assertEquals(2 * P + 301, grown.length);
            assertArrayEquals(want, Arrays.copyOf(grown, want.length));
            assertArrayEquals(new byte[200], Arrays.copyOfRange(grown, 2 * P + 100, 2 * P + 300), "the gap is not zero");
            assertEquals(7, grown[2 * P + 300]);
        }
    }

    @Test
    void aTruncateIntoASharedPageClearsTheCacheTailButNotAReadersBytes() throws Exception {
        byte[] want = file("t.bin", 3 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/t.bin", 0);
            Buffer held = read(r, a, h, 0, 3 * P);
            assertTrue(r.client.call(a, FileCacheProtocol.TRUNCATE, h, (long) P + 50).isOk());
            assertTrue(r.client.call(a, FileCacheProtocol.TRUNCATE, h, 3L * P).isOk());
            assertArrayEquals(want, FcrRig.bytes(held), "a truncate changed a reader's bytes");
            byte[] now = r.read(a, h, 0, 3 * P);
            assertArrayEquals(Arrays.copyOf(want, P + 50), Arrays.copyOf(now, P + 50));
            assertArrayEquals(new byte[2 * P - 50], Arrays.copyOfRange(now, P + 50, 3 * P),
                    "bytes past the cut came back after the file grew again");
        }
    }

    @Test
    void reclaimTakesTheLeastRecentlyReadPagesFirst() throws Exception {
        file("lru.bin", 8 * P);
        try (FcrRig r = new FcrRig(dir, NO_READ_AHEAD)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/lru.bin", 0);
            read(r, a, h, 0, 8 * P); // pages 0-7, used in that order
            read(r, a, h, 2L * P, P);
            read(r, a, h, 0, 10); // 0 used last, then 2; so the order is 1 3 4 5 6 7 2 0
            read(r, a, h, 5L * P + 1, P); // 5 and 6: 1 3 4 7 2 0 5 6
            assertEquals(3L * P, r.client.call(a, FileCacheProtocol.RECLAIM, 3L * P).value(Long.class));
            CachedFile f = cached(r);
            List<Integer> left = java.util.stream.IntStream.range(0, 8).filter(i -> f.pages.get(i) != null).boxed().toList();
            assertEquals(List.of(0, 2, 5, 6, 7), left, "pages 1, 3 and 4 were used longest ago");
            assertEquals(1L * P, r.client.call(a, FileCacheProtocol.RECLAIM, (long) P).value(Long.class));
            assertNull(f.pages.get(7), "page 7 was next");
            assertNotNull(f.pages.get(2));
        }
    }
}
