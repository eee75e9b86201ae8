package org.omnikernel.fileio;

import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.FlowFlags;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;

/**
 * One direction of an open file's I/O: an I/O stream of the library's and a flow between it and the
 * file (file → stream for reads, stream → file for writes), both kept for the file's lifetime. Each
 * transfer adds one flow source of at most {@link #CHUNK} bytes and waits for its
 * {@link QueueMessage#FLOW_SOURCE_DRAINED} on the library's queue; the stream holds a whole chunk, so
 * neither side ever waits for the other.
 */
final class FlowTransfer {

    /** Bytes per flow source, and each stream's capacity. */
    static final int CHUNK = 256 * 1024;

    private final Sys sys;
    private final Rid ioa;
    private final Rid queue;
    private final Rid stream;
    private final Rid flow;
    private final long cookie;

    private FlowTransfer(Sys sys, Rid ioa, Rid queue, Rid stream, Rid flow, long cookie) {
        this.sys = sys;
        this.ioa = ioa;
        this.queue = queue;
        this.stream = stream;
        this.flow = flow;
        this.cookie = cookie;
    }

    /**
     * @param toFile true for a stream → file flow (writes), false for file → stream (reads)
     * @return the transfer, or why the stream or flow could not be made
     */
    static Result<FlowTransfer> open(Sys sys, Rid ioa, Rid queue, Rid file, boolean toFile, long cookie) {
        Result<Rid> stream = sys.aopen("/iostream?capacity=" + CHUNK, ioa, 0);
        if (!stream.isOk()) {
            return stream.cast();
        }
        Result<Rid> flow = sys.flow(ioa, toFile ? file : stream.value(), FlowFlags.IMMEDIATE, cookie);
        if (!flow.isOk()) {
            sys.aclose(stream.value());
            return flow.cast();
        }
        return Result.ok(new FlowTransfer(sys, ioa, queue, stream.value(), flow.value(), cookie));
    }

    /**
     * Reads up to {@code len} bytes (at most {@link #CHUNK}) of the file at {@code position}.
     *
     * @return the bytes read into {@code dst}: fewer than asked at the end of the file, 0 past it
     */
    Result<Integer> read(Rid file, long position, byte[] dst, int off, int len) {
        Result<Void> added = sys.flowSource(ioa, flow, file, position, len, 0);
        if (!added.isOk()) {
            return added.cast();
        }
        Result<Long> drained = awaitDrained();
        if (!drained.isOk()) {
            return drained.cast();
        }
        int n = (int) (long) drained.value();
        int got = 0;
        while (got < n) {
            var r = sys.iosRead(stream, n - got, 0, Sys.FOREVER);
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
        return Result.ok(n);
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

    /** Waits for this flow's next drained source; other messages on the queue are not the library's concern. */
    private Result<Long> awaitDrained() {
        while (true) {
            var got = sys.dequeue(queue, 1, Sys.FOREVER);
            if (!got.isOk()) {
                return got.cast();
            }
            QueueMessage m = got.value().get(0);
            if (m.type().equals(QueueMessage.FLOW_SOURCE_DRAINED) && m.cookie() == cookie) {
                return m.error() == null ? Result.ok(m.value())
                        : Result.error(m.error(), "the transfer stopped after " + m.value() + " bytes");
            }
        }
    }

    /** Closes the flow and the stream. */
    void close() {
        sys.flowClose(ioa, flow); // closes the flow's RID too
        sys.aclose(stream);
    }
}
