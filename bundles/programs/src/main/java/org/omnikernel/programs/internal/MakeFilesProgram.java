package org.omnikernel.programs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.omnikernel.fileio.FileIo;
import org.omnikernel.fileio.OpenFile;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Program;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;
import org.osgi.service.component.annotations.Component;

/**
 * {@code mkfiles dir count bytes writers}: the set-up of experiment E4 (seed §5.7). Creates
 * {@code dir} and in it {@code count} files {@code f000, f001, …} of {@code bytes} bytes each, written
 * by {@code writers} threads at once in {@value #CHUNK}-byte pieces, so that the blocks of different
 * files interleave on disk (the seed created its files concurrently to avoid sequential placement).
 * Every file is closed with the sync flag and the directory synced, so the files are on disk when
 * the process exits and the readers that follow find them there, not on their way down.
 * Exits 0 once every file is written.
 */
@Component(property = Program.NAME + "=" + MakeFilesProgram.NAME)
public final class MakeFilesProgram implements Program {

    /** The program's name. */
    public static final String NAME = "mkfiles";
    /** Bytes per write. */
    static final int CHUNK = 64 * 1024;
    static final String USAGE = "dir count bytes writers";

    @Override
    public long main(Sys sys, List<String> args) {
        ProgramArgs a = new ProgramArgs(NAME, USAGE, args);
        String dir = a.text(0);
        int count = (int) a.number(1, 1, 100_000);
        long bytes = a.number(2, 1, 1L << 40);
        int writers = (int) a.number(3, 1, 1024);
        FileIo io = ProgramArgs.must(FileIo.onDefaultAggregate(sys), NAME + ": file library");
        Result<?> made = io.mkdir(dir);
        if (!made.isOk() && made.error() != Err.EXISTS) {
            throw new IllegalStateException(NAME + ": mkdir " + dir + ": " + made);
        }
        List<Rid> threads = new ArrayList<>();
        for (int w = 1; w < writers; w++) {
            threads.add(ProgramArgs.must(sys.threadCreate(Rid.NONE, (s, k) -> write(s, dir, count, bytes, writers, (int) k), w),
                    NAME + ": writer " + w));
        }
        write(sys, dir, count, bytes, writers, 0);
        for (Rid t : threads) {
            long status = ProgramArgs.must(sys.threadJoin(t), NAME + ": join");
            if (status != 0) {
                throw new IllegalStateException(NAME + ": a writer failed");
            }
        }
        ProgramArgs.must(io.syncDirectory(dir), NAME + ": sync " + dir);
        return 0;
    }

    /** @return the name of file {@code i} in {@code dir} */
    public static String file(String dir, int i) {
        return dir + "/" + String.format(Locale.ROOT, "f%03d", i);
    }

    /** Writer {@code k} writes files k, k + writers, …; each thread has a file library of its own. */
    private static long write(Sys sys, String dir, int count, long bytes, int writers, int k) {
        FileIo io = ProgramArgs.must(FileIo.create(sys, 1000), NAME + ": I/O aggregate");
        byte[] chunk = new byte[CHUNK];
        for (int i = k; i < count; i += writers) {
            String path = file(dir, i);
            OpenFile f = ProgramArgs.must(io.open(path,
                    AopenFlags.FILE_CREATE | AopenFlags.FILE_TRUNCATE | AopenFlags.FILE_CLOSE_SYNC), NAME + ": create " + path);
            for (long at = 0; at < bytes; at += CHUNK) {
                int n = (int) Math.min(CHUNK, bytes - at);
                for (int b = 0; b < n; b++) {
                    chunk[b] = (byte) (i + at + b);
                }
                ProgramArgs.must(io.write(f, chunk, 0, n), NAME + ": write " + path);
            }
            ProgramArgs.must(io.close(f), NAME + ": close " + path);
        }
        io.close();
        return 0;
    }
}
