package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations over a view that lacks blocks: each miss aborts the operation with nothing changed; run
 * again once the block is resident, it completes exactly as it does over a fully resident view.
 * Committed transactions list their blocks in a safe disk order and say which are shared.
 */
@Timeout(30)
class TransactionTest {
    private static final LongSupplier FIXED_CLOCK = () -> 1_800_000_000L;
    private static final MountOptions OPTIONS = new MountOptions(false, false, true, FIXED_CLOCK);

    @TempDir
    Path work;

    /** One scripted workload: metadata and data changes of every kind. */
    private static void workload(Ext2FileSystem fs, Function<Runnable, Void> step) {
        Random random = new Random(7);
        byte[] data = new byte[70 * 1024];
        random.nextBytes(data);
        step.apply(() -> fs.mkdir("/dir", 0755));
        step.apply(() -> fs.create("/dir/file", 0644));
        step.apply(() -> fs.write(fs.lookup("/dir/file"), 3000, ByteBuffer.wrap(data)));
        step.apply(() -> fs.write(fs.lookup("/old"), 100, ByteBuffer.wrap(data, 0, 10)));
        step.apply(() -> fs.truncate(fs.lookup("/dir/file"), 20_000));
        step.apply(() -> fs.symlink("/dir/link", "x".repeat(100)));
        step.apply(() -> fs.link("/dir/file", "/hard"));
        step.apply(() -> fs.rename("/dir/file", "/old"));
        step.apply(() -> fs.unlink("/hard"));
        step.apply(() -> fs.rename("/dir", "/sub/moved"));
        step.apply(() -> fs.rmdir("/sub/empty"));
    }

    private Path image(String name) throws IOException {
        Path src = Files.createDirectories(work.resolve("src/sub/empty"));
        byte[] old = new byte[5000];
        java.util.Arrays.fill(old, (byte) 'o'); // not zeros: mke2fs leaves zero blocks as holes
        Files.write(work.resolve("src/old"), old);
        Files.createDirectories(src);
        return E2fsprogs.mkfs(work.resolve(name), 1024, 4096, work.resolve("src"));
    }

    @Test
    void missingBlocksAbortWithNoChangeAndRetriesEndLikeAWarmRun() throws IOException {
        Path warm = image("warm.img");
        Path cold = work.resolve("cold.img");
        Files.copy(warm, cold);

        try (ImageFileView view = ImageFileView.open(warm, true)) {
            Ext2FileSystem fs = Ext2FileSystem.mount(view, OPTIONS, WriteBack.NONE);
            workload(fs, op -> {
                op.run();
                return null;
            });
            fs.unmount();
        }

        int[] aborts = {0};
        try (ImageFileView file = ImageFileView.open(cold, true)) {
            PartlyResidentView view = new PartlyResidentView(file);
            Ext2FileSystem fs = untilResident(view, cold, aborts, () -> Ext2FileSystem.mount(view, OPTIONS, WriteBack.NONE));
            view.evictAll();
            workload(fs, op -> untilResident(view, cold, aborts, () -> {
                op.run();
                return null;
            }));
            fs.unmount();
        }
        assertTrue(aborts[0] > 20, "the cold run missed blocks: " + aborts[0]);
        assertArrayEquals(Files.readAllBytes(warm), Files.readAllBytes(cold), "cold run ends byte for byte like the warm one");
        E2fsprogs.fsckClean(cold);
    }

    /** What EXT2R does: run, and on a miss check nothing changed, fetch the block, run again. */
    private static <T> T untilResident(PartlyResidentView view, Path image, int[] aborts,
            java.util.function.Supplier<T> op) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            byte[] before = read(image);
            try {
                return op.get();
            } catch (BlockNotResident miss) {
                aborts[0]++;
                assertArrayEquals(before, read(image), "an aborted operation changed nothing");
                for (long block : miss.blocks()) {
                    view.makeResident(block);
                }
            }
        }
        throw new AssertionError("never completed");
    }

    private static byte[] read(Path image) {
        try {
            return Files.readAllBytes(image);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void chosenNonResidentBlockAbortsAndNamesTheBlock() throws IOException {
        Path img = image("fs.img");
        try (ImageFileView file = ImageFileView.open(img, true)) {
            PartlyResidentView view = new PartlyResidentView(file);
            view.makeAllResident();
            List<CommittedTransaction> commits = new ArrayList<>();
            Ext2FileSystem fs = Ext2FileSystem.mount(view, OPTIONS, commits::add);
            long dirBlock = Long.parseLong(E2fsprogs.debugfs(img, "blocks /sub").trim());
            byte[] before = Files.readAllBytes(img);
            view.makeAllResidentExcept(dirBlock);
            int commitsBefore = commits.size();
            BlockNotResident miss = assertThrows(BlockNotResident.class, () -> fs.create("/sub/new", 0644));
            assertEquals(dirBlock, miss.block());
            assertArrayEquals(before, Files.readAllBytes(img));
            assertEquals(commitsBefore, commits.size(), "nothing committed");
            view.makeResident(dirBlock);
            fs.create("/sub/new", 0644);
            assertEquals(commitsBefore + 1, commits.size());
            fs.unmount();
        }
        E2fsprogs.fsckClean(img);
    }

    @Test
    void commitsListBlocksInSafeOrderAndMarkSharedOnes() throws IOException {
        Path img = image("fs.img");
        try (ImageFileView view = ImageFileView.open(img, true)) {
            List<CommittedTransaction> commits = new ArrayList<>();
            Ext2FileSystem fs = Ext2FileSystem.mount(view, OPTIONS, commits::add);
            assertEquals(List.of(BlockKind.SUPERBLOCK), kinds(commits.get(0)), "mount marks the file system in use");

            long ino = fs.create("/new", 0644);
            List<BlockKind> create = kinds(last(commits));
            assertTrue(create.indexOf(BlockKind.INODE_BITMAP) < create.indexOf(BlockKind.INODE_TABLE), create.toString());
            assertTrue(create.indexOf(BlockKind.INODE_TABLE) < create.indexOf(BlockKind.DIRECTORY),
                    "the inode is written before the entry naming it: " + create);

            fs.write(ino, 0, ByteBuffer.wrap(new byte[20 * 1024]));
            CommittedTransaction write = last(commits);
            List<BlockKind> kinds = kinds(write);
            assertTrue(kinds.indexOf(BlockKind.BLOCK_BITMAP) < kinds.indexOf(BlockKind.FILE_DATA), kinds.toString());
            assertTrue(kinds.lastIndexOf(BlockKind.FILE_DATA) < kinds.indexOf(BlockKind.BLOCK_MAP)
                    || kinds.indexOf(BlockKind.BLOCK_MAP) < kinds.indexOf(BlockKind.INODE_TABLE), kinds.toString());
            assertTrue(kinds.lastIndexOf(BlockKind.FILE_DATA) < kinds.indexOf(BlockKind.INODE_TABLE),
                    "data before the inode that points to it: " + kinds);
            for (BlockWrite w : write.writes()) {
                assertEquals(w.kind() != BlockKind.FILE_DATA && w.kind() != BlockKind.BLOCK_MAP
                        && w.kind() != BlockKind.DIRECTORY, w.kind().shared(), w.kind().toString());
            }
            assertFalse(write.privateWrites().isEmpty());
            assertFalse(write.sharedWrites().isEmpty());

            fs.unlink("/new");
            List<BlockKind> unlink = kinds(last(commits));
            assertTrue(unlink.indexOf(BlockKind.DIRECTORY) < unlink.indexOf(BlockKind.INODE_TABLE)
                    && unlink.indexOf(BlockKind.INODE_TABLE) < unlink.indexOf(BlockKind.BLOCK_BITMAP),
                    "entry removed, then inode cleared, then blocks freed: " + unlink);
            for (int i = 1; i < commits.size(); i++) {
                assertEquals(commits.get(i - 1).sequence() + 1, commits.get(i).sequence());
            }
            fs.unmount();
        }
        E2fsprogs.fsckClean(img);
    }

    @Test
    void coldReadsAndMountsAskForManyBlocksPerRoundTrip() throws IOException {
        Path src = Files.createDirectories(work.resolve("tree"));
        for (int i = 0; i < 30; i++) {
            Files.createDirectories(src.resolve("d" + i + "/e" + i));
        }
        byte[] data = new byte[300 * 1024];
        new Random(9).nextBytes(data);
        Files.write(src.resolve("d3/file"), data);
        Path img = E2fsprogs.mkfs(work.resolve("tree.img"), 1024, 4096, src);
        try (ImageFileView file = ImageFileView.open(img, false)) {
            PartlyResidentView view = new PartlyResidentView(file);
            int[] rounds = {0};
            Ext2FileSystem fs = untilResident(view, img, rounds, () -> Ext2FileSystem.mount(view,
                    MountOptions.readOnlyMount(), WriteBack.NONE));
            assertTrue(rounds[0] <= 12 && view.misses > 0, "a cold mount walking 61 directories took "
                    + rounds[0] + " round trips");

            view.evictAll();
            rounds[0] = 0;
            ByteBuffer dst = ByteBuffer.allocate(data.length);
            long ino = untilResident(view, img, rounds, () -> fs.lookup("/d3/file"));
            int read = untilResident(view, img, rounds, () -> {
                try {
                    return fs.read(ino, 0, dst);
                } catch (BlockNotResident miss) {
                    assertEquals(0, dst.position(), "an aborted read leaves the buffer where it was");
                    throw miss;
                }
            });
            assertEquals(data.length, read);
            assertEquals(ByteBuffer.wrap(data), dst.flip());
            assertTrue(rounds[0] <= 10, "300 cold data blocks in " + rounds[0] + " round trips");

            long[] mapped = fs.mapBlocks(ino, 0, 300);
            assertTrue(java.util.Arrays.stream(mapped).allMatch(b -> b > 0), "every block mapped");
        }
    }

    @Test
    void anAbortedWriteLeavesItsSourceBufferForTheRetry() throws IOException {
        Path img = image("fs.img");
        try (ImageFileView file = ImageFileView.open(img, true)) {
            PartlyResidentView view = new PartlyResidentView(file);
            view.makeAllResident();
            Ext2FileSystem fs = Ext2FileSystem.mount(view, OPTIONS, WriteBack.NONE);
            long ino = fs.lookup("/old");
            long dataBlock = fs.mapBlocks(ino, 2, 1)[0];
            assertTrue(dataBlock > 0);
            view.makeAllResidentExcept(dataBlock);
            ByteBuffer src = ByteBuffer.wrap("partly over an old block".getBytes());
            assertThrows(BlockNotResident.class, () -> fs.write(ino, 2 * 1024 + 100, src));
            assertEquals(0, src.position(), "the source is as it was");
            view.makeResident(dataBlock);
            fs.write(ino, 2 * 1024 + 100, src);
            assertFalse(src.hasRemaining());
            ByteBuffer back = ByteBuffer.allocate(src.capacity());
            fs.read(ino, 2 * 1024 + 100, back);
            assertEquals(src.flip(), back.flip());
            fs.unmount();
        }
        E2fsprogs.fsckClean(img);
    }

    private static CommittedTransaction last(List<CommittedTransaction> commits) {
        return commits.get(commits.size() - 1);
    }

    private static List<BlockKind> kinds(CommittedTransaction tx) {
        return tx.writes().stream().map(BlockWrite::kind).toList();
    }
}
