package org.omnikernel.resource.aio.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FlowEndpoint;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.Err;

/**
 * One source of a flow (seed §3.3.1.1): where its bytes come from and go, and how far they got. Its
 * READ answers may come back out of order (replies carry no dependency label), so they are applied
 * in the order the READs were sent. The flow's lock guards it.
 */
final class FlowSource {

    final FlowEndpoint endpoint;
    final long sourceOffset;
    final long nbytes;
    final long sinkOffset;

    /** Bytes asked for by READs sent, less what stream answers fell short by. */
    long requested;
    /** Bytes of READ answers applied, in order. */
    long received;
    /** Bytes the sink has consumed. */
    long written;
    /** Bytes handed on towards the sink (queued or sent). */
    long handedToSink;
    /** Bytes sent to the sink in WRITEs, answered or not. */
    long sent;
    int readsOutstanding;
    long readsOutstandingBytes;
    int writesOutstanding;
    /** Pieces of it waiting in the flow for the in-flight bound, and their bytes. */
    int piecesWaiting;
    long waitingBytes;
    long nextReadSeq;
    long nextApplySeq;
    /**
     * A READ answer and what it asked for.
     *
     * @param reply the answer
     * @param asked bytes the READ asked for
     */
    record Answer(IoReply reply, int asked) {
    }

    /** READ answers not yet applied (one that came before an earlier one's waits here), by sequence. */
    final TreeMap<Long, Answer> early = new TreeMap<>();
    /** Short answers gathered until a chunk is full (without IMMEDIATE). */
    final List<Buffer> gathered = new ArrayList<>();
    long gatheredBytes;
    /** No more READs: its bytes are read, it ended or it failed. */
    boolean readDone;
    Err error;
    String errorMessage = "";
    boolean reported;

    FlowSource(FlowEndpoint endpoint, long sourceOffset, long nbytes, long sinkOffset) {
        this.endpoint = endpoint;
        this.sourceOffset = sourceOffset;
        this.nbytes = nbytes;
        this.sinkOffset = sinkOffset;
    }

    /** @return bytes asked for, gathered or waiting, not yet sent to the sink */
    long readAheadBytes() {
        return readsOutstandingBytes + gatheredBytes + waitingBytes;
    }

    /** @return bytes still to ask for */
    long wanted() {
        return readDone ? 0 : nbytes - requested;
    }

    /**
     * @return whether no data of it waits or is being written: it can be reported drained. A READ
     *         still out (beyond an end already seen) does not count; its answer is dropped
     */
    boolean drained() {
        return readDone && gathered.isEmpty() && early.isEmpty() && piecesWaiting == 0 && writesOutstanding == 0;
    }

    void fail(Err e, String message) {
        if (error == null) {
            error = e;
            errorMessage = message;
        }
        readDone = true;
    }

    /** Releases what it holds of data not yet handed on. */
    void dropData() {
        dropEarly();
        gathered.forEach(Buffer::release);
        gathered.clear();
        gatheredBytes = 0;
    }

    /** Releases READ answers not applied: they lie beyond an end already seen. */
    void dropEarly() {
        early.values().forEach(a -> {
            if (a.reply().value() instanceof Buffer b) {
                b.release();
            }
        });
        early.clear();
    }

    @Override
    public String toString() {
        return "source " + endpoint.resource() + ":" + endpoint.handle() + " [" + sourceOffset + "+"
                + (nbytes == Long.MAX_VALUE ? "EOF" : Long.toString(nbytes)) + " → " + sinkOffset + "]";
    }
}
