package org.omnikernel.resource.filecache.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.Activity;
import org.omnikernel.resource.ext2.internal.Ext2Type;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;
import org.omnikernel.storage.VolumeProtocol;
import org.omnikernel.syscall.AopenFlags;

/**
 * FCR over the real EXT2R, on an image mke2fs populated from a host directory: reads equal the source
 * files; files written through FCR and closed with sync are in the image as debugfs sees it, and
 * e2fsck finds the file system clean after the unmount.
 */
class FcrOverExt2Test {

    @TempDir
    Path dir;

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + text);
        return text;
    }

    private static String tool(String name) {
        for (String d : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return d + "/" + name;
            }
        }
        throw new AssertionError(name + " (e2fsprogs) is not installed");
    }

    @Test
    void readsWritesAndUnlinksThroughFcrLeaveACleanImage() throws Exception {
        Path source = Files.createDirectory(dir.resolve("src"));
        Random rnd = new Random(11);
        byte[] big = new byte[300 * 1024 + 123];
        rnd.nextBytes(big);
        Files.write(source.resolve("big.bin"), big);
        Files.writeString(source.resolve("gone.txt"), "to be unlinked");
        Path image = dir.resolve("fs.img");
        run(tool("mke2fs"), "-q", "-F", "-t", "ext2", "-b", "4096", "-d", source.toString(), image.toString(), "16384k");

        byte[] fresh = new byte[70_000];
        rnd.nextBytes(fresh);
        Path hostRoot = Files.createDirectory(dir.resolve("host"));
        try (FcrRig r = new FcrRig(hostRoot, FcrConfig.DEFAULTS, Set.of(VolumeProtocol.RESOURCE));
                ImageVolume volume = new ImageVolume(image, "img0")) {
            r.kernel.attach(volume).orElseThrow();
            Ext2Type ext2 = new Ext2Type(r.kernel, "roundrobin", 1000, 8, 4096, () -> 1_800_000_000L);
            MountedFileSystem fs = ext2.mount(volume.volume, MountOptions.readWrite()).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            r.table.add("/disk", fs.resource(), false);
            Activity a = r.activity("a");
            Activity b = r.activity("b");

            long h = r.open(a, "/disk/big.bin", 0);
            for (int off = 0; off < big.length; off += 40_000) {
                assertArrayEquals(Arrays.copyOfRange(big, off, Math.min(big.length, off + 40_000)),
                        r.read(a, h, off, 40_000), "big.bin at " + off);
            }
            assertTrue(r.close(a, h, 0).isOk());

            long w = r.open(b, "/disk/new.bin", AopenFlags.FILE_CREATE | AopenFlags.FILE_CLOSE_SYNC);
            r.write(b, w, 0, Arrays.copyOf(fresh, 50_000));
            r.write(b, w, 50_000, Arrays.copyOfRange(fresh, 50_000, fresh.length));
            assertTrue(r.close(b, w, 0).isOk());
            assertTrue(r.client.call(a, FileCacheProtocol.UNLINK, "/disk/gone.txt").isOk());
            long again = r.open(a, "/disk/new.bin", 0);
            assertArrayEquals(fresh, r.read(a, again, 0, fresh.length));
            assertTrue(r.close(a, again, 0).isOk());

            fs.unmount().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        run(tool("e2fsck"), "-fn", image.toString());
        Path out = dir.resolve("new.out");
        run(tool("debugfs"), "-R", "dump /new.bin " + out, image.toString());
        assertArrayEquals(fresh, Files.readAllBytes(out), "new.bin in the image as debugfs reads it");
        String listing = run(tool("debugfs"), "-R", "ls -l /", image.toString());
        assertTrue(!listing.contains("gone.txt"), listing);
        assertTrue(listing.contains("new.bin"), listing);
    }
}
