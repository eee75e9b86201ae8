package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's JVM killed while it writes a file into an ext2 image: what was written and closed with
 * sync before is intact, {@code e2fsck -fy} repairs the rest (exit 0 or 1, never "uncorrected"), and
 * the repaired image mounts and lists again.
 */
class CrashIT {

    @TempDir
    Path temp;

    private static int tool(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return p.exitValue();
    }

    private static String sbin(String name) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        return name;
    }

    private static LauncherProcess fs(Path image, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("fs", "--image", image.toString()));
        command.addAll(List.of(args));
        return LauncherProcess.start(command.toArray(String[]::new));
    }

    @Test
    void filesSyncedBeforeTheKillAreIntactAndE2fsckRepairsTheRest() throws Exception {
        Path image = temp.resolve("crash.img");
        assertEquals(0, tool(sbin("mke2fs"), "-q", "-F", "-t", "ext2", "-b", "4096", image.toString(), "160M"));
        byte[] kept = new byte[2_000_000];
        new Random(3).nextBytes(kept);
        Path keptFile = temp.resolve("kept.bin");
        Files.write(keptFile, kept);
        try (LauncherProcess put = fs(image, "put", keptFile.toString(), "/kept.bin")) {
            assertTrue(put.awaitExit(Duration.ofMinutes(2)) && put.exitValue() == 0, put.transcript());
        }

        byte[] big = new byte[120_000_000];
        new Random(4).nextBytes(big);
        Path bigFile = temp.resolve("big.bin");
        Files.write(bigFile, big);
        try (LauncherProcess put = fs(image, "put", bigFile.toString(), "/big.bin")) {
            // killed once the kernel has mounted the image read-write and started writing: the superblock
            // then says "not clean" and blocks of big.bin are on their way
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline && !notClean(image)) {
                Thread.sleep(20);
            }
            assertTrue(notClean(image), "the kernel never mounted the image read-write: " + put.transcript());
            Thread.sleep(1500);
            put.kill();
            assertTrue(put.awaitExit(Duration.ofSeconds(30)), put.transcript());
        }

        int repaired = tool(sbin("e2fsck"), "-fy", image.toString());
        assertTrue(repaired == 0 || repaired == 1, "e2fsck -fy exit " + repaired + ": 0 or 1 (corrected) expected");
        assertEquals(0, tool(sbin("e2fsck"), "-fn", image.toString()), "clean after the repair");
        Path dumped = temp.resolve("dumped.bin");
        assertEquals(0, tool(sbin("debugfs"), "-R", "dump /kept.bin " + dumped, image.toString()));
        assertArrayEquals(kept, Files.readAllBytes(dumped), "the file closed with sync before the kill");
        try (LauncherProcess ls = fs(image, "ls", "/")) {
            assertTrue(ls.awaitExit(Duration.ofMinutes(2)) && ls.exitValue() == 0, ls.transcript());
            assertTrue(ls.stdout().contains("kept.bin"), ls.stdout());
        }
    }

    /** @return whether the ext2 superblock's state says the file system is mounted (not cleanly unmounted) */
    private static boolean notClean(Path image) throws Exception {
        byte[] sb = new byte[2048];
        try (var in = Files.newInputStream(image)) {
            if (in.readNBytes(sb, 0, sb.length) < sb.length) {
                return false;
            }
        }
        int state = (sb[1024 + 58] & 0xff) | (sb[1024 + 59] & 0xff) << 8; // s_state
        return (state & 1) == 0;
    }
}
