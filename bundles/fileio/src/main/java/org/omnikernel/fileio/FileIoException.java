package org.omnikernel.fileio;

import java.io.IOException;

import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;

/** A failed system call seen through {@link java.io.InputStream} or {@link java.io.OutputStream}: its code and message. */
public final class FileIoException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Err error;

    /**
     * @param failed the failed result
     */
    public FileIoException(Result<?> failed) {
        super(failed.error() + ": " + failed.message());
        this.error = failed.error();
    }

    /** @return the kernel's error code */
    public Err error() {
        return error;
    }
}
