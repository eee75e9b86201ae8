package org.omnikernel.resource.filecache.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.DirEntry;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.FileType;
import org.omnikernel.storage.FsStats;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.Err;

/**
 * A file-system resource for tests that answers {@link FileProtocol} from a real host directory: real
 * files, the host's inode numbers. It logs every request it answers, and can hold READs unanswered
 * until the test releases them, to catch FCR with transfers in flight.
 */
final class HostFileSystem implements Resource {

    /** One request as it arrived. */
    record Op(String type, long inode, long offset, int length, String activity) {
    }

    private record Held(Message message, IoReply reply) {
    }

    final String name;
    final Path root;
    final List<Op> log = new CopyOnWriteArrayList<>();
    private final Map<Long, Path> byInode = new ConcurrentHashMap<>();
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private volatile boolean holdReads;
    private volatile ResourceContext context;

    HostFileSystem(String name, Path root) {
        this.name = name;
        this.root = root;
    }

    @Override
    public ResourceInterface resourceInterface() {
        ResourceInterface.Builder b = ResourceInterface.named(name);
        b.request(FileProtocol.LOOKUP, (c, m) -> path(c, m, true), Long.class, String.class);
        b.request(FileProtocol.LSTAT, (c, m) -> path(c, m, false), Long.class, String.class);
        b.request(FileProtocol.STAT, this::stat, Long.class, Long.class);
        b.request(FileProtocol.CREATE, this::create, Long.class, String.class, Integer.class, Boolean.class);
        b.request(FileProtocol.MKDIR, this::mkdir, Long.class, String.class, Integer.class);
        b.request(FileProtocol.SYMLINK, this::symlink, Long.class, String.class, String.class);
        b.request(FileProtocol.UNLINK, this::unlink, Long.class, String.class);
        b.request(FileProtocol.RMDIR, this::rmdir, Long.class, String.class);
        b.request(FileProtocol.RENAME, this::rename, Long.class, String.class, String.class);
        b.request(FileProtocol.READDIR, this::readdir, Long.class, String.class);
        b.request(FileProtocol.READLINK, this::readlink, Long.class, String.class);
        b.request(FileProtocol.READ, this::read, Long.class, Long.class, Long.class, Integer.class);
        b.request(FileProtocol.WRITE, this::write, Long.class, Long.class, Long.class, Buffer.class);
        b.request(FileProtocol.TRUNCATE, this::truncate, Long.class, Long.class, Long.class);
        b.request(FileProtocol.SYNC, (c, m) -> {
            note(m, 0, 0, 0);
            done(c, m, IoReply.ok(null));
        }, Long.class);
        b.request(FileProtocol.STATFS, (c, m) -> done(c, m, IoReply.ok(new FsStats(4096, 1 << 20, 1 << 19, 1 << 16,
                1 << 15, false))), Long.class);
        return b.build();
    }

    @Override
    public void attached(ResourceContext ctx) {
        this.context = ctx;
    }

    /** Holds READs from now on, unanswered, until {@link #release()}. */
    void holdReads() {
        holdReads = true;
    }

    int heldReads() {
        return held.size();
    }

    /** Answers the held READs and stops holding. */
    void release() {
        holdReads = false;
        for (Held h : held) {
            held.remove(h);
            context.send(h.message.activity(), FileCacheResource.NAME, FileProtocol.DONE, h.message.affinity(),
                    h.message.argument(0, Long.class), h.reply);
        }
    }

    List<Op> ops(String type) {
        return log.stream().filter(o -> o.type.equals(type)).toList();
    }

    private void note(Message m, long inode, long offset, int length) {
        log.add(new Op(m.requestType(), inode, offset, length, m.activity().name()));
    }

    private static void done(ExecutionContext c, Message m, IoReply r) {
        c.reply(m, FileProtocol.DONE, m.argument(0, Long.class), r);
    }

    private Path resolve(String rel) {
        if (rel == null || !rel.startsWith("/")) {
            throw new IllegalArgumentException("relative path " + rel + " does not start with /");
        }
        Path p = root.resolve(rel.substring(1)).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException(rel + " leaves the file system");
        }
        return p;
    }

    private FileAttributes attributes(Path p, boolean follow) throws IOException {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Map<String, Object> a = Files.readAttributes(p, "unix:*", opts);
        long inode = ((Number) a.get("ino")).longValue();
        byInode.put(inode, p);
        int mode = (Integer) a.get("mode");
        FileType type = Files.isSymbolicLink(p) && !follow ? FileType.SYMLINK
                : Files.isDirectory(p, opts) ? FileType.DIRECTORY : Files.isRegularFile(p, opts) ? FileType.FILE : FileType.OTHER;
        return new FileAttributes(inode, type, mode & 07777, (Long) a.get("size"), (Integer) a.get("nlink"),
                (Integer) a.get("uid"), (Integer) a.get("gid"), ((FileTime) a.get("lastAccessTime")).toMillis() / 1000,
                ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000, ((FileTime) a.get("ctime")).toMillis() / 1000,
                0);
    }

    private static IoReply failure(Exception e, String what) {
        if (e instanceof NoSuchFileException) {
            return IoReply.fail(Err.NOT_FOUND, what + ": no such file");
        }
        if (e instanceof FileAlreadyExistsException) {
            return IoReply.fail(Err.EXISTS, what + ": exists");
        }
        if (e instanceof DirectoryNotEmptyException) {
            return IoReply.fail(Err.NOT_EMPTY, what + ": not empty");
        }
        return IoReply.fail(Err.IO_ERROR, what + ": " + e);
    }

    private interface Op2 {
        IoReply run() throws Exception;
    }

    private void answer(ExecutionContext c, Message m, String what, Op2 op) {
        IoReply r;
        try {
            r = op.run();
        } catch (Exception e) {
            r = failure(e, what);
        }
        done(c, m, r);
    }

    private void path(ExecutionContext c, Message m, boolean follow) {
        note(m, 0, 0, 0);
        String rel = m.argument(1, String.class);
        answer(c, m, rel, () -> IoReply.ok(attributes(resolve(rel), follow)));
    }

    private void stat(ExecutionContext c, Message m) {
        long inode = m.argument(1, Long.class);
        note(m, inode, 0, 0);
        answer(c, m, "inode " + inode, () -> IoReply.ok(attributes(file(inode), false)));
    }

    private Path file(long inode) throws NoSuchFileException {
        Path p = byInode.get(inode);
        if (p == null) {
            throw new NoSuchFileException("inode " + inode);
        }
        return p;
    }

    private void create(ExecutionContext c, Message m) {
        note(m, 0, 0, 0);
        String rel = m.argument(1, String.class);
        boolean exclusive = m.argument(3, Boolean.class);
        answer(c, m, rel, () -> {
            Path p = resolve(rel);
            if (Files.exists(p)) {
                if (exclusive) {
                    return IoReply.fail(Err.EXISTS, rel + " exists");
                }
                return IoReply.ok(attributes(p, true));
            }
            Files.createFile(p);
            return IoReply.ok(attributes(p, true));
        });
    }

    private void mkdir(ExecutionContext c, Message m) {
        note(m, 0, 0, 0);
        String rel = m.argument(1, String.class);
        answer(c, m, rel, () -> IoReply.ok(attributes(Files.createDirectory(resolve(rel)), true)));
    }

    private void symlink(ExecutionContext c, Message m) {
        note(m, 0, 0, 0);
        String rel = m.argument(1, String.class);
        answer(c, m, rel, () -> IoReply.ok(attributes(Files.createSymbolicLink(resolve(rel),
                Path.of(m.argument(2, String.class))), false)));
    }

    private void unlink(ExecutionContext c, Message m) {
        note(m, 0, 0, 0);
        String rel = m.argument(1, String.class);
        answer(c, m, rel, () -> {
            Path p = resolve(rel);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return IoReply.fail(Err.IS_A_DIRECTORY, rel + " is a directory");
            }
            Files.delete(p);
            return IoReply.ok(null);
        });
    }

    private void rmdir(ExecutionContext c, Message m) {
        note(m, 0, 0, 0);
        String rel = m.argument(1, String.class);
        answer(c, m, rel, () -> {
            Path p = resolve(rel);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return IoReply.fail(Err.NOT_A_DIRECTORY, rel + " is not a directory");
            }
            Files.delete(p);
            return IoReply.ok(null);
        });
    }

    private void rename(ExecutionContext c, Message m) {
        note(m, 0, 0, 0);
        String from = m.argument(1, String.class);
        answer(c, m, from, () -> {
            Path to = resolve(m.argument(2, String.class));
            Files.move(resolve(from), to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            attributes(to, false);
            return IoReply.ok(null);
        });
    }

    private void readdir(ExecutionContext c, Message m) {
        note(m, 0, 0, 0);
        String rel = m.argument(1, String.class);
        answer(c, m, rel, () -> {
            List<DirEntry> out = new ArrayList<>();
            try (Stream<Path> s = Files.list(resolve(rel))) {
                for (Path p : s.sorted().toList()) {
                    FileAttributes a = attributes(p, false);
                    out.add(new DirEntry(p.getFileName().toString(), a.inode(), a.type()));
                }
            }
            return IoReply.ok(out);
        });
    }

    private void readlink(ExecutionContext c, Message m) {
        note(m, 0, 0, 0);
        String rel = m.argument(1, String.class);
        answer(c, m, rel, () -> IoReply.ok(Files.readSymbolicLink(resolve(rel)).toString()));
    }

    private void read(ExecutionContext c, Message m) {
        long inode = m.argument(1, Long.class);
        long off = m.argument(2, Long.class);
        int len = m.argument(3, Integer.class);
        note(m, inode, off, len);
        IoReply r;
        try (FileChannel ch = FileChannel.open(file(inode), StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.allocate((int) Math.max(0, Math.min(len, ch.size() - off)));
            while (bb.hasRemaining() && ch.read(bb, off + bb.position()) > 0) {
                // until full
            }
            r = IoReply.ok(Buffer.of(java.util.Arrays.copyOf(bb.array(), bb.position())));
        } catch (Exception e) {
            r = failure(e, "READ of inode " + inode);
        }
        if (holdReads) {
            held.add(new Held(m, r));
            return;
        }
        done(c, m, r);
    }

    private void write(ExecutionContext c, Message m) {
        long inode = m.argument(1, Long.class);
        long off = m.argument(2, Long.class);
        Buffer data = m.argument(3, Buffer.class);
        note(m, inode, off, data.length());
        answer(c, m, "WRITE of inode " + inode, () -> {
            Path p = file(inode);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ByteBuffer bb = data.view();
                while (bb.hasRemaining()) {
                    ch.write(bb, off + bb.position());
                }
            }
            return IoReply.ok(attributes(p, false));
        });
    }

    private void truncate(ExecutionContext c, Message m) {
        long inode = m.argument(1, Long.class);
        long size = m.argument(2, Long.class);
        note(m, inode, size, 0);
        answer(c, m, "TRUNCATE of inode " + inode, () -> {
            Path p = file(inode);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                if (size < ch.size()) {
                    ch.truncate(size);
                } else if (size > ch.size()) {
                    ch.write(ByteBuffer.allocate(1), size - 1);
                }
            }
            return IoReply.ok(attributes(p, false));
        });
    }

}
