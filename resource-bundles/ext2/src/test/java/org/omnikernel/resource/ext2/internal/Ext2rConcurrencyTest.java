package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;

/**
 * Many requests in flight at once, from four activities, over a cache of 64 blocks on two cores:
 * creates in one shared directory (its blocks written by every activity's chain), then writes to
 * every file, none waiting for another. Every request is answered, and after unmount e2fsck is clean
 * and every file holds exactly its bytes.
 */
@Timeout(120)
class Ext2rConcurrencyTest {
    private static final int WRITERS = 4;
    private static final int FILES = 12;
    private static final int CHUNKS = 6;
    private static final int CHUNK = 3000;

    @TempDir
    Path work;

    @Test
    void concurrentRequestsFromManyActivitiesAllLandAndE2fsckIsClean() throws Exception {
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), 1024, 16384, null);
        try (Ext2rRig rig = new Ext2rRig(image, false, 64)) {
            MountedFileSystem m = rig.mount(MountOptions.readWrite());
            List<Activity> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(rig.rig.createActivity("writer " + w, Parameters.EMPTY));
            }
            assertTrue(rig.call(FileProtocol.MKDIR, "/shared", 0755).isOk());
            List<CompletableFuture<IoReply>> creates = new ArrayList<>();
            for (int f = 0; f < FILES; f++) {
                for (int w = 0; w < WRITERS; w++) {
                    creates.add(rig.callAsync(writers.get(w), FileProtocol.CREATE, name(w, f), 0644, true));
                }
            }
            long[][] inodes = new long[WRITERS][FILES];
            for (int i = 0; i < creates.size(); i++) {
                IoReply r = creates.get(i).get(60, TimeUnit.SECONDS);
                assertTrue(r.isOk(), r.message());
                inodes[i % WRITERS][i / WRITERS] = r.value(FileAttributes.class).inode();
            }
            List<CompletableFuture<IoReply>> writes = new ArrayList<>();
            for (int c = 0; c < CHUNKS; c++) {
                for (int f = 0; f < FILES; f++) {
                    for (int w = 0; w < WRITERS; w++) {
                        writes.add(rig.callAsync(writers.get(w), FileProtocol.WRITE, inodes[w][f], (long) c * CHUNK,
                                Buffer.of(chunk(w, f, c))));
                    }
                }
            }
            for (CompletableFuture<IoReply> r : writes) {
                IoReply reply = r.get(60, TimeUnit.SECONDS);
                assertTrue(reply.isOk(), reply.message());
            }
            assertEquals(WRITERS * FILES, rig.ok(List.class, FileProtocol.READDIR, "/shared").size());
            for (int w = 0; w < WRITERS; w++) {
                assertArrayEquals(expected(w, 3), rig.read(inodes[w][3], 0, CHUNKS * CHUNK), "read back " + name(w, 3));
            }
            Ext2rRig.await(m.unmount());
        }
        E2fsprogs.fsckClean(image);
        for (int w = 0; w < WRITERS; w++) {
            for (int f = 0; f < FILES; f += 5) {
                Path out = work.resolve("out-" + w + "-" + f);
                E2fsprogs.debugfs(image, "dump " + name(w, f) + " " + out);
                assertArrayEquals(expected(w, f), Files.readAllBytes(out), name(w, f));
            }
        }
    }

    /**
     * A partial-block WRITE waits for its block's old bytes; meanwhile a whole-block WRITE replaces the
     * block and reaches the volume; then the slow read comes back with the bytes from before. The
     * partial WRITE must be applied to the new block, not to the late old bytes.
     */
    @Test
    void aReadThatComesBackAfterTheBlockWasReplacedIsNotBelieved() throws Exception {
        Path src = Files.createDirectories(work.resolve("src"));
        byte[] old = new byte[2048];
        java.util.Arrays.fill(old, (byte) 'o');
        Files.write(src.resolve("f"), old);
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), 1024, 4096, src);
        long firstBlock = Long.parseLong(E2fsprogs.debugfs(image, "bmap /f 0").trim());
        try (Ext2rRig rig = new Ext2rRig(image, false, 256)) {
            MountedFileSystem m = rig.mount(MountOptions.readWrite());
            long f = rig.lookup("/f").inode();
            rig.volume.holdReadsAt(firstBlock * 1024);
            byte[] small = new byte[10];
            java.util.Arrays.fill(small, (byte) 'A');
            CompletableFuture<IoReply> partial = rig.callAsync(rig.activity, FileProtocol.WRITE, f, 100L, Buffer.of(small));
            rig.rig.await("the partial write's read is held", () -> rig.volume.held() == 1);
            byte[] whole = new byte[1024];
            java.util.Arrays.fill(whole, (byte) 'B');
            assertTrue(rig.call(FileProtocol.WRITE, f, 0L, Buffer.of(whole)).isOk());
            assertTrue(rig.call(FileProtocol.SYNC).isOk(), "the whole block is on the volume");
            assertEquals(org.omnikernel.okrt.SendResult.OK, rig.rig.kernel().send(rig.activity,
                    org.omnikernel.storage.VolumeProtocol.RESOURCE, ImageFileVolume.RELEASE, 0));
            assertTrue(partial.get(60, TimeUnit.SECONDS).isOk());
            byte[] expected = whole.clone();
            System.arraycopy(small, 0, expected, 100, 10);
            assertArrayEquals(expected, rig.read(f, 0, 1024), "the partial write landed on the new block");
            Ext2rRig.await(m.unmount());
        }
        E2fsprogs.fsckClean(image);
    }

    private static String name(int writer, int file) {
        return "/shared/w" + writer + "-f" + file;
    }

    private static byte[] chunk(int writer, int file, int chunk) {
        byte[] b = new byte[CHUNK];
        for (int i = 0; i < CHUNK; i++) {
            b[i] = (byte) (writer * 61 + file * 7 + chunk * 3 + i);
        }
        return b;
    }

    private static byte[] expected(int writer, int file) {
        byte[] all = new byte[CHUNKS * CHUNK];
        for (int c = 0; c < CHUNKS; c++) {
            System.arraycopy(chunk(writer, file, c), 0, all, c * CHUNK, CHUNK);
        }
        return all;
    }
}
