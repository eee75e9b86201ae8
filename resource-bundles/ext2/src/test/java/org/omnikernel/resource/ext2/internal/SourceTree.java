package org.omnikernel.resource.ext2.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

/**
 * A host directory tree that exercises ext2: files ending in every level of the block map (direct,
 * indirect, double, triple indirect — the last through sparse files), holes, a file past 4 GiB
 * (large_file, i_size_high), fast and slow symlinks, hard links, thousands of entries in one
 * directory, a 255-byte name, UTF-8 names and assorted permissions.
 */
final class SourceTree {
    static final int MANY = 3000;

    private SourceTree() {
    }

    static Path build(Path root) throws IOException {
        Random random = new Random(42);
        Files.createDirectories(root);
        Files.write(root.resolve("empty"), new byte[0]);
        file(root.resolve("small.txt"), 100, random);
        file(root.resolve("block-1k"), 1024, random);
        file(root.resolve("block-4k"), 4096, random);
        file(root.resolve("direct-12k"), 12 * 1024, random);
        file(root.resolve("direct-48k"), 48 * 1024, random);
        file(root.resolve("indirect"), 12 * 4096 + 5000, random);
        file(root.resolve("double-1k"), 300 * 1024 + 17, random); // past 12 + 256 blocks of 1 KiB
        sparse(root.resolve("hole-middle"), 5L << 20, random, 0, (5L << 20) - 10);
        sparse(root.resolve("triple-1k"), 70L << 20, random, 69L << 20); // past 12+256+65536 KiB
        sparse(root.resolve("huge-5g"), 5L << 30, random, (5L << 30) - (1 << 20)); // triple for 4 KiB too
        sparse(root.resolve("three-gib"), 3L << 30, random, 1L << 31);
        Files.createSymbolicLink(root.resolve("fast-link"), Path.of("small.txt"));
        Files.createSymbolicLink(root.resolve("link-59"), Path.of("d/" + "x".repeat(57)));
        Files.createSymbolicLink(root.resolve("link-60"), Path.of("d/" + "y".repeat(58)));
        Files.createSymbolicLink(root.resolve("slow-link"), Path.of("nested/" + "long-target/".repeat(20)));
        Files.createSymbolicLink(root.resolve("dir-link"), Path.of("nested/a"));
        Path nested = Files.createDirectories(root.resolve("nested/a/b/c/d"));
        file(nested.resolve("deep.bin"), 7000, random);
        Files.createDirectories(root.resolve("links"));
        file(root.resolve("links/original"), 3000, random);
        Files.createLink(root.resolve("links/second"), root.resolve("links/original"));
        Files.createLink(root.resolve("nested/third"), root.resolve("links/original"));
        Path many = Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < MANY; i++) {
            Path f = many.resolve("entry-" + i + "-" + "n".repeat(i % 40));
            if (i % 100 == 0) {
                file(f, i, random);
            } else {
                Files.write(f, new byte[0]);
            }
        }
        Files.write(many.resolve("L".repeat(255)), new byte[] {1, 2, 3});
        Files.write(root.resolve("größe-ü.txt"), "unicode".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(root.resolve("small.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(root.resolve("indirect"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(root.resolve("nested/a"), PosixFilePermissions.fromString("rwx------"));
        return root;
    }

    private static void file(Path p, int size, Random random) throws IOException {
        byte[] b = new byte[size];
        random.nextBytes(b);
        Files.write(p, b);
    }

    /** A file of {@code size} bytes with 4 KiB of data at each offset and holes elsewhere. */
    private static void sparse(Path p, long size, Random random, long... dataAt) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
            for (long at : dataAt) {
                byte[] b = new byte[(int) Math.min(4096, size - at)];
                random.nextBytes(b);
                f.seek(at);
                f.write(b);
            }
        }
    }
}
