package org.omnikernel.resource.sdrwr.internal;

import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.object.Buffer;

/**
 * One {@code UnitProtocol} request on its way through DRWR: split into chunks of at most DRWR's
 * per-request maximum, each forwarded as one {@code BlockProtocol} message. The answers may come back
 * in any order; they are joined in chunk order and the client is answered once, when the last arrives.
 * Guarded by itself: answers to its chunks may run on different cores.
 */
final class UnitRequest {

    final Message message;
    final long clientTag;
    final BlockUnit unit;
    final String what;
    final DependencyLabel label;
    private final Buffer[] data;
    private int outstanding;
    private String error = "";

    /**
     * @param message   the client's message, to answer
     * @param clientTag the client's tag
     * @param unit      the unit
     * @param what      the request in words, for error answers ({@code READ of 4096 bytes at offset 0})
     * @param chunks    how many chunks it is split into
     */
    UnitRequest(Message message, long clientTag, BlockUnit unit, String what, int chunks) {
        this.message = message;
        this.clientTag = clientTag;
        this.unit = unit;
        this.what = what;
        this.label = message.dependency();
        this.data = new Buffer[chunks];
        this.outstanding = chunks;
    }

    /**
     * Records one chunk's answer.
     *
     * @param chunk       its index
     * @param bytes       its data (empty for writes and flushes)
     * @param chunkError  its error, empty on success
     * @return true when this was the last answer outstanding
     */
    synchronized boolean answered(int chunk, Buffer bytes, String chunkError) {
        data[chunk] = bytes;
        if (!chunkError.isEmpty() && error.isEmpty()) {
            error = "unit " + unit.name() + ": " + what + ": " + chunkError;
        }
        return --outstanding == 0;
    }

    /** @return the first error among the chunks, naming the unit and the request, or empty */
    synchronized String error() {
        return error;
    }

    /** @return the chunks' data joined in order (no copy for a request of one chunk); empty after an error */
    synchronized Buffer joined() {
        if (!error.isEmpty()) {
            return Buffer.allocate(0);
        }
        if (data.length == 1) {
            return data[0];
        }
        int total = 0;
        for (Buffer b : data) {
            total += b.length();
        }
        Buffer out = Buffer.allocate(total);
        java.nio.ByteBuffer w = out.writableView();
        for (Buffer b : data) {
            w.put(b.view());
        }
        return out;
    }
}
