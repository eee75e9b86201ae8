package org.omnikernel.resource.filecache.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.Activity;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.Err;

/** Write-back without FSYNC (timer, dirty limit), nocache, a file system that is gone, and configuration. */
class WriteBackTest {

    private static final int P = Page.SIZE;

    @TempDir
    Path dir;

    @Test
    void theTimerWritesDirtyPagesBackWithoutBeingAsked() throws Exception {
        try (FcrRig r = new FcrRig(dir, new FcrConfig(64L << 20, 8L << 20, 30, 0))) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/timer.txt", AopenFlags.FILE_CREATE);
            r.write(a, h, 0, "later".getBytes());
            r.rig.await("the timer's write-back", () -> r.fcr.stats().dirtyBytes() == 0);
            assertEquals("later", Files.readString(dir.resolve("timer.txt")));
            assertEquals("a", r.fs.ops(FileProtocol.WRITE).get(0).activity(), "write-back is paid by the writer");
        }
    }

    @Test
    void pagesOfAnActivityThatEndedAreWrittenBackUnderTheInfrastructureActivity() throws Exception {
        try (FcrRig r = new FcrRig(dir, new FcrConfig(64L << 20, 8L << 20, 0, 0))) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/orphan.txt", AopenFlags.FILE_CREATE);
            r.write(a, h, 0, "outlives its writer".getBytes());
            r.kernel.terminate(a).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(r.fs.ops(FileProtocol.WRITE).isEmpty(), "nothing written back yet");
            assertTrue(r.fcr.stats().dirtyBytes() > 0, "the pages stay dirty, not dropped");

            r.fcr.writeBackAll(FcrRig.FS).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("outlives its writer", Files.readString(dir.resolve("orphan.txt")));
            assertEquals(0, r.fcr.stats().dirtyBytes());
            assertEquals("fcr.writeback", r.fs.ops(FileProtocol.WRITE).get(0).activity(),
                    "the writer has ended: FCR's infrastructure activity pays");
        }
    }

    @Test
    void passingTheDirtyLimitStartsWriteBack() throws Exception {
        try (FcrRig r = new FcrRig(dir, new FcrConfig(64L << 20, 2L * P, 0, 0))) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/limit.bin", AopenFlags.FILE_CREATE);
            byte[] data = new byte[3 * P];
            new Random(3).nextBytes(data);
            r.write(a, h, 0, Arrays.copyOf(data, 2 * P));
            assertTrue(r.fs.ops(FileProtocol.WRITE).isEmpty(), "at the limit, nothing is written back yet");
            r.write(a, h, 2L * P, Arrays.copyOfRange(data, 2 * P, 3 * P));
            r.rig.await("write-back past the dirty limit", () -> r.fcr.stats().dirtyBytes() == 0);
            assertArrayEquals(data, Files.readAllBytes(dir.resolve("limit.bin")));
        }
    }

    @Test
    void nocacheWritesThroughAndKeepsNoPagesItFetched() throws Exception {
        byte[] want = new byte[4 * P];
        new Random(5).nextBytes(want);
        Files.write(dir.resolve("nc.bin"), want);
        try (FcrRig r = new FcrRig(dir, new FcrConfig(64L << 20, 8L << 20, 0, 8))) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/nc.bin", AopenFlags.FILE_NOCACHE);
            assertArrayEquals(Arrays.copyOf(want, 2 * P), r.read(a, h, 0, 2 * P));
            assertEquals(0, r.fcr.stats().cachedBytes(), "nocache kept pages (or read ahead)");
            r.write(a, h, 1, new byte[] {7});
            assertEquals(7, Files.readAllBytes(dir.resolve("nc.bin"))[1], "the WRITE was answered before it reached the file");
        }
    }

    @Test
    void aFileSystemThatIsGoneGivesAnErrorNotAHang() throws Exception {
        Files.write(dir.resolve("g.bin"), new byte[P]);
        try (FcrRig r = new FcrRig(dir)) {
            Activity a = r.activity("a");
            long h = r.open(a, "/fs/g.bin", 0);
            r.kernel.detach(FcrRig.FS).toCompletableFuture().get();
            IoReply read = r.client.call(a, FileCacheProtocol.READ, h, 0L, 10);
            assertEquals(Err.IO_ERROR, read.error());
            assertTrue(read.message().contains(FcrRig.FS), read.message());
            IoReply again = r.client.call(a, FileCacheProtocol.READ, h, 0L, 10);
            assertEquals(Err.IO_ERROR, again.error(), "a failed fetch leaves no page behind that looks valid");
        }
    }

    @Test
    void anExceptionInAHandlerIsAnsweredAndFcrCarriesOn() throws Exception {
        try (FcrRig r = new FcrRig(dir)) {
            Activity a = r.activity("a");
            IoReply broken = r.client.call(a, FileCacheProtocol.OPEN, "/fs/x", 0L, null);
            assertEquals(Err.KERNEL, broken.error());
            assertTrue(broken.message().contains("OPEN"), broken.message());
            long h = r.open(a, "/fs/x", AopenFlags.FILE_CREATE);
            assertTrue(r.close(a, h, 0).isOk(), "FCR works after the failure");
        }
    }

    @Test
    void configurationIsReadFromPropertiesAndBadValuesAreNamed() {
        FcrConfig c = FcrConfig.from(Map.of(FcrConfig.CAPACITY, "1048576", FcrConfig.READ_AHEAD, 4));
        assertEquals(1 << 20, c.capacityBytes());
        assertEquals(4, c.readAheadPages());
        assertEquals(FcrConfig.DEFAULTS.readAheadMaxPages(), c.readAheadMaxPages());
        assertEquals(4, FcrConfig.from(Map.of(FcrConfig.READ_AHEAD, 4, FcrConfig.READ_AHEAD_MAX, 4)).readAheadMaxPages());
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> FcrConfig.from(Map.of(FcrConfig.READ_AHEAD, 16, FcrConfig.READ_AHEAD_MAX, 8)));
        assertTrue(below.getMessage().contains("maximum"), below.getMessage());
        assertEquals(FcrConfig.DEFAULTS.writebackMillis(), c.writebackMillis());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FcrConfig.from(Map.of(FcrConfig.DIRTY_LIMIT, "lots")));
        assertTrue(e.getMessage().contains(FcrConfig.DIRTY_LIMIT), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FcrConfig.from(Map.of(FcrConfig.CAPACITY, "10")));
    }
}
