package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.omnikernel.storage.DirEntry;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.FileType;
import org.omnikernel.storage.FsStats;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;

/**
 * An image made by {@code mke2fs -d} from the source tree, mounted through a real kernel, read through
 * EXT2R by messages: every name, type, size, permission, link target and byte equals the source tree.
 * The cache is small, so that the walk parks and retries over and over.
 */
@Timeout(300)
class Ext2rReadTest {
    private static final long WHOLE_COMPARE_LIMIT = 96L << 20;
    private static final int CHUNK = 256 * 1024;

    @TempDir
    static Path shared;
    static Path source;

    @TempDir
    Path work;

    @BeforeAll
    static void buildSource() throws IOException {
        source = SourceTree.build(shared.resolve("src"));
    }

    @ParameterizedTest(name = "{0}-byte blocks, cache of {1} blocks")
    @CsvSource({"1024, 256", "4096, 128"})
    void everyFileReadThroughTheResourceEqualsTheSourceTree(int blockSize, int cacheBlocks) throws Exception {
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), blockSize, 48 * 1024, source, "-N", "4096",
                "-O", "^dir_index");
        try (Ext2rRig rig = new Ext2rRig(image, false, cacheBlocks)) {
            MountedFileSystem mounted = rig.mount(new MountOptions(true, false));
            assertTrue(mounted.readOnly());
            assertEquals("", mounted.readOnlyReason(), "read-only as asked: no reason to give");
            compareDirectory(rig, source, "/");
            FsStats stats = rig.ok(FsStats.class, FileProtocol.STATFS);
            assertEquals(blockSize, stats.blockSize());
            assertTrue(stats.readOnly());
            List<?> many = rig.ok(List.class, FileProtocol.READDIR, "/many");
            assertEquals(SourceTree.MANY + 1, many.size(), "the entries and the 255-byte name, without . and ..");
            FileAttributes hole = rig.lookup("/hole-middle");
            assertArrayEquals(new byte[4096], rig.read(hole.inode(), 1 << 20, 4096), "a hole reads as zeros");
            assertEquals(0, rig.read(hole.inode(), 10L << 20, 10).length, "past the end reads nothing");
            assertEquals(rig.lookup("/nested/a/b/c/d/deep.bin").inode(), rig.lookup("/dir-link/b/c/d/deep.bin").inode(),
                    "LOOKUP follows symbolic links");
            Ext2rRig.await(mounted.unmount());
        }
        E2fsprogs.fsckClean(image);
    }

    private void compareDirectory(Ext2rRig rig, Path hostDir, String dir) throws IOException {
        Set<String> hostNames;
        try (Stream<Path> s = Files.list(hostDir)) {
            hostNames = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        List<?> entries = rig.ok(List.class, FileProtocol.READDIR, dir);
        Set<String> names = new TreeSet<>();
        for (Object o : entries) {
            DirEntry e = (DirEntry) o;
            if (!(dir.equals("/") && e.name().equals("lost+found"))) {
                names.add(e.name());
            }
        }
        assertEquals(hostNames, names, "entries of " + dir);
        for (Object o : entries) {
            DirEntry e = (DirEntry) o;
            if (dir.equals("/") && e.name().equals("lost+found")) {
                continue;
            }
            Path h = hostDir.resolve(e.name());
            String f = dir.equals("/") ? "/" + e.name() : dir + "/" + e.name();
            FileAttributes st = rig.ok(FileAttributes.class, FileProtocol.LSTAT, f);
            assertEquals(e.inode(), st.inode(), "inode of " + f);
            assertEquals(e.type(), st.type(), "type of " + f);
            assertEquals(((Number) Files.getAttribute(h, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue(),
                    st.links(), "link count of " + f);
            if (Files.isSymbolicLink(h)) {
                assertEquals(FileType.SYMLINK, st.type(), f);
                assertEquals(Files.readSymbolicLink(h).toString(), rig.ok(String.class, FileProtocol.READLINK, f));
            } else if (Files.isDirectory(h)) {
                assertEquals(FileType.DIRECTORY, st.type(), f);
                assertEquals(TreeAssert.permissions(h), st.permissions(), "permissions of " + f);
                compareDirectory(rig, h, f);
            } else {
                assertEquals(FileType.FILE, st.type(), f);
                assertEquals(TreeAssert.permissions(h), st.permissions(), "permissions of " + f);
                assertEquals(Files.size(h), st.size(), "size of " + f);
                compareBytes(rig, h, st, f);
            }
        }
    }

    private void compareBytes(Ext2rRig rig, Path h, FileAttributes st, String f) throws IOException {
        long size = st.size();
        if (size <= WHOLE_COMPARE_LIMIT) {
            compareRange(rig, h, st.inode(), 0, size, f);
        } else {
            compareRange(rig, h, st.inode(), 0, 1 << 20, f);
            compareRange(rig, h, st.inode(), size - (4 << 20), size, f);
        }
    }

    private void compareRange(Ext2rRig rig, Path h, long ino, long from, long to, String f) throws IOException {
        try (FileChannel ch = FileChannel.open(h)) {
            for (long pos = from; pos < to; pos += CHUNK) {
                int n = (int) Math.min(CHUNK, to - pos);
                ByteBuffer expected = ByteBuffer.allocate(n);
                while (expected.hasRemaining() && ch.read(expected, pos + expected.position()) > 0) {
                    // read fully
                }
                // An odd offset and length too: the answer is cut from the blocks, not aligned to them.
                byte[] actual = rig.read(ino, pos, n);
                assertArrayEquals(expected.array(), actual, "bytes of " + f + " at " + pos);
            }
            if (to - from > 3000) {
                ByteBuffer expected = ByteBuffer.allocate(2999);
                ch.read(expected, from + 1001);
                assertArrayEquals(expected.array(), rig.read(ino, from + 1001, 2999), "bytes of " + f + " at " + (from + 1001));
            }
        }
    }
}
