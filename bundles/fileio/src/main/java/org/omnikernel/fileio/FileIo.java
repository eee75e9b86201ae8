package org.omnikernel.fileio;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.DirectoryEntry;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.FileStatus;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;

/**
 * Blocking file I/O for a program, built on the asynchronous system calls (seed §3.3): files are
 * opened with {@code aopen}, and every read or write is a flow source between the file and an I/O
 * stream of the library's, completed by a message on a queue bound to the library's I/O aggregate.
 *
 * <pre>{@code
 * FileIo io = FileIo.create(sys, 5000).value();          // its own I/O aggregate, share 5000
 * OpenFile f = io.open("/fs/log.txt", AopenFlags.FILE_CREATE | AopenFlags.FILE_TRUNCATE).value();
 * io.write(f, bytes, 0, bytes.length);
 * io.close(f);
 * }</pre>
 *
 * <p>A {@code FileIo} is used by one kernel thread at a time (its queue is its own); threads that do
 * I/O at once each make one. Its I/O aggregate is the activity every byte is attributed to.
 *
 * <p>A file read sequentially is read ahead (up to 768 KiB beyond the reader, as Linux's readahead
 * does), and what was read ahead is used only while the file's change cookie says nothing has changed
 * it since ({@link Sys#changeCookie}): a read always sees every write answered before it began, whoever
 * wrote.
 */
public final class FileIo implements AutoCloseable {

    /** Flag names on an aopen path ({@link AopenFlags}), in bit order for stable paths. */
    private static final Map<Long, String> FLAG_NAMES = new TreeMap<>(Map.of(AopenFlags.FILE_NOCACHE, "nocache",
            AopenFlags.FILE_CREATE, "create", AopenFlags.FILE_CREATE_DIRECTORY, "directory", AopenFlags.FILE_TRUNCATE,
            "truncate", AopenFlags.FILE_NEXIST, "exclusive", AopenFlags.FILE_CLOSE_SYNC, "sync",
            AopenFlags.FILE_CLOSE_EVICT, "evict", AopenFlags.FILE_CLOSE_UNLINK, "unlink"));

    private final Sys sys;
    private final Rid ioa;
    private final Rid queue;
    private final boolean ownsIoa;
    private final FlowNotices notices;
    private long cookies;

    private FileIo(Sys sys, Rid ioa, Rid queue, boolean ownsIoa) {
        this.sys = sys;
        this.ioa = ioa;
        this.queue = queue;
        this.ownsIoa = ownsIoa;
        this.notices = new FlowNotices(sys, queue);
    }

    /**
     * A library with an I/O aggregate of its own.
     *
     * @param sys   the process's system calls
     * @param share the aggregate's share at the schedulers that share I/O (seed §4.1), at least 1
     * @return the library; the errors of aopen and bind
     */
    public static Result<FileIo> create(Sys sys, long share) {
        Result<Rid> ioa = sys.aopen("/ioaggregate?share=" + share);
        if (!ioa.isOk()) {
            return ioa.cast();
        }
        return bound(sys, ioa.value(), true);
    }

    /**
     * A library on the process's default I/O aggregate, whose queue binding it takes over: for a
     * program with one thread doing I/O.
     *
     * @param sys the process's system calls
     * @return the library
     */
    public static Result<FileIo> onDefaultAggregate(Sys sys) {
        return bound(sys, sys.defaultIoa(), false);
    }

    private static Result<FileIo> bound(Sys sys, Rid ioa, boolean ownsIoa) {
        Result<Rid> queue = sys.aopen("/messagequeue");
        Result<Void> bind = queue.isOk() ? sys.bind(ioa, queue.value()) : queue.cast();
        if (!bind.isOk()) {
            if (queue.isOk()) {
                sys.aclose(queue.value());
            }
            if (ownsIoa) {
                sys.aclose(ioa);
            }
            return bind.cast();
        }
        return Result.ok(new FileIo(sys, ioa, queue.value(), ownsIoa));
    }

    /** @return the I/O aggregate all of this library's I/O is attributed to */
    public Rid ioAggregate() {
        return ioa;
    }

    /**
     * @param path  an absolute path under a mount point, such as {@code /fs/a.txt}, without parameters
     * @param flags {@link AopenFlags}: create, truncate, exclusive, nocache, and what close does (sync,
     *              evict, unlink)
     * @return the open file; NOT_FOUND, EXISTS, IS_A_DIRECTORY, … with the kernel's message
     */
    public Result<OpenFile> open(String path, long flags) {
        if (path == null || path.indexOf('?') >= 0) {
            return Result.error(Err.BAD_PARAMETER, "open: \"" + path + "\" must be a path without parameters; give flags as flags");
        }
        StringBuilder withFlags = new StringBuilder(path);
        long unknown = flags;
        for (Map.Entry<Long, String> f : FLAG_NAMES.entrySet()) {
            if ((flags & f.getKey()) != 0) {
                withFlags.append('?').append(f.getValue());
                unknown &= ~f.getKey();
            }
        }
        if (unknown != 0) {
            return Result.error(Err.BAD_PARAMETER, "open " + path + ": unknown flag bits 0x" + Long.toHexString(unknown));
        }
        Result<Rid> rid = sys.aopen(withFlags.toString(), ioa, 0);
        return rid.isOk() ? Result.ok(new OpenFile(rid.value(), path, this)) : rid.cast();
    }

    /**
     * Reads at the file's position and advances it.
     *
     * @return bytes read, fewer than {@code len} only at the end of the file, 0 past it
     */
    public Result<Integer> read(OpenFile f, byte[] dst, int off, int len) {
        Result<Integer> n = pread(f, f.position(), dst, off, len);
        if (n.isOk()) {
            f.advance(n.value());
        }
        return n;
    }

    /**
     * Reads at a position without moving the file's.
     *
     * @return bytes read, fewer than {@code len} only at the end of the file, 0 past it
     */
    public Result<Integer> pread(OpenFile f, long position, byte[] dst, int off, int len) {
        Result<Void> bad = check(f, "read", position, dst, off, len);
        if (bad != null) {
            return bad.cast();
        }
        if (f.reads() == null) {
            f.reads(new FileReads(sys, ioa, notices, () -> ++cookies, f.rid()));
        }
        int done = 0;
        while (done < len) {
            int chunk = Math.min(len - done, FlowTransfer.CHUNK);
            Result<Integer> n = f.reads().read(position + done, dst, off + done, chunk);
            if (!n.isOk()) {
                return Result.error(n.error(), "read of " + f.path() + " at " + (position + done) + ": " + n.message());
            }
            done += n.value();
            if (n.value() < chunk) {
                break; // the end of the file
            }
        }
        return Result.ok(done);
    }

    /**
     * Writes at the file's position and advances it.
     *
     * @return bytes written: all of them, or an error
     */
    public Result<Integer> write(OpenFile f, byte[] src, int off, int len) {
        Result<Integer> n = pwrite(f, f.position(), src, off, len);
        if (n.isOk()) {
            f.advance(n.value());
        }
        return n;
    }

    /**
     * Writes at a position without moving the file's.
     *
     * @return bytes written: all of them, or an error (NO_SPACE, READ_ONLY, …)
     */
    public Result<Integer> pwrite(OpenFile f, long position, byte[] src, int off, int len) {
        Result<Void> bad = check(f, "write", position, src, off, len);
        if (bad != null) {
            return bad.cast();
        }
        if (f.writes() == null) {
            Result<FlowTransfer> t = FlowTransfer.open(sys, ioa, notices, f.rid(), true, ++cookies, FlowTransfer.CHUNK);
            if (!t.isOk()) {
                return t.cast();
            }
            f.writes(t.value());
        }
        int done = 0;
        while (done < len) {
            int chunk = Math.min(len - done, FlowTransfer.CHUNK);
            Result<Integer> n = f.writes().write(f.rid(), position + done, src, off + done, chunk);
            if (!n.isOk()) {
                return Result.error(n.error(), "write of " + f.path() + " at " + (position + done) + ": " + n.message());
            }
            done += n.value();
        }
        return Result.ok(done);
    }

    /**
     * Closes the file: its flows and streams, then the file itself, whose close flags (sync, evict,
     * unlink) act now.
     *
     * @return the close's outcome; closing twice is refused with BAD_RID
     */
    public Result<Void> close(OpenFile f) {
        if (f.closed()) {
            return Result.error(Err.BAD_RID, f.path() + " is closed already");
        }
        f.markClosed();
        if (f.reads() != null) {
            f.reads().close();
        }
        if (f.writes() != null) {
            f.writes().close();
        }
        return sys.aclose(f.rid());
    }

    /** @return an input stream reading from the file's position; closing it closes the file */
    public InputStream inputStream(OpenFile f) {
        return new FileInput(this, f);
    }

    /** @return an output stream writing at the file's position; closing it closes the file */
    public OutputStream outputStream(OpenFile f) {
        return new FileOutput(this, f);
    }

    /**
     * Puts everything written so far on disk: the file's data and metadata.
     *
     * @return ok once it is durable
     */
    public Result<Void> fsync(OpenFile f) {
        return sys.fsync(f.rid());
    }

    /**
     * Puts a directory's changes on disk (its entries made, moved or removed by mkdir, rename,
     * unlink): fsync of the opened directory, as a POSIX program would do.
     *
     * @param path the directory
     * @return ok once they are durable
     */
    public Result<Void> syncDirectory(String path) {
        Result<OpenFile> d = open(path, 0);
        if (!d.isOk()) {
            return d.cast();
        }
        Result<Void> synced = fsync(d.value());
        Result<Void> closed = close(d.value());
        return synced.isOk() ? closed : synced;
    }

    /** @return the file's status */
    public Result<FileStatus> fstat(OpenFile f) {
        return sys.fstat(f.rid());
    }

    /** @return what {@link Sys#stat} says */
    public Result<FileStatus> stat(String path) {
        return sys.stat(path);
    }

    /** @return what {@link Sys#list} says */
    public Result<List<DirectoryEntry>> list(String path) {
        return sys.list(path);
    }

    /** @return what {@link Sys#mkdir} says, with permissions 0755 */
    public Result<FileStatus> mkdir(String path) {
        return sys.mkdir(path, 0755);
    }

    /** @return what {@link Sys#unlink} says */
    public Result<Void> unlink(String path) {
        return sys.unlink(path);
    }

    /** @return what {@link Sys#rmdir} says */
    public Result<Void> rmdir(String path) {
        return sys.rmdir(path);
    }

    /** @return what {@link Sys#rename} says */
    public Result<Void> rename(String from, String to) {
        return sys.rename(from, to);
    }

    /** Closes the library's queue, and its I/O aggregate when it made one; open files stay open. */
    @Override
    public void close() {
        sys.aclose(queue);
        if (ownsIoa) {
            sys.aclose(ioa);
        }
    }

    private Result<Void> check(OpenFile f, String op, long position, byte[] b, int off, int len) {
        if (f.owner() != this) {
            return Result.error(Err.BAD_PARAMETER, op + ": " + f + " was opened by another FileIo");
        }
        if (f.closed()) {
            return Result.error(Err.BAD_RID, op + ": " + f + " is closed");
        }
        if (position < 0 || off < 0 || len < 0 || off > b.length - len) {
            return Result.error(Err.BAD_PARAMETER, op + " of " + f.path() + ": position " + position + ", range " + off
                    + "+" + len + " of a " + b.length + "-byte array");
        }
        return null;
    }
}
