package org.omnikernel.fstool.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.omnikernel.fileio.FileIo;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.syscall.Program;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Sys;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The program {@value #NAME}: performs the request in the file named by its one argument, writing
 * what it prints to the request's {@code out} and, on failure, the kernel's code and message to
 * {@code error}; the exit status is 0 on success, 1 on failure. The request {@value #STORAGE_BENCH} runs
 * {@link StorageBenchmark} ({@code ./okernel bench storage}) instead of a file operation.
 */
@Component(property = Program.NAME + "=" + FsToolProgram.NAME)
public final class FsToolProgram implements Program {

    /** The program's name. */
    static final String NAME = "okernel.fs";

    /** The request op of {@code ./okernel bench storage}. */
    static final String STORAGE_BENCH = "bench-storage";

    private final Okrt okrt;

    /** @param okrt the kernel, whose statistics show where the benchmark's time went */
    @Activate
    public FsToolProgram(@Reference Okrt okrt) {
        this.okrt = okrt;
    }

    @Override
    public long main(Sys sys, List<String> args) throws Exception {
        FsRequest request = FsRequest.read(Path.of(args.get(0)));
        Result<FileIo> io = FileIo.onDefaultAggregate(sys);
        Result<Void> done = io.isOk() ? (STORAGE_BENCH.equals(request.op())
                ? new StorageBenchmark(sys, io.value(), request, okrt).run() : new FsOperations(io.value(), request).run()) : io.cast();
        if (io.isOk()) {
            io.value().close();
        }
        if (done.isOk()) {
            return 0;
        }
        Files.writeString(request.dir().resolve("error"), done.error() + ": " + done.message(), StandardCharsets.UTF_8);
        return 1;
    }
}
