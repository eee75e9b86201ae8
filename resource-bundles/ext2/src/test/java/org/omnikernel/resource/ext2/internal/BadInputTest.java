package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * No space, no inodes, long names, bad paths and writes to a read-only mount give error codes with
 * messages, change nothing, and leave a file system e2fsck calls clean.
 */
@Timeout(30)
class BadInputTest {
    @TempDir
    Path work;

    private static Ext2Exception fails(Ext2Error expected, Executable what) {
        Ext2Exception e = assertThrows(Ext2Exception.class, what);
        assertEquals(expected, e.error(), e.getMessage());
        return e;
    }

    private Ext2FileSystem mountNew(int blockSize, long kib, String... extra) throws IOException {
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), blockSize, kib, null, extra);
        return Ext2FileSystem.mount(ImageFileView.open(image, true), MountOptions.readWrite(), WriteBack.NONE);
    }

    private void unmountAndCheck(Ext2FileSystem fs) {
        fs.unmount();
        E2fsprogs.fsckClean(work.resolve("fs.img"));
    }

    @Test
    void noSpaceFailsWholeWritesAndKeepsCountsRight() throws IOException {
        Ext2FileSystem fs = mountNew(1024, 1024);
        long ino = fs.create("/fill", 0644);
        byte[] chunk = new byte[48 * 1024];
        long written = 0;
        Ext2Exception full = null;
        for (int i = 0; i < 100 && full == null; i++) {
            long freeBefore = fs.statfs().freeBlocks();
            try {
                fs.write(ino, written, ByteBuffer.wrap(chunk));
                written += chunk.length;
            } catch (Ext2Exception e) {
                full = e;
                assertEquals(freeBefore, fs.statfs().freeBlocks(), "the failed write allocated nothing");
            }
        }
        assertEquals(Ext2Error.NO_SPACE, full.error(), full.getMessage());
        assertEquals(written, fs.stat("/fill").size(), "the failed write did not grow the file");
        fs.write(ino, written, ByteBuffer.wrap(new byte[100])); // what still fits, fits
        unmountAndCheck(fs);
    }

    @Test
    void noInodesIsAnErrorAndFreesNothingPartWay() throws IOException {
        Ext2FileSystem fs = mountNew(1024, 1024, "-N", "64");
        Ext2Exception out = null;
        int created = 0;
        for (int i = 0; i < 200 && out == null; i++) {
            try {
                fs.create("/f" + i, 0644);
                created++;
            } catch (Ext2Exception e) {
                out = e;
            }
        }
        assertEquals(Ext2Error.NO_INODES, out.error(), out.getMessage());
        assertEquals(0, fs.statfs().freeInodes());
        fails(Ext2Error.NO_INODES, () -> fs.mkdir("/dir", 0755));
        assertEquals(created + 3, fs.readdir("/").size(), ". .. lost+found and the files");
        unmountAndCheck(fs);
    }

    @Test
    void namesOver255BytesAreRefused() throws IOException {
        Ext2FileSystem fs = mountNew(1024, 2048);
        fails(Ext2Error.NAME_TOO_LONG, () -> fs.create("/" + "x".repeat(256), 0644));
        fails(Ext2Error.NAME_TOO_LONG, () -> fs.mkdir("/" + "é".repeat(128), 0755)); // 256 bytes of UTF-8
        fails(Ext2Error.NAME_TOO_LONG, () -> fs.lookup("/" + "y".repeat(300) + "/z"));
        fails(Ext2Error.NAME_TOO_LONG, () -> fs.symlink("/link", "t".repeat(1024)));
        fs.create("/" + "x".repeat(255), 0644);
        fs.symlink("/link", "t".repeat(1023));
        assertEquals("t".repeat(1023), fs.readlink("/link"));
        unmountAndCheck(fs);
    }

    @Test
    void badPathsAndWrongTypesAreNamedErrors() throws IOException {
        Ext2FileSystem fs = mountNew(1024, 2048);
        long file = fs.create("/file", 0644);
        long dir = fs.mkdir("/dir", 0755);
        fs.create("/dir/inner", 0644);
        fs.symlink("/loop1", "loop2");
        fs.symlink("/loop2", "loop1");
        fails(Ext2Error.INVALID_PATH, () -> fs.create("relative", 0644));
        fails(Ext2Error.INVALID_PATH, () -> fs.create("", 0644));
        fails(Ext2Error.INVALID_PATH, () -> fs.create("/", 0644));
        fails(Ext2Error.INVALID_PATH, () -> fs.mkdir("/dir/..", 0755));
        fails(Ext2Error.INVALID_PATH, () -> fs.create("/a\0b", 0644));
        fails(Ext2Error.NOT_FOUND, () -> fs.create("/missing/x", 0644));
        fails(Ext2Error.NOT_DIRECTORY, () -> fs.create("/file/x", 0644));
        fails(Ext2Error.EXISTS, () -> fs.mkdir("/file", 0755));
        fails(Ext2Error.NOT_EMPTY, () -> fs.rmdir("/dir"));
        fails(Ext2Error.NOT_DIRECTORY, () -> fs.rmdir("/file"));
        fails(Ext2Error.IS_DIRECTORY, () -> fs.unlink("/dir"));
        fails(Ext2Error.IS_DIRECTORY, () -> fs.link("/dir", "/dir2"));
        fails(Ext2Error.IS_DIRECTORY, () -> fs.write(dir, 0, ByteBuffer.allocate(1)));
        fails(Ext2Error.INVALID_PATH, () -> fs.rename("/dir", "/dir/inside"));
        fails(Ext2Error.IS_DIRECTORY, () -> fs.rename("/file", "/dir"));
        fails(Ext2Error.NOT_DIRECTORY, () -> fs.rename("/dir", "/file"));
        fails(Ext2Error.SYMLINK_LOOP, () -> fs.lookup("/loop1/x"));
        fails(Ext2Error.INVALID_ARGUMENT, () -> fs.write(file, -1, ByteBuffer.allocate(1)));
        fails(Ext2Error.INVALID_ARGUMENT, () -> fs.truncate(file, -5));
        fails(Ext2Error.FILE_TOO_LARGE, () -> fs.truncate(file, Long.MAX_VALUE / 2));
        fails(Ext2Error.INVALID_ARGUMENT, () -> fs.readlink("/file"));
        fails(Ext2Error.NOT_FOUND, () -> fs.unlink("/nothing"));
        fails(Ext2Error.NOT_DIRECTORY, () -> fs.stat("/file/"));
        assertEquals(dir, fs.lookup("/dir/"));
        unmountAndCheck(fs);
    }

    @Test
    void readOnlyMountRefusesEveryWriteAndChangesNoByte() throws IOException {
        Path src = Files.createDirectories(work.resolve("src/d"));
        Files.write(work.resolve("src/f"), new byte[3000]);
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), 4096, 4096, work.resolve("src"));
        byte[] before = Files.readAllBytes(image);
        try (ImageFileView view = ImageFileView.open(image, false)) {
            Ext2FileSystem fs = Ext2FileSystem.mount(view, MountOptions.readOnlyMount(), WriteBack.NONE);
            long f = fs.lookup("/f");
            for (Executable write : new Executable[] {
                () -> fs.create("/new", 0644), () -> fs.mkdir("/new", 0755), () -> fs.unlink("/f"),
                () -> fs.rmdir("/d"), () -> fs.rename("/f", "/g"), () -> fs.link("/f", "/g"),
                () -> fs.symlink("/s", "f"), () -> fs.write(f, 0, ByteBuffer.allocate(1)),
                () -> fs.truncate(f, 0)}) {
                Ext2Exception e = fails(Ext2Error.READ_ONLY, write);
                assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            }
            fs.unmount();
            Ext2FileSystem asked = Ext2FileSystem.mount(view, MountOptions.readWrite(), WriteBack.NONE);
            assertEquals("the volume is read-only", asked.statfs().readOnlyReason(), "a read-only view mounts read-only");
        }
        assertArrayEquals(before, Files.readAllBytes(image), "not one byte changed");
        assertTrue(Files.isDirectory(src));
    }
}
