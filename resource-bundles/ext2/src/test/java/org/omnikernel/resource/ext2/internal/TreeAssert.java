package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Compares a host directory tree with the tree an {@link Ext2FileSystem} holds, or with another host tree. */
final class TreeAssert {
    /** Files larger than this are compared at their head and tail only (sparse giants). */
    private static final long WHOLE_COMPARE_LIMIT = 96L << 20;
    private static final int CHUNK = 1 << 16;

    private TreeAssert() {
    }

    /** What to compare besides names, types, sizes, bytes and symlink targets. */
    record Checks(boolean permissions, boolean linkCounts) {
    }

    static void assertFsMatches(Path host, Ext2FileSystem fs, Checks checks) {
        compareDirectory(host, "/", fs, checks);
    }

    private static void compareDirectory(Path hostDir, String fsDir, Ext2FileSystem fs, Checks checks) {
        Set<String> hostNames = list(hostDir);
        Set<String> fsNames = fs.readdir(fsDir).stream().map(DirEntry::name)
                .filter(n -> !n.equals(".") && !n.equals(".."))
                .filter(n -> !(fsDir.equals("/") && n.equals("lost+found")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(hostNames, fsNames, "entries of " + fsDir);
        for (String name : hostNames) {
            Path h = hostDir.resolve(name);
            String f = fsDir.equals("/") ? "/" + name : fsDir + "/" + name;
            FileStat st = fs.stat(f);
            try {
                if (checks.linkCounts()) {
                    assertEquals(((Number) Files.getAttribute(h, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue(),
                            st.links(), "link count of " + f);
                }
                if (checks.permissions() && !Files.isSymbolicLink(h)) {
                    assertEquals(permissions(h), st.permissions(), "permissions of " + f);
                }
                if (Files.isSymbolicLink(h)) {
                    assertTrue(st.isSymlink(), f + " is a symlink");
                    assertEquals(Files.readSymbolicLink(h).toString(), fs.readlink(f), "target of " + f);
                } else if (Files.isDirectory(h)) {
                    assertTrue(st.isDirectory(), f + " is a directory");
                    compareDirectory(h, f, fs, checks);
                } else {
                    assertTrue(st.isRegularFile(), f + " is a regular file");
                    assertEquals(Files.size(h), st.size(), "size of " + f);
                    compareBytes(h, st, fs, f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void compareBytes(Path h, FileStat st, Ext2FileSystem fs, String f) throws IOException {
        long size = st.size();
        if (size <= WHOLE_COMPARE_LIMIT) {
            compareRange(h, fs, st.inode(), 0, size, f);
        } else {
            compareRange(h, fs, st.inode(), 0, 1 << 20, f);
            compareRange(h, fs, st.inode(), size - (4 << 20), size, f);
        }
    }

    private static void compareRange(Path h, Ext2FileSystem fs, long ino, long from, long to, String f)
            throws IOException {
        try (FileChannel ch = FileChannel.open(h)) {
            ByteBuffer expected = ByteBuffer.allocate(CHUNK);
            ByteBuffer actual = ByteBuffer.allocate(CHUNK);
            for (long pos = from; pos < to; pos += CHUNK) {
                int n = (int) Math.min(CHUNK, to - pos);
                expected.clear().limit(n);
                actual.clear().limit(n);
                while (expected.hasRemaining() && ch.read(expected, pos + expected.position()) > 0) {
                    // read fully
                }
                assertEquals(n, fs.read(ino, pos, actual), "bytes read from " + f + " at " + pos);
                if (!expected.flip().equals(actual.flip())) {
                    assertArrayEquals(bytes(expected), bytes(actual), "bytes of " + f + " at " + pos);
                }
            }
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** Compares two host trees: names, types, sizes, bytes and symlink targets. */
    static void assertHostTreesEqual(Path expected, Path actual) {
        Set<String> e = list(expected);
        Set<String> a = list(actual);
        a.remove("lost+found");
        assertEquals(e, a, "entries of " + actual);
        try {
            for (String name : e) {
                Path x = expected.resolve(name);
                Path y = actual.resolve(name);
                if (Files.isSymbolicLink(x)) {
                    assertTrue(Files.isSymbolicLink(y), y + " is a symlink");
                    assertEquals(Files.readSymbolicLink(x), Files.readSymbolicLink(y), "target of " + y);
                } else if (Files.isDirectory(x, LinkOption.NOFOLLOW_LINKS)) {
                    assertTrue(Files.isDirectory(y, LinkOption.NOFOLLOW_LINKS), y + " is a directory");
                    assertHostTreesEqual(x, y);
                } else {
                    assertEquals(Files.size(x), Files.size(y), "size of " + y);
                    assertEquals(-1L, Files.mismatch(x, y), "first differing byte of " + y);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Set<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int permissions(Path p) throws IOException {
        int bits = 0;
        for (PosixFilePermission perm : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) {
            bits |= 1 << (8 - perm.ordinal());
        }
        return bits;
    }
}
