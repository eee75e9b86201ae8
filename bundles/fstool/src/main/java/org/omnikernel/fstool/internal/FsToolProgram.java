package org.omnikernel.fstool.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.omnikernel.fileio.FileIo;
import org.omnikernel.syscall.Program;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Sys;
import org.osgi.service.component.annotations.Component;

/**
 * The program {@value #NAME}: performs the request in the file named by its one argument, writing
 * what it prints to the request's {@code out} and, on failure, the kernel's code and message to
 * {@code error}; the exit status is 0 on success, 1 on failure.
 */
@Component(property = Program.NAME + "=" + FsToolProgram.NAME)
public final class FsToolProgram implements Program {

    /** The program's name. */
    static final String NAME = "okernel.fs";

    /** Created by Declarative Services. */
    public FsToolProgram() {
    }

    @Override
    public long main(Sys sys, List<String> args) throws Exception {
        FsRequest request = FsRequest.read(Path.of(args.get(0)));
        Result<FileIo> io = FileIo.onDefaultAggregate(sys);
        Result<Void> done = io.isOk() ? new FsOperations(io.value(), request).run() : io.cast();
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
