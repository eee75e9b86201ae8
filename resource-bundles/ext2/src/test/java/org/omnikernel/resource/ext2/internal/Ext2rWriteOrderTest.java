package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;

/**
 * What EXT2R's writes look like at the volume (seed §5.7): the blocks private to a file arrive in the
 * order they were written, under the activity that wrote them and one dependency label per (activity,
 * file); blocks shared among files — superblock, group descriptors, bitmaps, inode table — arrive
 * under the infrastructure activity with its one label. SYNC answers after a FLUSH.
 */
@Timeout(120)
class Ext2rWriteOrderTest {
    private static final int BLOCKS = 16;

    @TempDir
    Path work;

    @Test
    void privateWritesKeepTheirOrderAndActivityAndSharedOnesGoUnderTheInfrastructureActivity() throws Exception {
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), 1024, 8192, null);
        Activity a;
        Activity b;
        List<ImageFileVolume.WriteSeen> seen;
        try (Ext2rRig rig = new Ext2rRig(image, false, 256)) {
            MountedFileSystem m = rig.mount(MountOptions.readWrite());
            a = rig.activity;
            b = rig.rig.createActivity("writer b", Parameters.EMPTY);
            long fileA = ((FileAttributes) rig.callAs(a, FileProtocol.CREATE, "/a", 0644, true).value()).inode();
            long fileB = ((FileAttributes) rig.callAs(b, FileProtocol.CREATE, "/b", 0644, true).value()).inode();
            for (int i = 0; i < BLOCKS; i++) {
                assertTrue(rig.callAs(a, FileProtocol.WRITE, fileA, i * 1024L, Buffer.of(block(1, i))).isOk());
                assertTrue(rig.callAs(b, FileProtocol.WRITE, fileB, i * 1024L, Buffer.of(block(2, i))).isOk());
            }
            int flushes = rig.volume.flushes();
            assertTrue(rig.callAs(a, FileProtocol.SYNC).isOk());
            assertTrue(rig.volume.flushes() > flushes, "SYNC answered after a FLUSH");
            seen = rig.volume.writes();
            Ext2rRig.await(m.unmount());
        }
        E2fsprogs.fsckClean(image);

        Set<Long> shared = sharedBlocks(image);
        List<Long> dataA = dataBlocks(image, "/a");
        List<Long> dataB = dataBlocks(image, "/b");
        Set<Long> infrastructure = new HashSet<>();
        Set<DependencyLabel> sharedLabels = new HashSet<>();
        List<Long> orderA = new ArrayList<>();
        List<Long> orderB = new ArrayList<>();
        Set<DependencyLabel> labelsA = new HashSet<>();
        Set<DependencyLabel> labelsB = new HashSet<>();
        for (ImageFileVolume.WriteSeen w : seen) {
            assertEquals(1024, w.length(), "one block per write");
            long block = w.offset() / 1024;
            assertNotNull(w.label(), "every write of EXT2R is ordered: block " + block);
            if (shared.contains(block)) {
                infrastructure.add(w.activity());
                sharedLabels.add(w.label());
            } else if (dataA.contains(block)) {
                assertEquals(a.id(), w.activity(), "block " + block + " of /a is written for its writer");
                orderA.add(block);
                labelsA.add(w.label());
            } else if (dataB.contains(block)) {
                assertEquals(b.id(), w.activity(), "block " + block + " of /b is written for its writer");
                orderB.add(block);
                labelsB.add(w.label());
            }
        }
        assertEquals(1, infrastructure.size(), "shared blocks under one activity: " + infrastructure);
        long infra = infrastructure.iterator().next();
        assertNotEquals(a.id(), infra);
        assertNotEquals(b.id(), infra);
        assertEquals(1, sharedLabels.size(), "shared blocks under one label: " + sharedLabels);
        assertEquals(infra, sharedLabels.iterator().next().activity(), "the label is the infrastructure activity's");
        assertEquals(dataA, orderA, "the blocks of /a arrived in the order written");
        assertEquals(dataB, orderB, "the blocks of /b arrived in the order written");
        assertEquals(1, labelsA.size(), "one label for (a, /a): " + labelsA);
        assertEquals(1, labelsB.size(), "one label for (b, /b): " + labelsB);
        assertNotEquals(labelsA, labelsB);
    }

    private static byte[] block(int file, int index) {
        byte[] bytes = new byte[1024];
        java.util.Arrays.fill(bytes, (byte) (file * 16 + index));
        return bytes;
    }

    /** @return group 0's superblock, descriptors, bitmaps and inode table, as dumpe2fs tells them */
    private static Set<Long> sharedBlocks(Path image) {
        String dump = E2fsprogs.check("dumpe2fs", image.toString());
        String group0 = dump.substring(dump.indexOf("Group 0:"), dump.indexOf("Group 1:") > 0 ? dump.indexOf("Group 1:") : dump.length());
        Set<Long> blocks = new HashSet<>();
        Matcher m = Pattern.compile("(Primary superblock|Group descriptors|Block bitmap|Inode bitmap|Inode table) at (\\d+)(?:-(\\d+))?")
                .matcher(group0);
        while (m.find()) {
            long first = Long.parseLong(m.group(2));
            long last = m.group(3) == null ? first : Long.parseLong(m.group(3));
            for (long x = first; x <= last; x++) {
                blocks.add(x);
            }
        }
        assertTrue(blocks.size() > 5, group0);
        return blocks;
    }

    /** @return the file's data blocks in logical order */
    private static List<Long> dataBlocks(Path image, String path) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < BLOCKS; i++) {
            out.add(Long.parseLong(E2fsprogs.debugfs(image, "bmap " + path + " " + i).trim()));
        }
        return out;
    }
}
