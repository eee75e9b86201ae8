package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The image-file view across mapping chunks, and images of the original revision 0 layout. */
@Timeout(30)
class ImageFileViewTest {
    @TempDir
    Path work;

    private Path source() throws IOException {
        Path src = Files.createDirectories(work.resolve("src/dir"));
        byte[] data = new byte[300 * 1024];
        new Random(3).nextBytes(data);
        Files.write(src.resolve("data"), data);
        Files.createSymbolicLink(work.resolve("src/link"), Path.of("dir/data"));
        return work.resolve("src");
    }

    @Test
    void blocksAcrossMappingChunksReadAndWriteLikeOneMapping() throws IOException {
        Path src = source();
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), 1024, 4096, src);
        try (ImageFileView view = ImageFileView.open(image, true, 3 * 1024)) { // 3 blocks per chunk
            Ext2FileSystem fs = Ext2FileSystem.mount(view, MountOptions.readWrite(), WriteBack.NONE);
            TreeAssert.assertFsMatches(src, fs, new TreeAssert.Checks(true, true));
            long ino = fs.create("/new", 0644);
            byte[] data = new byte[200 * 1024];
            new Random(4).nextBytes(data);
            fs.write(ino, 0, ByteBuffer.wrap(data));
            Files.write(src.resolve("new"), data);
            TreeAssert.assertFsMatches(src, fs, new TreeAssert.Checks(false, true));
            fs.unmount();
        }
        E2fsprogs.fsckClean(image);
        Path dump = Files.createDirectories(work.resolve("dump"));
        E2fsprogs.debugfs(image, "rdump / " + dump);
        TreeAssert.assertHostTreesEqual(src, dump);
    }

    @Test
    void revisionZeroImagesReadButMountReadOnly() throws IOException {
        Path src = source();
        Path image = work.resolve("rev0.img");
        E2fsprogs.check("mke2fs", "-q", "-F", "-r", "0", "-b", "1024", "-d", src.toString(), image.toString(), "4096k");
        try (ImageFileView view = ImageFileView.open(image, true)) {
            Ext2FileSystem fs = Ext2FileSystem.mount(view, MountOptions.readWrite(), WriteBack.NONE);
            assertTrue(fs.statfs().readOnlyReason().contains("revision 0"), fs.statfs().readOnlyReason());
            TreeAssert.assertFsMatches(src, fs, new TreeAssert.Checks(true, true));
            assertEquals(Ext2Error.READ_ONLY, org.junit.jupiter.api.Assertions.assertThrows(Ext2Exception.class,
                    () -> fs.create("/x", 0644)).error());
        }
    }
}
