package org.omnikernel.resource.aio.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FlowEndpoint;
import org.omnikernel.storage.FlowProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.FlowFlags;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.ActivityObject;
import org.omnikernel.syscall.spi.Flow;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.MessageQueue;

/**
 * A flow (seed §3.3.1.1–3.3.1.2): a sink and the sources added to it. AIOR reads the sources in
 * chunks and writes the sink, every message under the flow's one dependency label, so the data
 * reaches the sink in the order read; paid by the flow's I/O aggregate.
 *
 * <pre>
 *  READ(src) ─► IO_DONE(data) ─► [gather] ─► waiting ─► WRITE(sink) ─► IO_DONE(bytes) ─► drained?
 *      ▲ another READ goes out while the data is written (prefetch, overlap): up to
 *        {@value #READ_AHEAD_CHUNKS} chunks read ahead of what the sink has been handed
 *  WRITE bytes unanswered ≤ the in-flight bound (one WRITE always may go): back-pressure from the sink
 * </pre>
 *
 * <p>The flow's lock guards its state; {@link #pump} runs in AIOR's handlers and after
 * {@code flowsource}; {@link #close()} runs on the closing kernel thread or in PR's reaping.
 */
final class FlowImpl implements Flow {

    /**
     * How many chunks a source may have asked for, gathered or waiting beyond what has been sent to the
     * sink: per source, so that a stream source with nothing to give (its READs parked) does not hold
     * back the others of a flow without FIFO.
     */
    static final int READ_AHEAD_CHUNKS = 2;

    private record Piece(FlowSource source, long sinkOffset, Buffer data) {
    }

    /** Sends one of the flow's messages under its label. */
    @FunctionalInterface
    interface Sender {
        SendResult send(String destination, String requestType, Object... arguments);
    }

    private final long id;
    private final AioResource owner;
    private final ActivityObject ioa;
    private final FlowEndpoint sink;
    private final long flags;
    private final long cookie;
    private final Supplier<MessageQueue> completions;
    private final DependencyLabel label;
    private final int chunk;
    private final long maxInFlight;

    private final List<FlowSource> sources = new ArrayList<>();
    private final ArrayDeque<Piece> waiting = new ArrayDeque<>();
    private long inFlight;
    private long maxInFlightSeen;
    private long sourceBytes;
    private long sinkBytes;
    private long nextSinkAck;
    private long nextSourceAck;
    private Err sinkError;
    private String sinkErrorMessage = "";
    private boolean closed;

    FlowImpl(long id, AioResource owner, ActivityObject ioa, FlowEndpoint sink, long flags, long cookie,
            Supplier<MessageQueue> completions, DependencyLabel label, int chunk, long maxInFlight) {
        this.id = id;
        this.owner = owner;
        this.ioa = ioa;
        this.sink = sink;
        this.flags = flags;
        this.cookie = cookie;
        this.completions = completions;
        this.label = label;
        this.chunk = chunk;
        this.maxInFlight = maxInFlight;
        long step = FlowFlags.ackStep(flags);
        this.nextSinkAck = step;
        this.nextSourceAck = step;
    }

    long id() {
        return id;
    }

    DependencyLabel label() {
        return label;
    }

    @Override
    public String kind() {
        return FLOW;
    }

    @Override
    public ActivityObject ioa() {
        return ioa;
    }

    @Override
    public Result<Void> addSource(KernelObject source, long sourceOffset, long nbytes, long sinkOffset) {
        if (!(source instanceof FlowEndpoint ep)) {
            return Result.error(Err.WRONG_KIND, "a " + (source == null ? "missing object" : source.kind())
                    + " cannot be a flow's source; an I/O stream or an open file can");
        }
        if (sourceOffset < 0 || nbytes < 0 || sinkOffset < 0) {
            return Result.error(Err.BAD_PARAMETER, "flowsource offset " + sourceOffset + ", size " + nbytes
                    + " and sink offset " + sinkOffset + " must not be negative");
        }
        synchronized (this) {
            if (closed) {
                return Result.error(Err.GONE, this + " is closed");
            }
            sources.add(new FlowSource(ep, sourceOffset, nbytes, sinkOffset));
        }
        return owner.pumpLater(this);
    }

    // ---- the pump, in AIOR's handlers

    /** Sends what the bounds allow: WRITEs of waiting data, then READs; reports drained sources. */
    synchronized void pump(Sender send) {
        if (closed) {
            return;
        }
        while (!waiting.isEmpty() && sinkError == null) {
            Piece p = waiting.peekFirst();
            int n = p.data().length();
            if (inFlight > 0 && inFlight + n > maxInFlight) {
                break;
            }
            waiting.pollFirst();
            p.source().piecesWaiting--;
            p.source().waitingBytes -= n;
            long tag = owner.register(new Op(this, p.source(), false, 0, n, p.data()));
            SendResult r = send.send(sink.resource(), FlowProtocol.WRITE, tag, sink.handle(), p.sinkOffset(), p.data());
            if (!r.isOk()) {
                owner.unregister(tag);
                p.data().release();
                sinkFailed(Err.KERNEL, "WRITE to " + sink.resource() + " refused: " + r);
                break;
            }
            inFlight += n;
            maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
            p.source().writesOutstanding++;
            p.source().sent += n;
        }
        for (FlowSource s : List.copyOf(sources)) {
            if (sinkError != null) {
                s.fail(sinkError, sinkErrorMessage);
            }
            readAhead(s, send);
            if (s.drained()) {
                report(s);
            } else if ((flags & FlowFlags.FIFO) != 0 && !s.readDone) {
                break;   // FIFO: the next source is read once this one has been read
            }
        }
    }

    private void readAhead(FlowSource s, Sender send) {
        while (s.wanted() > 0 && s.readAheadBytes() < (long) READ_AHEAD_CHUNKS * chunk) {
            int len = (int) Math.min(chunk, s.wanted());
            long offset = s.sourceOffset + s.requested;
            long tag = owner.register(new Op(this, s, true, s.nextReadSeq, len, null));
            SendResult r = send.send(s.endpoint.resource(), FlowProtocol.READ, tag, s.endpoint.handle(), offset, len);
            if (!r.isOk()) {
                owner.unregister(tag);
                s.fail(Err.KERNEL, "READ from " + s.endpoint.resource() + " refused: " + r);
                return;
            }
            s.nextReadSeq++;
            s.requested += len;
            s.readsOutstanding++;
            s.readsOutstandingBytes += len;
        }
    }

    /** A READ answer: applied in its source's order. */
    synchronized void readDone(Op op, IoReply reply) {
        FlowSource s = op.source();
        s.readsOutstanding--;
        s.readsOutstandingBytes -= op.length();
        if (closed || s.reported || s.readDone) {
            release(reply);
            return;
        }
        s.early.put(op.seq(), new FlowSource.Answer(reply, op.length()));
        while (!s.early.isEmpty() && s.early.firstKey() == s.nextApplySeq && !s.readDone) {
            FlowSource.Answer a = s.early.pollFirstEntry().getValue();
            s.nextApplySeq++;
            apply(s, a.reply(), a.asked());
        }
        if (s.readDone) {
            s.dropEarly();   // answers beyond the end
            flushGathered(s);
        }
    }

    private void apply(FlowSource s, IoReply r, int asked) {
        if (!r.isOk()) {
            s.fail(r.error(), r.message());
            return;
        }
        if (!(r.value() instanceof Buffer data)) {
            s.fail(Err.KERNEL, s.endpoint.resource() + " answered READ without a buffer: " + r.value());
            return;
        }
        int n = data.length();
        if (n == 0) {
            data.release();
            s.readDone = true;   // the source has no more: end of file, a stream's end
            return;
        }
        s.received += n;
        sourceBytes += n;
        acknowledgeSource();
        if (s.endpoint.seekable()) {
            if (n < asked) {
                s.readDone = true;   // a short file read is its end
            }
        } else {
            s.requested -= asked - n;   // a stream gives what it has; ask for the rest again
        }
        if (s.received >= s.nbytes) {
            s.readDone = true;
        }
        s.gathered.add(data);
        s.gatheredBytes += n;
        if ((flags & FlowFlags.IMMEDIATE) != 0 || s.gatheredBytes >= chunk) {
            flushGathered(s);
        }
    }

    /** Hands a source's gathered answers to the sink queue, as one buffer. */
    private void flushGathered(FlowSource s) {
        if (s.gathered.isEmpty()) {
            return;
        }
        Buffer data;
        if (s.gathered.size() == 1) {
            data = s.gathered.get(0);
        } else {
            data = Buffer.allocate((int) s.gatheredBytes);
            java.nio.ByteBuffer into = data.writableView();
            for (Buffer b : s.gathered) {
                into.put(b.view());
                b.release();
            }
        }
        s.gathered.clear();
        s.gatheredBytes = 0;
        waiting.add(new Piece(s, s.sinkOffset + s.handedToSink, data));
        s.handedToSink += data.length();
        s.piecesWaiting++;
        s.waitingBytes += data.length();
    }

    /** A WRITE answer. */
    synchronized void writeDone(Op op, IoReply reply) {
        op.data().release();
        FlowSource s = op.source();
        if (s == null) {
            return;   // the end-of-data WRITE of a closed flow
        }
        inFlight -= op.length();
        s.writesOutstanding--;
        if (!reply.isOk()) {
            if (!closed) {
                sinkFailed(reply.error(), reply.message());
            }
        } else {
            long n = reply.value() instanceof Long l ? l : op.length();
            s.written += n;
            sinkBytes += n;
            if (!closed) {
                acknowledgeSink();
            }
        }
    }

    private void sinkFailed(Err e, String message) {
        if (sinkError == null) {
            sinkError = e;
            sinkErrorMessage = message;
        }
        while (!waiting.isEmpty()) {
            Piece p = waiting.pollFirst();
            p.source().piecesWaiting--;
            p.source().waitingBytes -= p.data().length();
            p.data().release();
        }
        for (FlowSource s : sources) {
            s.fail(e, message);
            s.dropData();
        }
    }

    private void acknowledgeSink() {
        long step = FlowFlags.ackStep(flags);
        boolean sinkAcks = (flags & FlowFlags.ACK_SINK) != 0 || (step > 0 && (flags & FlowFlags.ACK_SOURCE) == 0);
        if (!sinkAcks) {
            return;
        }
        if (step == 0) {
            post(new QueueMessage(QueueMessage.FLOW_ACK, cookie, sinkBytes));
            return;
        }
        if (sinkBytes >= nextSinkAck) {
            post(new QueueMessage(QueueMessage.FLOW_ACK, cookie, sinkBytes));
            nextSinkAck = (sinkBytes / step + 1) * step;
        }
    }

    private void acknowledgeSource() {
        if ((flags & FlowFlags.ACK_SOURCE) == 0) {
            return;
        }
        long step = FlowFlags.ackStep(flags);
        if (step == 0 || sourceBytes >= nextSourceAck) {
            post(new QueueMessage(QueueMessage.FLOW_ACK_SOURCE, cookie, sourceBytes));
            nextSourceAck = step == 0 ? 0 : (sourceBytes / step + 1) * step;
        }
    }

    private void report(FlowSource s) {
        s.reported = true;
        sources.remove(s);
        post(new QueueMessage(QueueMessage.FLOW_SOURCE_DRAINED, cookie, s.written, s.error));
    }

    /** Reports a source of a closing flow with the bytes sent to the sink, answered or not. */
    private void reportClosed(FlowSource s) {
        s.reported = true;
        sources.remove(s);
        post(new QueueMessage(QueueMessage.FLOW_SOURCE_DRAINED, cookie, s.sent, s.error));
    }

    private void post(QueueMessage m) {
        MessageQueue q = completions == null ? null : completions.get();
        if (q != null) {
            q.enqueue(m, 0, ioa.activity());
        }
    }

    private static void release(IoReply r) {
        if (r.value() instanceof Buffer b) {
            b.release();
        }
    }

    /**
     * {@code flowclose}: sources not drained are reported at once with {@link Err#GONE} and the bytes
     * sent to the sink (WRITEs it has not answered yet included: they still reach it); data not yet
     * sent is dropped; the sink gets an empty WRITE after the ones already sent, which
     * tells an I/O stream's reader the flow has ended.
     */
    @Override
    public Result<Void> close() {
        synchronized (this) {
            if (closed) {
                return Result.ok();
            }
            while (!waiting.isEmpty()) {
                Piece p = waiting.pollFirst();
                p.source().piecesWaiting--;
                p.source().waitingBytes -= p.data().length();
                p.data().release();
            }
                for (FlowSource s : List.copyOf(sources)) {
                s.fail(Err.GONE, this + " was closed");
                s.dropData();
                // now, not once its WRITEs still out are answered: those may wait for the very
                // thread that waits for this message (a full stream sink it has yet to read)
                reportClosed(s);
            }
            closed = true;
            if (sinkError == null) {
                Buffer end = Buffer.allocate(0);
                long tag = owner.register(new Op(this, null, false, 0, 0, end));
                if (!owner.sendOrdered(label, sink.resource(), FlowProtocol.WRITE, tag, sink.handle(), sinkBytes, end)) {
                    owner.unregister(tag);
                    end.release();
                }
            }
        }
        owner.closed(this);
        return Result.ok();
    }

    /** @return a snapshot for tests and the shell */
    synchronized FlowStats stats() {
        return new FlowStats(sources.size(), sourceBytes, sinkBytes, inFlight, maxInFlightSeen, maxInFlight, closed);
    }

    @Override
    public String toString() {
        return "flow " + id + " into " + sink.resource() + ":" + sink.handle();
    }
}
