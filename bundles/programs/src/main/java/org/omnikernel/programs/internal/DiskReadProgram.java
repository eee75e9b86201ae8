package org.omnikernel.programs.internal;

import java.util.ArrayList;
import java.util.List;

import org.omnikernel.fileio.FileIo;
import org.omnikernel.fileio.OpenFile;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.Program;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;
import org.osgi.service.component.annotations.Component;

/**
 * {@code diskread groups streams share dir count bytes}: the load of experiment E4 (seed §5.7).
 * Reads the {@code count} files of {@code bytes} bytes that {@link MakeFilesProgram} made in
 * {@code dir}, over and over, until the process is killed. {@code groups} groups of {@code streams}
 * kernel threads each read one file at a time: stream {@code k} opens the file and reads its
 * {@code k}-th part (non-overlapping regions, {@value #READ_BYTES} bytes a read), and the group's
 * first stream, which opened the file with the evict flag, closes it last, so every file leaves the
 * cache once read and the next pass reads it from disk again. Group {@code g} reads files
 * {@code g, g + groups, …}.
 *
 * <p>The seed's threads kept their 32 files × 4 streams in flight with asynchronous I/O; the blocking
 * file library has one request in flight per thread, so here every stream is a thread. Streams of a
 * group meet through message queues (a kernel wait), never by spinning. Every thread does its I/O
 * through a {@link FileIo} of its own whose I/O aggregate has weight {@code share}.
 */
@Component(property = Program.NAME + "=" + DiskReadProgram.NAME)
public final class DiskReadProgram implements Program {

    /** The program's name. */
    public static final String NAME = "diskread";
    /** Bytes per read: the seed's largest coalesced disk request. */
    static final int READ_BYTES = 32 * 1024;
    static final String USAGE = "groups streams share dir count bytes";

    /** What one stream thread needs: its place, the files, its group's queues. */
    private record Stream(int group, int index, int groups, int streams, long share, String dir, int count, long bytes,
            List<Rid> queues) {
        boolean leads() {
            return index == 0;
        }
    }

    @Override
    public long main(Sys sys, List<String> args) {
        ProgramArgs a = new ProgramArgs(NAME, USAGE, args);
        int groups = (int) a.number(0, 1, 1024);
        int streams = (int) a.number(1, 1, 64);
        long share = a.number(2, 1, 1_000_000_000);
        String dir = a.text(3);
        int count = (int) a.number(4, 1, 100_000);
        long bytes = a.number(5, streams, 1L << 40);
        List<Stream> all = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<Rid> queues = new ArrayList<>();
            for (int k = 0; k < streams; k++) {
                queues.add(ProgramArgs.must(sys.aopen("/messagequeue"), NAME + ": message queue"));
            }
            for (int k = 0; k < streams; k++) {
                all.add(new Stream(g, k, groups, streams, share, dir, count, bytes, List.copyOf(queues)));
            }
        }
        for (int i = 1; i < all.size(); i++) {
            Stream s = all.get(i);
            ProgramArgs.must(sys.threadCreate(Rid.NONE, (x, arg) -> read(x, s), i), NAME + ": stream thread " + i);
        }
        return read(sys, all.get(0));
    }

    /** One stream's loop: its part of each of its group's files in turn, until killed. */
    private static long read(Sys sys, Stream s) {
        FileIo io = ProgramArgs.must(FileIo.create(sys, s.share()), NAME + ": I/O aggregate");
        byte[] buffer = new byte[READ_BYTES];
        long part = s.bytes() / s.streams();
        long from = s.index() * part;
        long to = s.index() == s.streams() - 1 ? s.bytes() : from + part;
        Rid mine = s.queues().get(s.index());
        Rid leader = s.queues().get(0);
        while (true) {
            for (int i = s.group(); i < s.count(); i += s.groups()) {
                String path = MakeFilesProgram.file(s.dir(), i);
                OpenFile f = ProgramArgs.must(io.open(path, s.leads() ? AopenFlags.FILE_CLOSE_EVICT : 0), NAME + ": open " + path);
                for (long at = from; at < to; at += READ_BYTES) {
                    int n = (int) Math.min(READ_BYTES, to - at);
                    Result<Integer> got = io.pread(f, at, buffer, 0, n);
                    if (!got.isOk() || got.value() != n) {
                        throw new IllegalStateException(NAME + ": read of " + path + " at " + at + ": " + got);
                    }
                }
                if (s.leads()) {
                    awaitOthers(sys, mine, s.streams() - 1, path);
                    ProgramArgs.must(io.close(f), NAME + ": close " + path);
                    for (int k = 1; k < s.streams(); k++) {
                        ProgramArgs.must(sys.enqueue(s.queues().get(k), new QueueMessage(QueueMessage.USER, i, 0, null), 0),
                                NAME + ": release stream " + k);
                    }
                } else {
                    ProgramArgs.must(io.close(f), NAME + ": close " + path);
                    ProgramArgs.must(sys.enqueue(leader, new QueueMessage(QueueMessage.USER, i, s.index(), null), 0),
                            NAME + ": tell the leader");
                    awaitOthers(sys, mine, 1, path);
                }
            }
        }
    }

    /** Waits in the kernel for {@code n} messages on the queue. */
    private static void awaitOthers(Sys sys, Rid queue, int n, String path) {
        for (int got = 0; got < n;) {
            got += ProgramArgs.must(sys.dequeue(queue, n - got, Sys.FOREVER), NAME + ": wait for the streams of " + path).size();
        }
    }
}
