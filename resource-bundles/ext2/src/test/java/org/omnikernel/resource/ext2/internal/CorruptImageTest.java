package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt images give a clear error or a read-only mount with the reason, never a crash or a hang.
 * The corruption is made with debugfs where it can express it, else by patching bytes.
 */
@Timeout(20)
class CorruptImageTest {
    private static final long SUPERBLOCK = 1024;

    @TempDir
    Path work;
    private Path image;

    @BeforeEach
    void image() throws IOException {
        Path src = Files.createDirectories(work.resolve("src/a/b"));
        Files.write(work.resolve("src/file"), new byte[5000]);
        Files.write(work.resolve("src/big"), new byte[40 * 1024]);
        Files.write(src.resolve("inner"), "inner".getBytes());
        image = E2fsprogs.mkfs(work.resolve("fs.img"), 1024, 4096, work.resolve("src"));
    }

    private Ext2FileSystem mount(MountOptions options) throws IOException {
        ImageFileView view = ImageFileView.open(image, true);
        return Ext2FileSystem.mount(view, options, WriteBack.NONE);
    }

    private static Ext2Exception fails(Ext2Error expected, Executable what) {
        Ext2Exception e = assertThrows(Ext2Exception.class, what);
        assertEquals(expected, e.error(), e.getMessage());
        return e;
    }

    @Test
    void badMagicIsNotAnExt2FileSystem() throws IOException {
        ImagePatch.putShort(image, SUPERBLOCK + Superblock.MAGIC_FIELD, 0x1234);
        Ext2Exception e = fails(Ext2Error.BAD_MAGIC, () -> ImageFileView.open(image, false));
        assertTrue(e.getMessage().contains("0x1234"), e.getMessage());
    }

    @Test
    void unsupportedIncompatibleFeaturesAreNamed() throws IOException {
        int incompat = ImagePatch.getInt(image, SUPERBLOCK + Superblock.FEATURE_INCOMPAT);
        ImagePatch.putInt(image, SUPERBLOCK + Superblock.FEATURE_INCOMPAT, incompat | 0x40 | 0x200);
        Ext2Exception e = fails(Ext2Error.UNSUPPORTED_FEATURE, () -> mount(MountOptions.readWrite()));
        assertTrue(e.getMessage().contains("extent") && e.getMessage().contains("flex_bg"), e.getMessage());
    }

    @Test
    void unknownReadOnlyCompatibleFeatureGivesReadOnlyMount() throws IOException {
        int ro = ImagePatch.getInt(image, SUPERBLOCK + Superblock.FEATURE_RO_COMPAT);
        ImagePatch.putInt(image, SUPERBLOCK + Superblock.FEATURE_RO_COMPAT, ro | 0x20);
        Ext2FileSystem fs = mount(MountOptions.readWrite());
        assertTrue(fs.statfs().readOnlyReason().contains("dir_nlink"), fs.statfs().readOnlyReason());
        fails(Ext2Error.READ_ONLY, () -> fs.create("/new", 0644));
        assertEquals(5000, fs.stat("/file").size(), "still readable");
    }

    @Test
    void blockCountBeyondTheVolumeIsCorrupt() {
        E2fsprogs.debugfsWrite(image, "ssv blocks_count 99999999");
        Ext2Exception e = fails(Ext2Error.CORRUPT, () -> mount(MountOptions.readWrite()));
        assertTrue(e.getMessage().contains("99999999"), e.getMessage());
    }

    @Test
    void groupTablesOutsideTheirGroupAreCorrupt() {
        E2fsprogs.debugfsWrite(image, "set_bg 0 inode_table 999999");
        Ext2Exception e = fails(Ext2Error.CORRUPT, () -> mount(MountOptions.readWrite()));
        assertTrue(e.getMessage().contains("group 0 inode table"), e.getMessage());
    }

    @Test
    void rootThatIsNotADirectoryIsCorrupt() {
        E2fsprogs.debugfsWrite(image, "sif <2> mode 0100644");
        Ext2Exception e = fails(Ext2Error.CORRUPT, () -> mount(MountOptions.readWrite()));
        assertTrue(e.getMessage().contains("root inode"), e.getMessage());
    }

    @Test
    void blockPointersOutOfRangeAreErrorsAndStopWrites() throws IOException {
        E2fsprogs.debugfsWrite(image, "sif /file block[1] 9999999");
        E2fsprogs.debugfsWrite(image, "sif /big block[IND] 8888888");
        Ext2FileSystem fs = mount(MountOptions.readWrite().forced());
        assertNull(fs.statfs().readOnlyReason(), "the pointers are only found when used");
        long file = fs.lookup("/file");
        Ext2Exception e = fails(Ext2Error.CORRUPT, () -> fs.read(file, 0, ByteBuffer.allocate(5000)));
        assertTrue(e.getMessage().contains("9999999"), e.getMessage());
        e = fails(Ext2Error.CORRUPT, () -> fs.read(fs.lookup("/big"), 20 * 1024, ByteBuffer.allocate(10)));
        assertTrue(e.getMessage().contains("8888888"), e.getMessage());
        assertEquals(10, fs.read(fs.lookup("/big"), 0, ByteBuffer.allocate(10)), "direct blocks still read");
        fails(Ext2Error.CORRUPT, () -> fs.unlink("/file"));
        assertTrue(fs.statfs().readOnly(), "corruption found while writing stops writing");
        fails(Ext2Error.READ_ONLY, () -> fs.create("/new", 0644));
        assertEquals(5000, fs.stat("/file").size(), "the failed unlink changed nothing");
        fs.unmount();
        assertTrue(E2fsprogs.check("dumpe2fs", "-h", image.toString()).contains("not clean"),
                "left not clean for e2fsck");
    }

    @Test
    void directoryLoopGivesReadOnlyMountAndBoundedWalks() throws IOException {
        E2fsprogs.debugfsWrite(image, "ln /a /a/b/loop");
        Ext2FileSystem fs = mount(MountOptions.readWrite());
        String reason = fs.statfs().readOnlyReason();
        assertNotNull(reason);
        assertTrue(reason.contains("loop"), reason);
        assertEquals(fs.lookup("/a/b/inner"), fs.lookup("/a/b/loop/b/loop/b/loop/b/inner"));

        Ext2FileSystem unchecked = mount(new MountOptions(false, true, false, () -> 1));
        fails(Ext2Error.INVALID_PATH, () -> unchecked.rename("/a", "/a/b/loop/moved"));
        unchecked.unmount();
    }

    @Test
    void wrongFreeCountsGiveReadOnlyMount() throws IOException {
        E2fsprogs.debugfsWrite(image, "set_bg 0 free_blocks_count 5");
        Ext2FileSystem fs = mount(MountOptions.readWrite());
        assertTrue(fs.statfs().readOnlyReason().contains("group 0 free blocks count 5"), fs.statfs().readOnlyReason());
        fails(Ext2Error.READ_ONLY, () -> fs.mkdir("/x", 0755));
    }

    @Test
    void wrongSuperblockCountGivesReadOnlyMount() throws IOException {
        E2fsprogs.debugfsWrite(image, "ssv free_inodes_count 7");
        Ext2FileSystem fs = mount(MountOptions.readWrite());
        assertTrue(fs.statfs().readOnlyReason().contains("superblock free inodes count 7"),
                fs.statfs().readOnlyReason());
    }

    @Test
    void corruptDirectoryRecordIsAnErrorNotAHang() throws IOException {
        long block = Long.parseLong(E2fsprogs.debugfs(image, "blocks /a").trim());
        ImagePatch.putShort(image, block * 1024 + 12 + 4, 0); // ".." record length 0
        Ext2FileSystem fs = mount(MountOptions.readWrite());
        assertTrue(fs.statfs().readOnlyReason().contains("bad entry"), fs.statfs().readOnlyReason());
        Ext2Exception e = fails(Ext2Error.CORRUPT, () -> fs.readdir("/a"));
        assertTrue(e.getMessage().contains("rec_len 0"), e.getMessage());
        assertEquals(5000, fs.stat("/file").size());
    }

    @Test
    void uncleanFileSystemIsReadOnlyUnlessForced() throws IOException {
        E2fsprogs.debugfsWrite(image, "ssv state 0");
        Ext2FileSystem fs = mount(MountOptions.readWrite());
        assertTrue(fs.statfs().readOnlyReason().contains("not clean"), fs.statfs().readOnlyReason());
        fails(Ext2Error.READ_ONLY, () -> fs.create("/new", 0644));

        Ext2FileSystem forced = mount(MountOptions.readWrite().forced());
        assertNull(forced.statfs().readOnlyReason());
        forced.create("/new", 0644);
        forced.unmount();
        assertTrue(E2fsprogs.check("dumpe2fs", "-h", image.toString()).contains("Filesystem state:         clean"));
        E2fsprogs.fsckClean(image);
    }

    @Test
    void fileSystemWithErrorsIsReadOnly() throws IOException {
        E2fsprogs.debugfsWrite(image, "ssv state 3");
        Ext2FileSystem fs = mount(MountOptions.readWrite());
        assertTrue(fs.statfs().readOnlyReason().contains("errors"), fs.statfs().readOnlyReason());
    }

    @Test
    void readWriteMountIsNotCleanUntilUnmounted() throws IOException {
        Ext2FileSystem fs = mount(MountOptions.readWrite());
        assertTrue(E2fsprogs.check("dumpe2fs", "-h", image.toString()).contains("not clean"));
        fs.unmount();
        assertTrue(E2fsprogs.check("dumpe2fs", "-h", image.toString()).contains("Filesystem state:         clean"));
        E2fsprogs.fsckClean(image);
        fails(Ext2Error.READ_ONLY, () -> fs.create("/after", 0644));
    }
}
