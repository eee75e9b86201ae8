package org.omnikernel.fileio;

import java.io.IOException;
import java.io.OutputStream;

import org.omnikernel.syscall.Result;

/** An open file as an {@link OutputStream}; failures are {@link FileIoException}s. */
final class FileOutput extends OutputStream {

    private final FileIo io;
    private final OpenFile file;

    FileOutput(FileIo io, OpenFile file) {
        this.io = io;
        this.file = file;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Result<Integer> n = io.write(file, b, off, len);
        if (!n.isOk()) {
            throw new FileIoException(n);
        }
    }

    @Override
    public void close() throws IOException {
        if (!file.closed()) {
            Result<Void> r = io.close(file);
            if (!r.isOk()) {
                throw new FileIoException(r);
            }
        }
    }
}
