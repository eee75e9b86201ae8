package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;
import org.omnikernel.storage.VolumeProtocol;

/**
 * How EXT2R tracks its writes at the volume: a block never has two writes in flight (a disk may
 * reorder what it holds), newer writes of a block wait and coalesce into its newest contents; and a
 * write lost with the activity that paid for it is written again under the infrastructure activity.
 */
@Timeout(120)
class Ext2rWriteTrackingTest {

    @TempDir
    Path work;

    @Test
    void aBlockNeverHasTwoWritesInFlightAndHeldWritesCoalesceIntoTheNewest() throws Exception {
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), 1024, 8192, null);
        try (Ext2rRig rig = new Ext2rRig(image, false, 256)) {
            MountedFileSystem m = rig.mount(MountOptions.readWrite());
            long ino = rig.ok(FileAttributes.class, FileProtocol.CREATE, "/c", 0644, true).inode();
            assertTrue(rig.call(FileProtocol.SYNC).isOk());

            rig.volume.holdWrites(); // the disk takes writes and sits on them
            for (int version = 1; version <= 3; version++) {
                assertTrue(rig.call(FileProtocol.WRITE, ino, 0L, Buffer.of(filled(version))).isOk());
            }
            int heldAtDisk = rig.volume.heldWrites();
            assertTrue(heldAtDisk > 0, "the first write's blocks are at the disk");
            assertEquals(1, rig.volume.mostOfOneBlockAtOnce(), "never two writes of one block at the disk at once");

            rig.volume.clearWrites();
            assertEquals(SendResult.OK, rig.rig.kernel().send(rig.activity, VolumeProtocol.RESOURCE,
                    ImageFileVolume.RELEASE_WRITES, 0));
            assertTrue(rig.call(FileProtocol.SYNC).isOk(), "SYNC covers the held writes");
            List<ImageFileVolume.WriteSeen> seen = rig.volume.writes();
            Ext2rRig.await(m.unmount());

            E2fsprogs.fsckClean(image);
            long block = Long.parseLong(E2fsprogs.debugfs(image, "bmap /c 0").trim());
            long writesOfBlock = seen.stream().filter(w -> w.offset() == block * 1024).count();
            assertEquals(2, writesOfBlock, "version 1 from the disk's hold, then versions 2 and 3 as one write: " + seen);
            Path out = work.resolve("c.out");
            E2fsprogs.debugfs(image, "dump /c " + out);
            assertArrayEquals(filled(3), Files.readAllBytes(out), "the newest contents are on the disk");
        }
    }

    @Test
    void writesLostWithTheirActivityAreWrittenUnderTheInfrastructureActivity() throws Exception {
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), 1024, 8192, null);
        try (Ext2rRig rig = new Ext2rRig(image, false, 256)) {
            MountedFileSystem m = rig.mount(MountOptions.readWrite());
            Activity doomed = rig.rig.createActivity("process", Parameters.EMPTY);
            long ino = ((FileAttributes) rig.callAs(doomed, FileProtocol.CREATE, "/t", 0644, true).value()).inode();
            assertTrue(rig.callAs(doomed, FileProtocol.WRITE, ino, 0L, Buffer.of(filled(1))).isOk());
            assertTrue(rig.call(FileProtocol.SYNC).isOk());

            rig.volume.fill(); // the process's next writes wait, queued, at a full disk
            for (int i = 1; i <= 3; i++) {
                assertTrue(rig.callAs(doomed, FileProtocol.WRITE, ino, i * 1024L, Buffer.of(filled(10 + i))).isOk());
            }
            rig.volume.clearWrites();
            rig.rig.kernel().terminate(doomed).toCompletableFuture().get(10, TimeUnit.SECONDS);
            rig.volume.room();
            assertTrue(rig.call(FileProtocol.SYNC).isOk(), "every write done, none lost: the SYNC after them answers ok");
            List<ImageFileVolume.WriteSeen> seen = rig.volume.writes();
            Ext2rRig.await(m.unmount());

            E2fsprogs.fsckClean(image);
            Path out = work.resolve("t.out");
            E2fsprogs.debugfs(image, "dump /t " + out);
            byte[] expected = new byte[4 * 1024];
            for (int i = 0; i < 4; i++) {
                System.arraycopy(filled(i == 0 ? 1 : 10 + i), 0, expected, i * 1024, 1024);
            }
            assertArrayEquals(expected, Files.readAllBytes(out), "the process's last writes reached the disk");
            for (int i = 1; i <= 3; i++) {
                long block = Long.parseLong(E2fsprogs.debugfs(image, "bmap /t " + i).trim());
                List<ImageFileVolume.WriteSeen> ofBlock = seen.stream().filter(w -> w.offset() == block * 1024).toList();
                assertEquals(1, ofBlock.size(), "block " + block + ": " + seen);
                assertNotEquals(doomed.id(), ofBlock.get(0).activity(), "written for the infrastructure, not the ended process");
            }
        }
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[1024];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
