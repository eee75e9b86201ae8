package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.FsStats;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;

/**
 * mkfs in Java through the grid: {@code e2fsck -fn} accepts what it makes, debugfs shows the empty
 * root with lost+found, dumpe2fs the label and sizes asked for; the result mounts, takes files and
 * stays clean. Bad options are refused by name, and nothing is written then.
 */
@Timeout(180)
class Ext2rFormatTest {
    @TempDir
    Path work;

    private Path blankImage(long bytes) throws Exception {
        Path image = work.resolve("blank.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return image;
    }

    @ParameterizedTest(name = "{0} MiB, {1}")
    @CsvSource(delimiter = ';', value = {"64; block.size=1024", "64; block.size=2048,inodes=3000,label=data",
        "200; block.size=4096,bytes-per-inode=16384,label=sixteen-bytes-ok", "300; ",
        "33; block.size=1024,inode.size=128"})
    void formatMakesWhatE2fsckAcceptsAndItMountsAndTakesFiles(int mib, String options) throws Exception {
        Map<String, String> opts = new java.util.TreeMap<>();
        if (options != null) {
            for (String kv : options.split(",")) {
                String[] p = kv.split("=", 2);
                opts.put(p[0], p[1]);
            }
        }
        Path image = blankImage((long) mib << 20);
        byte[] data = new byte[70_000];
        new Random(mib).nextBytes(data);
        try (Ext2rRig rig = new Ext2rRig(image, false, 512)) {
            Ext2rRig.await(rig.type.format(rig.volume.volume(), opts));
            assertTrue(rig.volume.flushes() > 0, "format ends with a FLUSH");
            E2fsprogs.fsckClean(image);
            String root = E2fsprogs.debugfs(image, "ls -l /");
            assertTrue(root.contains("lost+found"), root);
            String dump = E2fsprogs.check("dumpe2fs", "-h", image.toString());
            assertTrue(dump.contains("Filesystem revision #:    1"), dump);
            if (opts.containsKey("label")) {
                assertTrue(dump.contains("Filesystem volume name:   " + opts.get("label")), dump);
            }
            int blockSize = Integer.parseInt(opts.getOrDefault("block.size", mib < 512 ? "1024" : "4096"));
            assertTrue(dump.contains("Block size:               " + blockSize), dump);
            if (opts.containsKey("inodes")) {
                long count = Long.parseLong(dump.replaceAll("(?s).*Inode count:\\s+(\\d+).*", "$1"));
                assertTrue(count >= 3000 && count < 3000 + 8 * 1024, "inode count " + count);
            }

            MountedFileSystem mounted = rig.mount(MountOptions.readWrite());
            assertFalse(mounted.readOnly(), mounted.readOnlyReason());
            assertTrue(rig.ok(java.util.List.class, FileProtocol.READDIR, "/").size() == 1, "only lost+found");
            FsStats stats = rig.ok(FsStats.class, FileProtocol.STATFS);
            assertEquals(blockSize, stats.blockSize());
            FileAttributes dir = rig.ok(FileAttributes.class, FileProtocol.MKDIR, "/docs", 0750);
            FileAttributes file = rig.ok(FileAttributes.class, FileProtocol.CREATE, "/docs/a.bin", 0640, true);
            assertTrue(dir.inode() != file.inode(), "distinct inodes");
            FileAttributes written = rig.ok(FileAttributes.class, FileProtocol.WRITE, file.inode(), 1000L, Buffer.of(data));
            assertEquals(71_000, written.size());
            assertTrue(rig.call(FileProtocol.SYNC).isOk());
            Ext2rRig.await(mounted.unmount());
        }
        E2fsprogs.fsckClean(image);
        Path out = work.resolve("a.out");
        E2fsprogs.debugfs(image, "dump /docs/a.bin " + out);
        byte[] back = Files.readAllBytes(out);
        assertEquals(71_000, back.length);
        assertArrayEquals(new byte[1000], java.util.Arrays.copyOf(back, 1000), "the hole before the data");
        assertArrayEquals(data, java.util.Arrays.copyOfRange(back, 1000, 71_000));
    }

    @Test
    void badOptionsAreRefusedByNameAndNothingIsWritten() throws Exception {
        Path image = blankImage(32 << 20);
        try (Ext2rRig rig = new Ext2rRig(image, false, 512)) {
            assertRefused(rig, Map.of("blocksize", "4096"), "'blocksize'");
            assertRefused(rig, Map.of("block.size", "8192"), "block.size=8192");
            assertRefused(rig, Map.of("block.size", "many"), "not a number");
            assertRefused(rig, Map.of("label", "a label that is far too long"), "at most 16");
            assertRefused(rig, Map.of("inodes", "5"), "inodes=5");
            assertEquals(0, rig.volume.writes().size(), "nothing was written");
            Exception e = assertThrows(IllegalArgumentException.class, () -> rig.mount(MountOptions.readWrite()));
            assertTrue(e.getMessage().contains("magic"), e.getMessage());
        }
    }

    @Test
    void aTinyVolumeIsRefusedWithItsSize() throws Exception {
        Path image = blankImage(32 << 10);
        try (Ext2rRig rig = new Ext2rRig(image, false, 512)) {
            assertRefused(rig, Map.of(), "at least 64");
        }
    }

    private static void assertRefused(Ext2rRig rig, Map<String, String> options, String naming) {
        Exception e = assertThrows(IllegalArgumentException.class, () -> Ext2rRig.await(rig.type.format(rig.volume.volume(), options)));
        assertTrue(e.getMessage().contains(naming), e.getMessage());
    }
}
