package org.omnikernel.resource.sdrwr.internal;

import java.util.function.Supplier;

import java.nio.ByteBuffer;

import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.object.Buffer;

/**
 * One {@code UnitProtocol} request on its way through DRWR: split into chunks of at most the disk
 * request limit, each forwarded as one {@code BlockProtocol} message. The answers may come back in any
 * order; the client is answered once, when the last arrives. Guarded by itself: answers to its chunks
 * may run on different cores.
 *
 * <p>A READ's answer is allocated here, up front, and each chunk's device reads straight into its
 * {@link #window} of it (DRWR's READ_INTO): nothing is joined afterwards. Until every chunk has
 * answered, a device may still be writing into that buffer, so it is handed on only by {@link #result}
 * once none is outstanding, and only when no chunk failed: after an error a device that went away with
 * its chunk may write into it yet, so it is released and the client gets an empty buffer.
 */
final class UnitRequest {

    final Message message;
    final long clientTag;
    final BlockUnit unit;
    private final Supplier<String> what;
    final DependencyLabel label;
    /** A READ's answer, filled through the windows; null for WRITE and FLUSH. */
    private final Buffer joined;
    /** Taken while this request alone holds {@link #joined}; never moved, so its slices need no lock. */
    private final ByteBuffer view;
    private int outstanding;
    private String error = "";

    private UnitRequest(Message message, long clientTag, BlockUnit unit, Supplier<String> what, int chunks, Buffer joined) {
        this.message = message;
        this.clientTag = clientTag;
        this.unit = unit;
        this.what = what;
        this.label = message.dependency();
        this.outstanding = chunks;
        this.joined = joined;
        this.view = joined == null ? null : joined.writableView();
    }

    /**
     * A READ, with the buffer its chunks fill.
     *
     * @param message   the client's message, to answer
     * @param clientTag the client's tag
     * @param unit      the unit
     * @param what      the request in words, for error answers ({@code READ of 4096 bytes at offset 0})
     * @param length    bytes it reads
     * @param chunks    how many chunks it is split into
     * @return the request
     */
    static UnitRequest read(Message message, long clientTag, BlockUnit unit, Supplier<String> what, int length, int chunks) {
        return new UnitRequest(message, clientTag, unit, what, chunks, Buffer.allocate(length));
    }

    /**
     * A WRITE or FLUSH, answered with an empty buffer.
     *
     * @param message   the client's message, to answer
     * @param clientTag the client's tag
     * @param unit      the unit
     * @param what      the request in words, for error answers
     * @param chunks    how many chunks it is split into
     * @return the request
     */
    static UnitRequest update(Message message, long clientTag, BlockUnit unit, Supplier<String> what, int chunks) {
        return new UnitRequest(message, clientTag, unit, what, chunks, null);
    }

    /**
     * The part of a READ's answer one chunk's device fills.
     *
     * @param from   where the chunk starts in the answer
     * @param length its size
     * @return a writable view of exactly those bytes
     * @throws IllegalStateException when this is not a READ
     */
    ByteBuffer window(int from, int length) {
        if (view == null) {
            throw new IllegalStateException(what.get() + " has no buffer to read into");
        }
        return view.slice(from, length);
    }

    /**
     * Records one chunk's answer.
     *
     * @param chunkError its error, empty on success
     * @return true when this was the last answer outstanding
     */
    synchronized boolean answered(String chunkError) {
        if (outstanding == 0) {
            throw new IllegalStateException(what.get() + " on unit " + unit.name() + ": a chunk answered after the last");
        }
        if (!chunkError.isEmpty() && error.isEmpty()) {
            error = "unit " + unit.name() + ": " + what.get() + ": " + chunkError;
        }
        return --outstanding == 0;
    }

    /** @return the first error among the chunks, naming the unit and the request, or empty */
    synchronized String error() {
        return error;
    }

    /**
     * What the client is answered with; call once, after the last chunk answered.
     *
     * @return a READ's filled buffer, whose only reference passes to the caller; an empty buffer for a
     *         WRITE or FLUSH, or after an error
     * @throws IllegalStateException while a chunk is outstanding: a device may still write into the buffer
     */
    synchronized Buffer result() {
        if (outstanding > 0) {
            throw new IllegalStateException(what.get() + " on unit " + unit.name() + ": " + outstanding
                    + " chunks still at the device; the buffer they fill is not handed on yet");
        }
        if (joined == null) {
            return Buffer.allocate(0);
        }
        if (!error.isEmpty()) {
            joined.release();
            return Buffer.allocate(0);
        }
        return joined;
    }
}
