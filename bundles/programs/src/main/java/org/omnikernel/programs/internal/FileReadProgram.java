package org.omnikernel.programs.internal;

import java.util.List;

import org.omnikernel.fileio.FileIo;
import org.omnikernel.fileio.OpenFile;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.Program;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;
import org.osgi.service.component.annotations.Component;

/**
 * {@code fileread threads share path}: experiment E2 (seed §5.5). The main thread writes
 * {@value #READ_BYTES} bytes to each of the files {@code path.0} … {@code path.<threads-1>} (created,
 * synced on close); then it and {@code threads - 1} more each repeatedly open their designated file,
 * read {@value #READ_BYTES} bytes into a buffer of their own, and close it, until the process is
 * killed. A file per thread: FCR orders the opens and closes of one file, so threads sharing a file
 * would wait for each other rather than for the CPU. After the first read the file is
 * in FCR's cache, so the load is CPU-bound. Every thread does its I/O through a {@link FileIo} of its
 * own, whose I/O aggregate has weight {@code share} at the I/O schedulers.
 */
@Component(property = Program.NAME + "=" + FileReadProgram.NAME)
public final class FileReadProgram implements Program {

    /** The program's name. */
    public static final String NAME = "fileread";
    /** Bytes each read moves, as in the seed. */
    static final int READ_BYTES = 32 * 1024;
    static final String USAGE = "threads share path";

    @Override
    public long main(Sys sys, List<String> args) {
        ProgramArgs a = new ProgramArgs(NAME, USAGE, args);
        int threads = (int) a.number(0, 1, 1024);
        long share = a.number(1, 1, 1_000_000_000);
        String path = a.text(2);
        for (int i = 0; i < threads; i++) {
            Result<Void> written = writeFile(sys, share, path + "." + i);
            if (!written.isOk()) {
                throw new IllegalStateException(NAME + ": cannot write " + path + "." + i + ": " + written);
            }
        }
        for (int i = 1; i < threads; i++) {
            String mine = path + "." + i;
            Result<Rid> t = sys.threadCreate(Rid.NONE, (s, arg) -> readLoop(s, share, mine), i);
            if (!t.isOk()) {
                throw new IllegalStateException(NAME + ": cannot start thread " + i + ": " + t);
            }
        }
        return readLoop(sys, share, path + ".0");
    }

    private static Result<Void> writeFile(Sys sys, long share, String path) {
        Result<FileIo> io = FileIo.create(sys, share);
        if (!io.isOk()) {
            return io.cast();
        }
        try (FileIo files = io.value()) {
            Result<OpenFile> f = files.open(path, AopenFlags.FILE_CREATE | AopenFlags.FILE_TRUNCATE | AopenFlags.FILE_CLOSE_SYNC);
            if (!f.isOk()) {
                return f.cast();
            }
            byte[] data = new byte[READ_BYTES];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31 + 7);
            }
            Result<Integer> n = files.write(f.value(), data, 0, data.length);
            Result<Void> closed = files.close(f.value());
            return !n.isOk() ? n.cast() : closed;
        }
    }

    /** Open, read 32 KB, close, until killed; a failed call ends the thread with its message. */
    static long readLoop(Sys sys, long share, String path) {
        FileIo files = ProgramArgs.must(FileIo.create(sys, share), NAME + ": I/O aggregate");
        byte[] buffer = new byte[READ_BYTES];
        while (true) {
            OpenFile f = ProgramArgs.must(files.open(path, 0), NAME + ": open " + path);
            Result<Integer> n = files.read(f, buffer, 0, buffer.length);
            Result<Void> closed = files.close(f);
            if (!n.isOk() || n.value() != READ_BYTES || !closed.isOk()) {
                throw new IllegalStateException(NAME + ": read of " + path + ": " + n + ", close: " + closed);
            }
        }
    }
}
