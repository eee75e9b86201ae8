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
