package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.FileType;
import org.omnikernel.storage.IoReply;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;
import org.omnikernel.syscall.Err;

/**
 * Mounting through the grid: the mount check's verdicts (an unclean file system mounts read-only with
 * the reason unless forced; a corrupt one is refused with what is wrong), the not-clean mark while
 * mounted read-write, and every error code a request can meet, with nothing thrown out of a handler.
 */
@Timeout(120)
class Ext2rMountTest {
    private static final long STATE = Superblock.OFFSET + Superblock.STATE;

    @TempDir
    Path work;
    private Path image;

    @BeforeEach
    void image() throws Exception {
        Path src = Files.createDirectories(work.resolve("src"));
        Files.write(src.resolve("file"), new byte[5000]);
        Files.createDirectories(src.resolve("dir/sub"));
        image = E2fsprogs.mkfs(work.resolve("fs.img"), 1024, 4096, src);
    }

    private int state() throws Exception {
        return ImagePatch.getInt(image, STATE) & 0xFFFF;
    }

    @Test
    void readWriteMountMarksTheFileSystemNotCleanUntilUnmount() throws Exception {
        try (Ext2rRig rig = new Ext2rRig(image, false, 256)) {
            MountedFileSystem m = rig.mount(MountOptions.readWrite());
            assertEquals("ext2r.image0", m.resource());
            assertFalse(m.readOnly());
            assertEquals(0, state() & Superblock.STATE_VALID, "not clean while mounted");
            Exception twice = assertThrows(IllegalArgumentException.class, () -> rig.mount(MountOptions.readWrite()));
            assertTrue(twice.getMessage().contains("mounted"), twice.getMessage());
            Ext2rRig.await(m.unmount());
            assertEquals(Superblock.STATE_VALID, state() & Superblock.STATE_VALID, "clean after unmount");
            assertTrue(rig.rig.kernel().resourceId("ext2r.image0").isEmpty(), "detached");
            assertTrue(rig.volume.flushes() > 0, "unmount flushed");
            MountedFileSystem again = rig.mount(MountOptions.readWrite());
            assertFalse(again.readOnly(), "mounts again after a clean unmount: " + again.readOnlyReason());
            Ext2rRig.await(again.unmount());
        }
        E2fsprogs.fsckClean(image);
    }

    @Test
    void anUncleanFileSystemMountsReadOnlyWithTheReasonUnlessForced() throws Exception {
        ImagePatch.putShort(image, STATE, 0);
        try (Ext2rRig rig = new Ext2rRig(image, false, 256)) {
            MountedFileSystem m = rig.mount(MountOptions.readWrite());
            assertTrue(m.readOnly());
            assertTrue(m.readOnlyReason().contains("not clean"), m.readOnlyReason());
            IoReply r = rig.call(FileProtocol.CREATE, "/new", 0644, true);
            assertEquals(Err.READ_ONLY, r.error(), r.message());
            assertEquals(5000, rig.lookup("/file").size(), "still readable");
            Ext2rRig.await(m.unmount());
            assertEquals(0, state(), "a read-only mount leaves the state alone");

            MountedFileSystem forced = rig.mount(new MountOptions(false, true));
            assertFalse(forced.readOnly(), forced.readOnlyReason());
            assertEquals("", forced.readOnlyReason());
            assertTrue(rig.call(FileProtocol.CREATE, "/new", 0644, true).isOk());
            Ext2rRig.await(forced.unmount());
        }
        E2fsprogs.fsckClean(image);
    }

    @Test
    void aReadOnlyVolumeMountsReadOnlyAndSaysWhy() throws Exception {
        try (Ext2rRig rig = new Ext2rRig(image, true, 256)) {
            MountedFileSystem m = rig.mount(MountOptions.readWrite());
            assertTrue(m.readOnly());
            assertTrue(m.readOnlyReason().contains("read-only"), m.readOnlyReason());
            assertEquals(Err.READ_ONLY, rig.call(FileProtocol.MKDIR, "/d", 0755).error());
            Ext2rRig.await(m.unmount());
            assertEquals(0, rig.volume.writes().size(), "nothing written");
        }
    }

    @Test
    void corruptFileSystemsAreRefusedWithTheirProblem() throws Exception {
        ImagePatch.putShort(image, Superblock.OFFSET + Superblock.MAGIC_FIELD, 0x1234);
        assertRefused("0x1234");
        ImagePatch.putShort(image, Superblock.OFFSET + Superblock.MAGIC_FIELD, Superblock.MAGIC);
        int incompat = ImagePatch.getInt(image, Superblock.OFFSET + Superblock.FEATURE_INCOMPAT);
        ImagePatch.putInt(image, Superblock.OFFSET + Superblock.FEATURE_INCOMPAT, incompat | 0x40);
        assertRefused("extent");
        ImagePatch.putInt(image, Superblock.OFFSET + Superblock.FEATURE_INCOMPAT, incompat);
        E2fsprogs.debugfsWrite(image, "ssv blocks_count 99999999");
        assertRefused("99999999");
    }

    private void assertRefused(String naming) throws Exception {
        try (Ext2rRig rig = new Ext2rRig(image, false, 256)) {
            Exception e = assertThrows(IllegalArgumentException.class, () -> rig.mount(MountOptions.readWrite()));
            assertTrue(e.getMessage().contains("image0") && e.getMessage().contains(naming), e.getMessage());
            assertTrue(rig.rig.kernel().resourceId("ext2r.image0").isEmpty(), "a refused mount leaves no resource");
            assertEquals(0, rig.volume.writes().size(), "a refused mount writes nothing");
        }
    }

    @Test
    void everyErrorCodeComesBackAsAnAnswer() throws Exception {
        try (Ext2rRig rig = new Ext2rRig(image, false, 256)) {
            MountedFileSystem m = rig.mount(MountOptions.readWrite());
            long file = rig.lookup("/file").inode();
            long dir = rig.lookup("/dir").inode();
            expect(rig, Err.NOT_FOUND, FileProtocol.LOOKUP, "/missing");
            expect(rig, Err.EXISTS, FileProtocol.MKDIR, "/dir", 0755);
            expect(rig, Err.EXISTS, FileProtocol.CREATE, "/file", 0644, true);
            expect(rig, Err.IS_A_DIRECTORY, FileProtocol.CREATE, "/dir", 0644, false);
            expect(rig, Err.NOT_A_DIRECTORY, FileProtocol.CREATE, "/file/x", 0644, true);
            expect(rig, Err.IS_A_DIRECTORY, FileProtocol.UNLINK, "/dir");
            expect(rig, Err.NOT_EMPTY, FileProtocol.RMDIR, "/dir");
            expect(rig, Err.NAME_TOO_LONG, FileProtocol.CREATE, "/" + "n".repeat(256), 0644, true);
            expect(rig, Err.BAD_PARAMETER, FileProtocol.READ, file, -1L, 10);
            expect(rig, Err.BAD_PARAMETER, FileProtocol.STAT, 0L);
            expect(rig, Err.BAD_PARAMETER, FileProtocol.STAT, 1L << 40);
            expect(rig, Err.BAD_PARAMETER, FileProtocol.READLINK, "/file");
            expect(rig, Err.BAD_PARAMETER, FileProtocol.RENAME, "/dir", "/dir/sub/inside");
            expect(rig, Err.BAD_PARAMETER, FileProtocol.LOOKUP, (Object) null);
            expect(rig, Err.BAD_PARAMETER, FileProtocol.MKDIR, "relative", 0755);
            expect(rig, Err.BAD_PARAMETER, FileProtocol.MKDIR, "/no-permissions", null);
            expect(rig, Err.IS_A_DIRECTORY, FileProtocol.WRITE, dir, 0L, Buffer.of(new byte[10]));
            expect(rig, Err.NOT_FOUND, FileProtocol.STAT, 100L);
            FileAttributes same = rig.ok(FileAttributes.class, FileProtocol.CREATE, "/file", 0600, false);
            assertEquals(file, same.inode(), "CREATE without exclusive opens what is there");
            assertEquals(FileType.FILE, same.type());
            // Too many blocks for the 4 MiB volume: no space, and the failed write changed nothing.
            IoReply full = rig.call(FileProtocol.WRITE, file, 0L, Buffer.of(new byte[6 << 20]));
            assertEquals(Err.NO_SPACE, full.error(), full.message());
            assertEquals(5000, rig.lookup("/file").size());
            // A volume that fails writes: SYNC says so.
            rig.volume.failWrites("medium error at the test volume");
            assertTrue(rig.call(FileProtocol.MKDIR, "/late", 0755).isOk(), "the change is made in memory");
            IoReply sync = rig.call(FileProtocol.SYNC);
            assertEquals(Err.IO_ERROR, sync.error());
            assertTrue(sync.message().contains("medium error"), sync.message());
            rig.volume.failWrites(null);
            Exception e = assertThrows(IllegalStateException.class, () -> Ext2rRig.await(m.unmount()));
            assertTrue(e.getMessage().contains("medium error"), e.getMessage());
        }
    }

    private static void expect(Ext2rRig rig, Err code, String type, Object... args) {
        IoReply r = rig.call(type, args);
        assertEquals(code, r.error(), type + " " + java.util.Arrays.toString(args) + ": " + r.message());
        assertFalse(r.message().isEmpty(), "a message says what was wrong");
    }
}
