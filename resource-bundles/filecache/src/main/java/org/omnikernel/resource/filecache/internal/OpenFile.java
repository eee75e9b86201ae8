package org.omnikernel.resource.filecache.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.FileHandle;
import org.omnikernel.storage.FlowEndpoint;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.ThreadService;

/**
 * A file or directory a process opened with {@code aopen} of a path under a mount point: the kernel
 * object its RID names, a flow endpoint at FCR. Closing sends CLOSE with the flags of the aopen, so
 * that {@code ?sync}, {@code ?evict} and {@code ?unlink} act; on a kernel thread the close waits for
 * FCR's answer and returns its error; elsewhere (a process's end) it is sent, paid by the gate's
 * teardown activity, and not waited for.
 */
public final class OpenFile implements FlowEndpoint {

    /** The kind of an open file. */
    public static final String KIND = "file";

    private final FileHandle handle;
    private final long flags;
    private final Activity payer;
    private final FileGate gate;
    private final ThreadService threads;
    private final AtomicBoolean closed = new AtomicBoolean();

    OpenFile(FileHandle handle, long flags, Activity payer, FileGate gate, ThreadService threads) {
        this.handle = handle;
        this.flags = flags;
        this.payer = payer;
        this.gate = gate;
        this.threads = threads;
    }

    @Override
    public String resource() {
        return FileCacheProtocol.RESOURCE;
    }

    @Override
    public long handle() {
        return handle.handle();
    }

    @Override
    public boolean seekable() {
        return true;
    }

    /** @return the path and attributes it was opened with */
    public FileHandle opened() {
        return handle;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Result<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return Result.ok();
        }
        KThread self = threads.current().orElse(null);
        if (self == null) {
            SendResult s = gate.post(FileCacheProtocol.CLOSE, handle.handle(), flags);
            return s.isOk() ? Result.ok() : Result.error(Err.KERNEL, "close of " + handle.path() + ": " + s);
        }
        IoReply r = gate.call(self, payer, FileCacheProtocol.CLOSE, handle.handle(), flags);
        return r.isOk() ? Result.ok() : Result.error(r.error(), r.message());
    }

    @Override
    public String toString() {
        return "file " + handle.path() + " (handle " + handle.handle() + ")";
    }
}
