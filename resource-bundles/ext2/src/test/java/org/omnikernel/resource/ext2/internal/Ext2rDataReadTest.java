package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;

/**
 * READ of file data goes straight to the volume: a warm 64 KiB read of a contiguous file is two
 * volume requests of 32 KB (coalesced, at most 32 KB each), every time — its data blocks are not kept
 * in the metadata cache, while the metadata it needs is.
 */
@Timeout(60)
class Ext2rDataReadTest {
    @TempDir
    Path work;

    @Test
    void dataReadsAreCoalescedTo32KbAndNotCached() throws Exception {
        Path src = Files.createDirectories(work.resolve("src"));
        byte[] data = new byte[64 * 1024];
        new Random(7).nextBytes(data);
        Files.write(src.resolve("file"), data);
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), 1024, 8192, src);
        String blocks = E2fsprogs.debugfs(image, "stat /file");
        try (Ext2rRig rig = new Ext2rRig(image, true, 256)) {
            MountedFileSystem m = rig.mount(new MountOptions(true, false));
            FileAttributes file = rig.lookup("/file");
            assertArrayEquals(data, rig.read(file.inode(), 0, data.length), "cold");
            for (int round = 0; round < 3; round++) {
                int before = rig.volume.reads();
                assertArrayEquals(data, rig.read(file.inode(), 0, data.length), "warm, round " + round);
                // 64 blocks of 1 KiB: the first 12 direct, the indirect block, then 52 more; debugfs tells where.
                int expected = contiguousRuns(blocks);
                assertEquals(expected, rig.volume.reads() - before, "volume READs for a warm 64 KiB read; " + blocks);
            }
            Ext2rRig.await(m.unmount());
        }
    }

    /** @return the READs of at most 32 blocks the file's data takes, from debugfs's extent list */
    private static int contiguousRuns(String stat) {
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
                if (b == previousEnd + 1 && runLength < 32) {
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
