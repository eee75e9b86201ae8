package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Images made by mke2fs -d from {@link SourceTree} read back exactly: every file's bytes, size,
 * permissions, link count and symlink target equal the source tree's. With dir_index the images are
 * indexed by {@code e2fsck -fD} first, so that the big directory really has an htree.
 */
@Timeout(60)
class MkfsImageReadTest {
    @TempDir
    static Path shared;
    static Path source;

    @TempDir
    Path work;

    @BeforeAll
    static void buildSource() throws IOException {
        source = SourceTree.build(shared.resolve("src"));
    }

    static Path image(Path dir, int blockSize, boolean dirIndex) {
        Path image = E2fsprogs.mkfs(dir.resolve("fs.img"), blockSize, 48 * 1024, source, "-N", "4096",
                "-O", dirIndex ? "dir_index" : "^dir_index");
        if (dirIndex) {
            E2fsprogs.Result r = E2fsprogs.run("e2fsck", "-fyD", image.toString());
            assertTrue(r.exit() <= 1, r.output());
            assertTrue(E2fsprogs.debugfs(image, "stat /many").contains("Flags: 0x1000"),
                    "e2fsck -fD indexed /many");
        }
        E2fsprogs.fsckClean(image);
        return image;
    }

    @ParameterizedTest(name = "{0}-byte blocks, dir_index {1}")
    @CsvSource({"1024, false", "1024, true", "4096, false", "4096, true"})
    void everyFileEqualsTheSourceTree(int blockSize, boolean dirIndex) throws IOException {
        Path image = image(work, blockSize, dirIndex);
        try (ImageFileView view = ImageFileView.open(image, false)) {
            Ext2FileSystem fs = Ext2FileSystem.mount(view, MountOptions.readOnlyMount(), WriteBack.NONE);
            TreeAssert.assertFsMatches(source, fs, new TreeAssert.Checks(true, true));
            assertEquals(SourceTree.MANY + 3, fs.readdir("/many").size(), ". and .. and the 255-byte name");
            assertEquals(5L << 30, fs.stat("/huge-5g").size());
            FileStat fast = fs.stat("/fast-link");
            assertEquals(0, fast.sectors(), "fast symlink holds no blocks");
            assertTrue(fs.stat("/slow-link").sectors() > 0, "slow symlink holds a block");
            assertTrue(fs.stat("/link-60").sectors() > 0, "a 60-byte target does not fit in i_block");
            assertEquals(0, fs.stat("/link-59").sectors());
            fs.unmount();
        }
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @CsvSource({"1024", "4096"})
    void holesReadAsZerosAndPathsFollowSymlinks(int blockSize) throws IOException {
        Path image = image(work, blockSize, false);
        try (ImageFileView view = ImageFileView.open(image, false)) {
            Ext2FileSystem fs = Ext2FileSystem.mount(view, MountOptions.readOnlyMount(), WriteBack.NONE);
            long ino = fs.lookup("/hole-middle");
            ByteBuffer b = ByteBuffer.allocate(4096);
            assertEquals(4096, fs.read(ino, 1 << 20, b));
            assertTrue(isZero(b.flip()), "hole reads as zeros");
            long sectorsUsed = fs.stat("/hole-middle").sectors();
            assertTrue(sectorsUsed <= 8 * blockSize / 512, "holes hold no blocks: " + sectorsUsed);
            assertEquals(fs.lookup("/nested/a/b/c/d/deep.bin"), fs.lookup("/dir-link/b/c/d/deep.bin"));
            assertEquals(fs.lookup("/nested/a/b"), fs.lookup("/nested/a/b/c/../../b"));
            assertEquals(0, fs.read(ino, 10L << 20, ByteBuffer.allocate(10)), "past the end reads nothing");
            List<DirEntry> root = fs.readdir("/");
            assertEquals(".", root.get(0).name());
            assertEquals("..", root.get(1).name());
            assertFalse(fs.statfs().readOnlyReason().isEmpty());
        }
    }

    static boolean isZero(ByteBuffer b) {
        while (b.hasRemaining()) {
            if (b.get() != 0) {
                return false;
            }
        }
        return true;
    }
}
