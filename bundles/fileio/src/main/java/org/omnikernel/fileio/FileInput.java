package org.omnikernel.fileio;

import java.io.IOException;
import java.io.InputStream;

import org.omnikernel.syscall.Result;

/** An open file as an {@link InputStream}; failures are {@link FileIoException}s. */
final class FileInput extends InputStream {

    private final FileIo io;
    private final OpenFile file;

    FileInput(FileIo io, OpenFile file) {
        this.io = io;
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        Result<Integer> n = io.read(file, b, off, len);
        if (!n.isOk()) {
            throw new FileIoException(n);
        }
        return n.value() == 0 ? -1 : n.value();
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
