package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;
import org.omnikernel.syscall.Err;

/**
 * The seeded random operations of {@link RandomOperations}, sent to EXT2R as {@link FileProtocol}
 * messages by two activities over a small cache, mirrored on a host directory; then unmount, and
 * {@code e2fsck -fn} is clean and {@code debugfs rdump} equals the model. Every write reached the image
 * through the test volume resource, in the order EXT2R sent it.
 *
 * <p>Run one seed again with {@code -Dext2.seed=N}.
 */
@Timeout(300)
class Ext2rRandomModelTest {
    private static final int OPERATIONS = 800;

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}-byte blocks, {1} KiB, {2} inodes, cache of {3} blocks, seed {4}")
    @CsvSource({"1024, 24576, 1024, 512, 20261127", "4096, 49152, 1024, 256, 4242",
        "1024, 2048, 96, 128, 99"}) // the last runs out of space and inodes over and over
    void randomOperationsThroughTheResourceMatchTheModelAndPassE2fsck(int blockSize, int kib, int inodes,
            int cacheBlocks, long defaultSeed) throws Exception {
        long seed = Long.getLong("ext2.seed", defaultSeed);
        Path model = Files.createDirectories(work.resolve("model"));
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), blockSize, kib, null, "-N", String.valueOf(inodes));
        RandomOperations random;
        String step = "mount";
        try (Ext2rRig rig = new Ext2rRig(image, false, cacheBlocks)) {
            MountedFileSystem mounted = rig.mount(MountOptions.readWrite());
            assertEquals(false, mounted.readOnly(), mounted.readOnlyReason());
            Activity other = rig.rig.createActivity("second writer", Parameters.EMPTY);
            random = new RandomOperations(new Random(seed), model, blockSize, new MessageOps(rig, other));
            for (int i = 0; i < OPERATIONS; i++) {
                step = "operation " + i + ": ";
                step += random.randomOperation();
            }
            step = "sync";
            assertTrue(rig.call(FileProtocol.SYNC).isOk());
            step = "unmount";
            Ext2rRig.await(mounted.unmount());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (" + blockSize + "-byte blocks), " + step, e);
        }
        E2fsprogs.fsckClean(image);
        Path dump = Files.createDirectories(work.resolve("rdump"));
        E2fsprogs.debugfs(image, "rdump / " + dump);
        TreeAssert.assertHostTreesEqual(model, dump);
        System.out.printf("EXT2R model, %d-byte blocks, seed %d: %d operations succeeded, %d failed as on the host,"
                + " %d out of space or inodes%n", blockSize, seed, random.succeeded, random.failed, random.outOfSpace);
        assertTrue(random.succeeded > OPERATIONS / 3, "many operations succeed: " + random.succeeded);
    }

    /** The operations as messages; paths under a directory named with an odd length go to the second activity. */
    private static final class MessageOps implements RandomOperations.FileOps {
        private final Ext2rRig rig;
        private final Activity other;

        MessageOps(Ext2rRig rig, Activity other) {
            this.rig = rig;
            this.other = other;
        }

        private IoReply call(String path, String type, Object... args) {
            Activity who = path.hashCode() % 2 == 0 ? rig.activity : other;
            IoReply r = rig.callAs(who, type, args);
            if (r.isOk()) {
                return r;
            }
            if (r.error() == Err.IO_ERROR) {
                throw new AssertionError(type + " " + path + ": " + r.message());
            }
            // The random operations only tell out of space from other failures.
            throw new Ext2Exception(r.error() == Err.NO_SPACE ? Ext2Error.NO_SPACE : Ext2Error.INVALID_ARGUMENT,
                    r.error() + ": " + r.message());
        }

        private long inode(String path) {
            return ((FileAttributes) call(path, FileProtocol.LSTAT, path).value()).inode();
        }

        @Override
        public void create(String path, int permissions) {
            call(path, FileProtocol.CREATE, path, permissions, true);
        }

        @Override
        public void write(String path, long offset, byte[] data) {
            call(path, FileProtocol.WRITE, inode(path), offset, Buffer.of(data));
        }

        @Override
        public void truncate(String path, long size) {
            call(path, FileProtocol.TRUNCATE, inode(path), size);
        }

        @Override
        public void mkdir(String path, int permissions) {
            call(path, FileProtocol.MKDIR, path, permissions);
        }

        @Override
        public void rmdir(String path) {
            call(path, FileProtocol.RMDIR, path);
        }

        @Override
        public void unlink(String path) {
            call(path, FileProtocol.UNLINK, path);
        }

        @Override
        public void link(String existing, String path) {
            call(path, FileProtocol.LINK, existing, path);
        }

        @Override
        public void symlink(String path, String target) {
            call(path, FileProtocol.SYMLINK, path, target);
        }

        @Override
        public void rename(String from, String to) {
            call(from, FileProtocol.RENAME, from, to);
        }

        @Override
        public byte[] read(String path, long offset, int length) {
            Buffer b = (Buffer) call(path, FileProtocol.READ, inode(path), offset, length).value();
            byte[] out = new byte[b.length()];
            b.view().get(out);
            return out;
        }
    }
}
