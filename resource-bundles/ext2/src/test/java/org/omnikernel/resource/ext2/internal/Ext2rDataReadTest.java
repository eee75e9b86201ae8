package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;

/**
 * READ of file data goes straight to the volume, one volume READ per contiguous extent of up to
 * 256 KB (SDRWR, below STOR, splits it into 32 KB disk requests): a warm 64 KiB read of a file in 1 KiB
 * blocks is one READ per run of adjacent blocks, every time — its data blocks are not kept in the
 * metadata cache, while the metadata it needs is; a 256 KiB read of one extent is one READ of 256 KiB.
 */
@Timeout(60)
class Ext2rDataReadTest {
    @TempDir
    Path work;

    @Test
    void dataReadsAreOneVolumeReadPerExtentAndNotCached() throws Exception {
        byte[] data = randomBytes(64 * 1024, 7);
        Path image = imageHolding("file", data, 1024, 8192);
        String blocks = E2fsprogs.debugfs(image, "stat /file");
        try (Ext2rRig rig = new Ext2rRig(image, true, 256)) {
            MountedFileSystem m = rig.mount(new MountOptions(true, false));
            FileAttributes file = rig.lookup("/file");
            assertArrayEquals(data, rig.read(file.inode(), 0, data.length), "cold");
            for (int round = 0; round < 3; round++) {
                int before = rig.volume.reads();
                assertArrayEquals(data, rig.read(file.inode(), 0, data.length), "warm, round " + round);
                // 64 blocks of 1 KiB: the first 12 direct, the indirect block, then 52 more; debugfs tells where.
                int expected = contiguousRuns(blocks, 256);
                assertEquals(expected, rig.volume.reads() - before, "volume READs for a warm 64 KiB read; " + blocks);
                assertTrue(expected < 64 / 32 + 2, "fewer READs than 32 KB pieces would take: " + blocks);
            }
            Ext2rRig.await(m.unmount());
        }
    }

    @Test
    void aReadOfOneExtentIsOneVolumeReadAndAnUnalignedOneReadsTheSameBlocks() throws Exception {
        byte[] data = randomBytes(1 << 20, 8);
        Path image = imageHolding("big", data, 4096, 16384);
        String blocks = E2fsprogs.debugfs(image, "stat /big");
        try (Ext2rRig rig = new Ext2rRig(image, true, 256)) {
            MountedFileSystem m = rig.mount(new MountOptions(true, false));
            FileAttributes file = rig.lookup("/big");
            rig.read(file.inode(), 0, 16 * 4096); // the inode and the indirect block are resident now
            int before = rig.volume.readLengths().size();
            int aligned = 256 * 1024;
            assertArrayEquals(Arrays.copyOfRange(data, 64 * 1024, 64 * 1024 + aligned),
                    rig.read(file.inode(), 64 * 1024, aligned), "a block-aligned 256 KiB read");
            List<Integer> sent = rig.volume.readLengths().subList(before, rig.volume.readLengths().size());
            int runs = contiguousRuns(blocksOf(blocks, 16, 64), 64);
            assertEquals(runs, sent.size(), "one volume READ per extent; " + blocks + "; sent " + sent);
            assertEquals(aligned, sent.stream().mapToInt(Integer::intValue).sum(), "sent " + sent);

            before = rig.volume.readLengths().size();
            assertArrayEquals(Arrays.copyOfRange(data, 100, 100 + aligned), rig.read(file.inode(), 100, aligned),
                    "an unaligned read takes its bytes out of 65 blocks");
            sent = rig.volume.readLengths().subList(before, rig.volume.readLengths().size());
            assertTrue(sent.stream().allMatch(n -> n <= DataRead.MAX_REQUEST), "a READ above 256 KB: " + sent);
            assertEquals(65 * 4096, sent.stream().mapToInt(Integer::intValue).sum(), "sent " + sent);
            Ext2rRig.await(m.unmount());
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** @return a new ext2 image of {@code kib} KiB in {@code blockSize}-byte blocks with one file in its root */
    private Path imageHolding(String name, byte[] data, int blockSize, long kib) throws java.io.IOException {
        Path src = Files.createDirectories(work.resolve("src-" + name));
        Files.write(src.resolve(name), data);
        return E2fsprogs.mkfs(work.resolve(name + ".img"), blockSize, kib, src);
    }

    /** @return debugfs's stat with only the logical blocks {@code from} to {@code from + count - 1} in its list */
    private static String blocksOf(String stat, int from, int count) {
        StringBuilder out = new StringBuilder("BLOCKS:");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+)(?:-(\\d+))?\\):(\\d+)(?:-(\\d+))?")
                .matcher(stat.substring(stat.indexOf("BLOCKS:") + 7));
        while (m.find()) {
            long l0 = Long.parseLong(m.group(1));
            long l1 = m.group(2) == null ? l0 : Long.parseLong(m.group(2));
            long p0 = Long.parseLong(m.group(3));
            for (long l = Math.max(l0, from); l <= Math.min(l1, from + count - 1L); l++) {
                out.append(" (").append(l).append("):").append(p0 + l - l0);
            }
        }
        return out.toString();
    }

    /** @return the READs of at most {@code most} blocks the file's data takes, from debugfs's extent list */
    private static int contiguousRuns(String stat, int most) {
        String list = stat.substring(stat.indexOf("BLOCKS:") + 7);
        long previousEnd = -2;
        int runLength = 0;
        int requests = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+)(?:-(\\d+))?\\):(\\d+)(?:-(\\d+))?")
                .matcher(list);
        while (m.find()) {
            long first = Long.parseLong(m.group(3));
            long last = m.group(4) == null ? first : Long.parseLong(m.group(4));
            for (long b = first; b <= last; b++) {
                if (b == previousEnd + 1 && runLength < most) {
                    runLength++;
                } else {
                    requests++;
                    runLength = 1;
                }
                previousEnd = b;
            }
        }
        return requests;
    }
}
