package org.omnikernel.fstool.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.omnikernel.fileio.FileIo;
import org.omnikernel.fileio.OpenFile;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.DirectoryEntry;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.FileStatus;
import org.omnikernel.syscall.Result;

/**
 * The operations of {@code ./okernel fs}, each through the blocking file library and so through the
 * system calls: nothing here touches the image but the kernel. Local files (get's target, put's
 * source) are the host's, read and written directly: this program is the bridge.
 */
final class FsOperations {

    private static final int BUFFER = 256 * 1024;

    private final FileIo io;
    private final FsRequest request;

    FsOperations(FileIo io, FsRequest request) {
        this.io = io;
        this.request = request;
    }

    /** @return ok, or the failure with the kernel's code and message (or a local file's problem) */
    Result<Void> run() throws IOException {
        Result<Void> done = perform();
        if (done.isOk() && request.sync() && List.of("mkdir", "rm", "mv").contains(request.op())) {
            // durable before the process ends: its I/O aggregate ends with it
            return io.syncDirectory(request.mount());
        }
        return done;
    }

    private Result<Void> perform() throws IOException {
        List<String> a = request.operands();
        return switch (request.op()) {
            case "ls" -> ls(a.isEmpty() ? "/" : a.get(0));
            case "stat" -> stat(a.get(0));
            case "cat" -> copyOut(a.get(0), null);
            case "get" -> copyOut(a.get(0), Path.of(a.get(1)));
            case "put" -> put(Path.of(a.get(0)), a.get(1));
            case "mkdir" -> mkdir(a.get(0));
            case "rm" -> rm(a.get(0));
            case "mv" -> io.rename(request.inMount(a.get(0)), request.inMount(a.get(1)));
            default -> Result.error(Err.BAD_PARAMETER, "unknown operation " + request.op());
        };
    }

    private Result<Void> ls(String dir) throws IOException {
        String path = request.inMount(dir);
        Result<List<DirectoryEntry>> entries = io.list(path);
        if (!entries.isOk()) {
            return entries.cast();
        }
        try (PrintStream out = output()) {
            for (DirectoryEntry e : entries.value().stream().sorted((x, y) -> x.name().compareTo(y.name())).toList()) {
                Result<FileStatus> s = io.stat(path.endsWith("/") ? path + e.name() : path + "/" + e.name());
                if (!s.isOk()) {
                    return s.cast();
                }
                out.printf("%s %3d %5d %5d %12d %s %s%n", mode(s.value()), s.value().links(), s.value().uid(),
                        s.value().gid(), s.value().size(), Instant.ofEpochSecond(s.value().mtime()), e.name());
            }
        }
        return Result.ok();
    }

    private Result<Void> stat(String imagePath) throws IOException {
        Result<FileStatus> s = io.stat(request.inMount(imagePath));
        if (!s.isOk()) {
            return s.cast();
        }
        FileStatus f = s.value();
        try (PrintStream out = output()) {
            out.printf("path: %s%nkind: %s%ninode: %d%nmode: %s (%04o)%nsize: %d%nlinks: %d%nuid: %d%ngid: %d%n"
                    + "atime: %s%nmtime: %s%nctime: %s%n", imagePath, f.kind().name().toLowerCase(java.util.Locale.ROOT),
                    f.inode(), mode(f), f.permissions(), f.size(), f.links(), f.uid(), f.gid(), Instant.ofEpochSecond(f.atime()),
                    Instant.ofEpochSecond(f.mtime()), Instant.ofEpochSecond(f.ctime()));
        }
        return Result.ok();
    }

    private Result<Void> copyOut(String imagePath, Path local) throws IOException {
        Result<OpenFile> f = io.open(request.inMount(imagePath), 0);
        if (!f.isOk()) {
            return f.cast();
        }
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = local == null ? Files.newOutputStream(request.out()) : Files.newOutputStream(local)) {
            while (true) {
                Result<Integer> n = io.read(f.value(), buffer, 0, buffer.length);
                if (!n.isOk()) {
                    return n.cast();
                }
                if (n.value() == 0) {
                    break;
                }
                out.write(buffer, 0, n.value());
            }
        } finally {
            io.close(f.value());
        }
        return Result.ok();
    }

    private Result<Void> put(Path local, String imagePath) throws IOException {
        if (!Files.isRegularFile(local)) {
            return Result.error(Err.NOT_FOUND, "put: the local file " + local + " does not exist or is not a regular file");
        }
        // sync on close: the bytes are on the image before the tool says done (unless asked not to)
        Result<OpenFile> f = io.open(request.inMount(imagePath), AopenFlags.FILE_CREATE | AopenFlags.FILE_TRUNCATE
                | (request.sync() ? AopenFlags.FILE_CLOSE_SYNC : 0));
        if (!f.isOk()) {
            return f.cast();
        }
        byte[] buffer = new byte[BUFFER];
        boolean written = false;
        try (InputStream in = Files.newInputStream(local)) {
            for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                Result<Integer> w = io.write(f.value(), buffer, 0, n);
                if (!w.isOk()) {
                    return w.cast();
                }
            }
            written = true;
        } finally {
            Result<Void> closed = io.close(f.value());
            if (written && !closed.isOk()) {
                return closed;
            }
        }
        return Result.ok();
    }

    private Result<Void> mkdir(String imagePath) {
        Result<FileStatus> made = io.mkdir(request.inMount(imagePath));
        return made.isOk() ? Result.ok() : made.cast();
    }

    private Result<Void> rm(String imagePath) {
        String path = request.inMount(imagePath);
        Result<FileStatus> s = io.stat(path);
        if (!s.isOk()) {
            return s.cast();
        }
        return s.value().kind() == FileStatus.Kind.DIRECTORY ? io.rmdir(path) : io.unlink(path);
    }

    private PrintStream output() throws IOException {
        return new PrintStream(Files.newOutputStream(request.out()), false, StandardCharsets.UTF_8);
    }

    /** @return the mode as ls shows it, such as {@code drwxr-xr-x} */
    static String mode(FileStatus s) {
        char kind = switch (s.kind()) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case FILE -> '-';
            case OTHER -> '?';
        };
        StringBuilder b = new StringBuilder().append(kind);
        String rwx = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            b.append((s.permissions() & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
        }
        return b.toString();
    }
}
