package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A seeded random sequence of create, write (random offsets and sizes, with holes), truncate, rename,
 * unlink, mkdir, rmdir, link and symlink, applied through {@link Ext2FileSystem} and mirrored on a
 * host directory (the model; the host kernel's POSIX semantics are the oracle). Each operation must
 * succeed or fail as it does on the host. Afterwards the tree read through our code and through
 * {@code debugfs rdump} equals the model, and {@code e2fsck -fn} is clean.
 *
 * <p>Run one seed again with {@code -Dext2.seed=N}.
 */
@Timeout(180)
class RandomOperationsModelTest {
    private static final int OPERATIONS = 2500;

    @TempDir
    Path work;

    private Ext2FileSystem fs;

    @ParameterizedTest(name = "{0}-byte blocks, {2}-byte inodes, {3} KiB, {4} inodes, seed {1}")
    @CsvSource({"1024, 20261127, 256, 24576, 1024", "4096, 4242, 128, 49152, 1024",
        "1024, 99, 128, 2048, 96"}) // the last runs out of space and inodes over and over
    void randomOperationsMatchTheHostModelAndPassE2fsck(int blockSize, long defaultSeed, int inodeSize,
            int kib, int inodes) throws IOException {
        long seed = Long.getLong("ext2.seed", defaultSeed);
        Path model = Files.createDirectories(work.resolve("model"));
        RandomOperations random = new RandomOperations(new Random(seed), model, blockSize,
                RandomOperations.core(() -> fs));
        Random remounts = new Random(seed);
        Path image = E2fsprogs.mkfs(work.resolve("fs.img"), blockSize, kib, null, "-N", String.valueOf(inodes),
                "-I", String.valueOf(inodeSize));
        String step = "setup";
        try (ImageFileView view = ImageFileView.open(image, true)) {
            fs = Ext2FileSystem.mount(view, MountOptions.readWrite(), WriteBack.NONE);
            for (int i = 0; i < OPERATIONS; i++) {
                step = "operation " + i + ": ";
                step += random.randomOperation();
                if (remounts.nextInt(500) == 0) {
                    fs.unmount();
                    fs = Ext2FileSystem.mount(view, MountOptions.readWrite(), WriteBack.NONE);
                    assertEquals(null, fs.statfs().readOnlyReason(), "remounted read-write");
                }
            }
            step = "final comparison through our reads";
            TreeAssert.assertFsMatches(model, fs, new TreeAssert.Checks(true, true));
            fs.unmount();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (" + blockSize + "-byte blocks), " + step, e);
        }
        try {
            E2fsprogs.fsckClean(image);
            Path dump = Files.createDirectories(work.resolve("rdump"));
            E2fsprogs.debugfs(image, "rdump / " + dump);
            TreeAssert.assertHostTreesEqual(model, dump);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + " (" + blockSize + "-byte blocks), after the sequence", e);
        }
        System.out.printf("ext2 model, %d-byte blocks, seed %d: %d operations succeeded, %d failed as on the host,"
                + " %d out of space or inodes%n", blockSize, seed, random.succeeded, random.failed, random.outOfSpace);
        assertTrue(random.succeeded > OPERATIONS / 3, "many operations succeed: " + random.succeeded);
    }
}
