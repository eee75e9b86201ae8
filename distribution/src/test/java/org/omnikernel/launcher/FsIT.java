package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code ./okernel fs} on an image mke2fs made from a directory tree boots the storage
 * stack (filedisk, DRWR, SDRWR, STOR, EXT2R, FCR, AIOR, IOR) and does each operation through the
 * system calls and the blocking file library; afterwards {@code e2fsck -fn} finds the image clean and
 * debugfs finds what the operations made, byte for byte.
 */
class FsIT {

    private static final Duration RUN = Duration.ofMinutes(2);

    @TempDir
    Path temp;

    private record Outcome(int exit, String stdout, String stderr) {
    }

    private Outcome fs(Path image, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("fs", "--image", image.toString()));
        command.addAll(List.of(args));
        try (LauncherProcess p = LauncherProcess.start(command.toArray(String[]::new))) {
            assertTrue(p.awaitExit(RUN), "fs " + String.join(" ", args) + " did not finish: " + p.transcript());
            return new Outcome(p.exitValue(), p.stdout(), p.stderr());
        }
    }

    private static Outcome ok(Outcome o) {
        assertEquals(0, o.exit(), o.stdout() + o.stderr());
        return o;
    }

    private static String tool(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private static String e2(String name) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        return name;
    }

    @Test
    void everyOperationWorksOnAnMke2fsImageAndLeavesItClean() throws Exception {
        Path tree = Files.createDirectories(temp.resolve("tree/dir/sub"));
        Files.writeString(temp.resolve("tree/a.txt"), "hello, ext2\n");
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        Files.write(temp.resolve("tree/dir/b.bin"), big);
        Files.writeString(tree.resolve("c.txt"), "gone soon\n");
        Path image = temp.resolve("disk.img");
        tool(e2("mke2fs"), "-q", "-F", "-t", "ext2", "-b", "1024", "-d", temp.resolve("tree").toString(), image.toString(), "16M");

        Outcome ls = fs(image, "ls", "/");
        assertEquals(0, ls.exit(), ls.stderr());
        assertTrue(ls.stdout().contains(" a.txt") && ls.stdout().contains(" dir") && ls.stdout().contains("drwx"), ls.stdout());

        Outcome cat = fs(image, "cat", "/a.txt");
        assertEquals(0, cat.exit(), cat.stderr());
        assertEquals("hello, ext2", cat.stdout().strip());

        Path got = temp.resolve("b.out");
        Outcome get = fs(image, "get", "/dir/b.bin", got.toString());
        assertEquals(0, get.exit(), get.stderr());
        assertArrayEquals(big, Files.readAllBytes(got), "get copies the file's bytes out");

        byte[] put = new byte[1_100_000]; // beyond one flow chunk, and into indirect blocks
        new Random(11).nextBytes(put);
        Path local = temp.resolve("put.bin");
        Files.write(local, put);
        ok(fs(image, "put", local.toString(), "/dir/new.bin"));
        ok(fs(image, "mkdir", "/made"));
        ok(fs(image, "mv", "/a.txt", "/made/a2.txt"));
        ok(fs(image, "rm", "/dir/sub/c.txt"));
        Outcome stat = fs(image, "stat", "/made/a2.txt");
        assertTrue(stat.stdout().contains("size: 12") && stat.stdout().contains("kind: file"), stat.stdout() + stat.stderr());

        Outcome missing = fs(image, "cat", "/nowhere.txt");
        assertEquals(ExitCode.FS_FAILED, missing.exit(), missing.stdout());
        assertTrue(missing.stderr().contains("NOT_FOUND"), missing.stderr());

        tool(e2("e2fsck"), "-fn", image.toString());
        Path dumped = temp.resolve("dumped.bin");
        tool(e2("debugfs"), "-R", "dump /dir/new.bin " + dumped, image.toString());
        assertArrayEquals(put, Files.readAllBytes(dumped), "put's bytes, as debugfs reads them");
        String listing = tool(e2("debugfs"), "-R", "ls -l /made", image.toString());
        assertTrue(listing.contains("a2.txt"), listing);
        String sub = tool(e2("debugfs"), "-R", "ls /dir/sub", image.toString());
        assertTrue(!sub.contains("c.txt"), sub);
    }

    /**
     * The write-back that outlives its writer: the program ends without syncing, its I/O aggregate
     * ends with it, and what it wrote is still on its way down (EXT2R's writes) or dirty in FCR; the
     * kernel writes it all back under infrastructure activities before the unmount marks the image clean.
     */
    @Test
    void changesAProgramDidNotSyncBeforeItEndedReachTheImage() throws Exception {
        Path image = temp.resolve("nosync.img");
        tool(e2("mke2fs"), "-q", "-F", "-t", "ext2", "-b", "1024", image.toString(), "16M");
        byte[] put = new byte[700_000];
        new Random(13).nextBytes(put);
        Path local = temp.resolve("nosync.bin");
        Files.write(local, put);

        ok(fs(image, "--no-sync", "mkdir", "/d"));
        tool(e2("e2fsck"), "-fn", image.toString());
        ok(fs(image, "--no-sync", "put", local.toString(), "/d/file.bin"));
        tool(e2("e2fsck"), "-fn", image.toString());
        ok(fs(image, "--no-sync", "mkdir", "/d/e"));
        ok(fs(image, "--no-sync", "mv", "/d/file.bin", "/d/e/moved.bin"));

        tool(e2("e2fsck"), "-fn", image.toString());
        Path dumped = temp.resolve("nosync.out");
        tool(e2("debugfs"), "-R", "dump /d/e/moved.bin " + dumped, image.toString());
        assertArrayEquals(put, Files.readAllBytes(dumped), "the bytes written without sync, as debugfs reads them");
        String listing = tool(e2("debugfs"), "-R", "ls /d", image.toString());
        assertTrue(listing.contains("e") && !listing.contains("file.bin"), listing);
    }

    @Test
    void anImageARunningKernelHoldsIsRefused() throws Exception {
        Path image = temp.resolve("held.img");
        Files.write(image, new byte[1 << 20]);
        try (var c = java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE); var lock = c.lock()) {
            // the launcher runs in another JVM: this lock is what a running kernel's file disk holds
            Outcome put = fs(image, "mkdir", "/x");
            assertEquals(ExitCode.FS_FAILED, put.exit(), put.stdout() + put.stderr());
            assertTrue(put.stderr().contains("is in use"), put.stderr());
        }
    }

    @Test
    void anImageThatIsNotExt2IsRefusedWithTheReason() throws Exception {
        Path image = temp.resolve("zero.img");
        Files.write(image, new byte[4 << 20]);
        Outcome ls = fs(image, "ls", "/");
        assertEquals(ExitCode.FS_FAILED, ls.exit(), ls.stdout() + ls.stderr());
        assertTrue(ls.stderr().contains("not mounted at /fs"), ls.stderr());
    }
}
