package org.omnikernel.resource.scsi.internal;

import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.object.Buffer;

/**
 * One client request of {@code UnitProtocol}, split into pieces of at most {@link ScsiResource#MAX_TRANSFER}
 * bytes, each one SCSI command. Pieces may complete in any order and on any core; the request is done
 * when every piece is, with the error of its lowest failing piece.
 */
final class UnitRequest {

    final Message request;
    final long clientTag;
    /** what a READ answers with, assembled piece by piece; empty for WRITE and FLUSH */
    final Buffer data;
    private int remaining;
    private int failedPiece = Integer.MAX_VALUE;
    private String error = "";
    private boolean done;

    /**
     * @param request   the client's message
     * @param clientTag its tag
     * @param data      the buffer a READ fills, else an empty one
     * @param pieces    commands it takes; 0 for a request answered at once
     */
    UnitRequest(Message request, long clientTag, Buffer data, int pieces) {
        this.request = request;
        this.clientTag = clientTag;
        this.data = data;
        this.remaining = pieces;
    }

    /** @return a request refused before any command, answered with {@code error} */
    static UnitRequest refused(Message request, long clientTag, String error) {
        UnitRequest r = new UnitRequest(request, clientTag, Buffer.allocate(0), 0);
        r.error = error;
        return r;
    }

    /**
     * Records a piece's end.
     *
     * @param piece  its index
     * @param offset where its bytes go in {@link #data}
     * @param bytes  the bytes a READ piece brought in, or null
     * @param failed why it failed, or null
     * @return whether the request is now complete
     */
    synchronized boolean pieceDone(int piece, int offset, byte[] bytes, String failed) {
        if (failed != null) {
            if (piece < failedPiece) {
                failedPiece = piece;
                error = failed;
            }
        } else if (bytes != null) {
            data.write(offset, bytes, 0, bytes.length);
        }
        return --remaining == 0;
    }

    /** @return whether every piece completed; set once, by {@link AnswerOrder} */
    synchronized boolean isDone() {
        return done;
    }

    synchronized void markDone() {
        done = true;
    }

    /** @return the error to answer with, empty on success */
    synchronized String error() {
        return error;
    }
}
