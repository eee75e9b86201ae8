package org.omnikernel.fileio;

import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.FlowFlags;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.StreamRead;
import org.omnikernel.syscall.Sys;

/**
 * One direction of an open file's I/O: an I/O stream of the library's and a flow between it and the
 * file (file → stream for reads, stream → file for writes), kept until closed. A transfer adds flow
 * sources and waits for their {@code FLOW_SOURCE_DRAINED} notices through the library's
 * {@link FlowNotices}. A file → stream flow is FIFO: sources added one after another reach the stream
 * in the order added, so a reader may have several out at once ({@link FileReads} reads ahead so).
 */
final class FlowTransfer {

    /** Bytes per flow source, at most. */
    static final int CHUNK = 256 * 1024;

    private final Sys sys;
    private final Rid ioa;
    private final FlowNotices notices;
    private final Rid stream;
    private final Rid flow;
    private final long cookie;

    private FlowTransfer(Sys sys, Rid ioa, FlowNotices notices, Rid stream, Rid flow, long cookie) {
        this.sys = sys;
        this.ioa = ioa;
        this.notices = notices;
        this.stream = stream;
        this.flow = flow;
        this.cookie = cookie;
    }

    /**
     * @param toFile   true for a stream → file flow (writes), false for file → stream (reads)
     * @param capacity the stream's capacity in bytes: at least the bytes of the sources out at once
     * @return the transfer, or why the stream or flow could not be made
     */
    static Result<FlowTransfer> open(Sys sys, Rid ioa, FlowNotices notices, Rid file, boolean toFile, long cookie,
            int capacity) {
        Result<Rid> stream = sys.aopen("/iostream?capacity=" + capacity, ioa, 0);
        if (!stream.isOk()) {
            return stream.cast();
        }
        long flags = FlowFlags.IMMEDIATE | (toFile ? 0 : FlowFlags.FIFO);
        Result<Rid> flow = sys.flow(ioa, toFile ? file : stream.value(), flags, cookie);
        if (!flow.isOk()) {
            sys.aclose(stream.value());
            return flow.cast();
        }
        notices.register(cookie);
        return Result.ok(new FlowTransfer(sys, ioa, notices, stream.value(), flow.value(), cookie));
    }

    /** Adds a source of {@code nbytes} of the file at {@code position}, to flow into the stream. */
    Result<Void> addFileSource(Rid file, long position, long nbytes) {
        return sys.flowSource(ioa, flow, file, position, nbytes, 0);
    }

    /** @return the bytes the oldest source out moved into the stream, once it has drained */
    Result<Long> awaitDrained() {
        return notices.nextDrained(cookie);
    }

    /**
     * Takes {@code n} bytes the stream holds (drained sources' bytes) into {@code dst}.
     *
     * @return ok, or why the stream gave fewer
     */
    Result<Void> take(int n, byte[] dst, int off) {
        int got = 0;
        while (got < n) {
            Result<StreamRead> r = sys.iosRead(stream, n - got, 0, Sys.FOREVER);
            if (!r.isOk()) {
                return r.cast();
            }
            if (r.value().endOfStream()) {
                return Result.error(Err.IO_ERROR, "the read stream ended after " + got + " of " + n + " bytes");
            }
            int k = r.value().length();
            r.value().data().duplicate().get(dst, off + got, k);
            got += k;
        }
        return Result.ok();
    }

    /**
     * Writes {@code len} bytes (at most {@link #CHUNK}) to the file at {@code position}.
     *
     * @return the bytes the file took
     */
    Result<Integer> write(Rid file, long position, byte[] src, int off, int len) {
        Result<Long> copied = sys.iosWrite(stream, src, off, len, 0);
        if (!copied.isOk()) {
            return copied.cast();
        }
        Result<Void> added = sys.flowSource(ioa, flow, stream, 0, len, position);
        if (!added.isOk()) {
            return added.cast();
        }
        Result<Long> drained = awaitDrained();
        if (!drained.isOk()) {
            return drained.cast();
        }
        if (drained.value() != len) {
            return Result.error(Err.IO_ERROR, "the file took " + drained.value() + " of " + len + " bytes");
        }
        return Result.ok(len);
    }

    /** Closes the flow (sources still out are dropped, their notices with it) and the stream. */
    void close() {
        notices.forget(cookie);
        sys.flowClose(ioa, flow); // closes the flow's RID too
        sys.aclose(stream);
    }
}
