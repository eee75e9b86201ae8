package org.omnikernel.resource.ext2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Seeded random create, write (random offsets and sizes, with holes), truncate, rename, unlink, mkdir,
 * rmdir, link and symlink, applied to a file system under test and mirrored on a host directory (the
 * model; the host kernel's POSIX semantics are the oracle): each operation must succeed or fail as it
 * does on the host. The file system is reached through {@link FileOps}: the core directly, or EXT2R
 * by messages.
 */
final class RandomOperations {
    /** The operations, by path; a failure throws {@link Ext2Exception}. */
    interface FileOps {
        void create(String path, int permissions);

        void write(String path, long offset, byte[] data);

        void truncate(String path, long size);

        void mkdir(String path, int permissions);

        void rmdir(String path);

        void unlink(String path);

        void link(String existing, String path);

        void symlink(String path, String target);

        void rename(String from, String to);

        /** @return up to {@code length} bytes from {@code offset} */
        byte[] read(String path, long offset, int length);
    }

    /** The core, called directly; the supplier gives the file system mounted now. */
    static FileOps core(java.util.function.Supplier<Ext2FileSystem> mounted) {
        return new FileOps() {
            @Override
            public void create(String path, int permissions) {
                mounted.get().create(path, permissions);
            }

            @Override
            public void write(String path, long offset, byte[] data) {
                Ext2FileSystem fs = mounted.get();
                fs.write(fs.lookup(path), offset, ByteBuffer.wrap(data));
            }

            @Override
            public void truncate(String path, long size) {
                Ext2FileSystem fs = mounted.get();
                fs.truncate(fs.lookup(path), size);
            }

            @Override
            public void mkdir(String path, int permissions) {
                mounted.get().mkdir(path, permissions);
            }

            @Override
            public void rmdir(String path) {
                mounted.get().rmdir(path);
            }

            @Override
            public void unlink(String path) {
                mounted.get().unlink(path);
            }

            @Override
            public void link(String existing, String path) {
                mounted.get().link(existing, path);
            }

            @Override
            public void symlink(String path, String target) {
                mounted.get().symlink(path, target);
            }

            @Override
            public void rename(String from, String to) {
                mounted.get().rename(from, to);
            }

            @Override
            public byte[] read(String path, long offset, int length) {
                Ext2FileSystem fs = mounted.get();
                ByteBuffer b = ByteBuffer.allocate(length);
                fs.read(fs.lookup(path), offset, b);
                return java.util.Arrays.copyOf(b.array(), b.position());
            }
        };
    }

    private final Random random;
    private final Path model;
    private final int blockSize;
    private final FileOps ops;
    int outOfSpace;
    int succeeded;
    int failed;
    /** The model's entries, walked again only after an operation that changed the tree. */
    private List<Entry> entries;
    private int changesSinceWalk;

    private record Entry(String path, boolean directory, boolean file) {
    }

    RandomOperations(Random random, Path model, int blockSize, FileOps ops) {
        this.random = random;
        this.model = model;
        this.blockSize = blockSize;
        this.ops = ops;
    }

    /** Performs one operation on both sides, checks they agree, and returns what it was. */
    String randomOperation() throws IOException {
        int pick = random.nextInt(100);
        if (pick < 15) {
            String p = newPath();
            both("create " + p, () -> ops.create("/" + p, 0644), () -> {
                Files.createFile(model.resolve(p));
                setMode(p, 0644);
            });
            return "create " + p;
        } else if (pick < 40) {
            String p = pick(Kind.FILE);
            if (p == null) {
                return "write (no file)";
            }
            long offset = offset();
            byte[] data = new byte[random.nextInt(random.nextInt(8) == 0 ? 3 * blockSize * 12 : 3 * blockSize) + 1];
            random.nextBytes(data);
            both("write " + p + " at " + offset + " len " + data.length,
                    () -> ops.write("/" + p, offset, data), () -> {
                        try (FileChannel ch = FileChannel.open(model.resolve(p), StandardOpenOption.WRITE)) {
                            ch.write(ByteBuffer.wrap(data), offset);
                        }
                    });
            return "write " + p + " at " + offset + " length " + data.length;
        } else if (pick < 48) {
            String p = pick(Kind.FILE);
            if (p == null) {
                return "truncate (no file)";
            }
            long size = random.nextInt(4) == 0 ? offset() : random.nextInt(6 * blockSize);
            both("truncate " + p + " to " + size, () -> ops.truncate("/" + p, size), () -> {
                try (RandomAccessFile f = new RandomAccessFile(model.resolve(p).toFile(), "rw")) {
                    f.setLength(size);
                }
            });
            return "truncate " + p + " to " + size;
        } else if (pick < 56) {
            String p = newPath();
            both("mkdir " + p, () -> ops.mkdir("/" + p, 0755), () -> {
                Files.createDirectory(model.resolve(p));
                setMode(p, 0755);
            });
            return "mkdir " + p;
        } else if (pick < 61) {
            String p = pick(Kind.DIRECTORY);
            if (p == null) {
                return "rmdir (no directory)";
            }
            both("rmdir " + p, () -> ops.rmdir("/" + p), () -> Files.delete(model.resolve(p)));
            return "rmdir " + p;
        } else if (pick < 71) {
            String p = pick(random.nextInt(10) == 0 ? Kind.ANY : Kind.NOT_DIRECTORY);
            if (p == null) {
                return "unlink (nothing)";
            }
            boolean directory = Files.isDirectory(model.resolve(p), LinkOption.NOFOLLOW_LINKS);
            both("unlink " + p, () -> ops.unlink("/" + p), () -> {
                if (directory) {
                    throw new IOException("EISDIR"); // unlink(2) of a directory fails
                }
                Files.delete(model.resolve(p));
            });
            return "unlink " + p;
        } else if (pick < 77) {
            String existing = pick(Kind.NOT_DIRECTORY);
            String p = newPath();
            if (existing == null) {
                return "link (nothing)";
            }
            both("link " + existing + " " + p, () -> ops.link("/" + existing, "/" + p),
                    () -> Files.createLink(model.resolve(p), model.resolve(existing)));
            return "link " + existing + " as " + p;
        } else if (pick < 83) {
            String p = newPath();
            String target = symlinkTarget();
            both("symlink " + p + " -> " + target, () -> ops.symlink("/" + p, target),
                    () -> Files.createSymbolicLink(model.resolve(p), Path.of(target)));
            return "symlink " + p + " -> " + target;
        } else if (pick < 97) {
            String from = pick(Kind.ANY);
            String to = random.nextBoolean() ? pick(Kind.ANY) : newPath();
            if (from == null || to == null) {
                return "rename (nothing)";
            }
            both("rename " + from + " " + to, () -> ops.rename("/" + from, "/" + to),
                    () -> Files.move(model.resolve(from), model.resolve(to), StandardCopyOption.ATOMIC_MOVE));
            return "rename " + from + " to " + to;
        } else {
            String p = pick(Kind.FILE);
            if (p != null) {
                // The head of the file: reading sparse giants whole would only measure the host.
                ByteBuffer expected = ByteBuffer.allocate((int) Math.min(Files.size(model.resolve(p)), 1 << 20));
                try (FileChannel ch = FileChannel.open(model.resolve(p))) {
                    while (expected.hasRemaining() && ch.read(expected) > 0) {
                        // read fully
                    }
                }
                ByteBuffer actual = ByteBuffer.allocate(expected.capacity());
                actual.put(ops.read("/" + p, 0, actual.capacity()));
                assertEquals(expected.flip(), actual.flip(), "contents of " + p);
            }
            return "read " + p;
        }
    }

    private interface HostAction {
        void run() throws IOException;
    }

    /**
     * Runs our side first: out of space or inodes (the host has plenty) skips the host side; otherwise
     * both must succeed or both fail.
     */
    private void both(String what, Runnable ours, HostAction host) {
        Ext2Exception ourError = null;
        try {
            ours.run();
        } catch (Ext2Exception e) {
            if (e.error() == Ext2Error.NO_SPACE || e.error() == Ext2Error.NO_INODES) {
                outOfSpace++;
                return;
            }
            ourError = e;
        }
        IOException hostError = null;
        try {
            host.run();
        } catch (IOException e) {
            hostError = e;
        }
        if (ourError == null) {
            succeeded++;
        } else {
            failed++;
        }
        if (!what.startsWith("write") && !what.startsWith("truncate") && ++changesSinceWalk >= 8) {
            entries = null; // stale picks only name missing paths, which must fail on both sides
        }
        if ((ourError == null) != (hostError == null)) {
            throw new AssertionError(what + ": ours " + (ourError == null ? "succeeded" : ourError.getMessage())
                    + ", host " + (hostError == null ? "succeeded" : hostError.toString()));
        }
    }

    private enum Kind { FILE, DIRECTORY, NOT_DIRECTORY, ANY }

    /** @return a random existing path of the kind (relative to the root), or null when there is none */
    private String pick(Kind kind) {
        if (entries == null) {
            try (Stream<Path> all = Files.walk(model)) {
                entries = all.filter(p -> !p.equals(model))
                        .map(p -> new Entry(model.relativize(p).toString(),
                                Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS),
                                Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)))
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            changesSinceWalk = 0;
        }
        List<String> candidates = new ArrayList<>();
        for (Entry e : entries) {
            if (kind == Kind.ANY || (kind == Kind.DIRECTORY && e.directory) || (kind == Kind.FILE && e.file)
                    || (kind == Kind.NOT_DIRECTORY && !e.directory)) {
                candidates.add(e.path);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        // The list may be a few changes old: check the pick still is what it was.
        String chosen = candidates.get(random.nextInt(candidates.size()));
        Path p = model.resolve(chosen);
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        boolean ok = exists && (kind == Kind.ANY || (kind == Kind.DIRECTORY && dir)
                || (kind == Kind.FILE && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                || (kind == Kind.NOT_DIRECTORY && !dir));
        return ok ? chosen : null;
    }

    /** @return a name (often one that exists, sometimes 255 or 256 bytes) in a random directory */
    private String newPath() {
        String dir = random.nextInt(4) == 0 ? null : pick(Kind.DIRECTORY);
        String name;
        int r = random.nextInt(100);
        if (r == 0) {
            name = "t".repeat(256);
        } else if (r < 3) {
            name = "L" + random.nextInt(3) + "x".repeat(253);
        } else {
            name = "n" + random.nextInt(40);
        }
        return dir == null ? name : dir + "/" + name;
    }

    private long offset() {
        int r = random.nextInt(200);
        if (r == 0) {
            return (66L << 20) + random.nextInt(4 << 20); // triple indirect with 1 KiB blocks
        } else if (r < 30) {
            return random.nextInt(2 << 20);
        }
        return random.nextInt(200 * 1024);
    }

    private String symlinkTarget() {
        int parts = 1 + random.nextInt(random.nextInt(5) == 0 ? 30 : 3);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            // Never starting with "..": a link out of the model would point outside the test's directory.
            b.append(i == 0 ? "" : "/").append(i > 0 && random.nextInt(3) == 0 ? ".." : "n" + random.nextInt(40));
        }
        return b.toString();
    }

    private void setMode(String p, int mode) throws IOException {
        Files.setAttribute(model.resolve(p), "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }
}
