package org.omnikernel.resource.iostream.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FlowEndpoint;
import org.omnikernel.storage.FlowProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.IosFlags;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.StreamRead;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.IoStream;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.MessageQueue;
import org.omnikernel.syscall.spi.WaitOutcome;

/**
 * One I/O stream (seed §3.3.1.3): two bounded buffers, outgoing (the process writes, a flow READs)
 * and incoming (a flow WRITEs, the process reads), each of {@code capacity} bytes. The stream's lock
 * guards both, the parked messages and the waiting kernel threads.
 *
 * <p>Kernel threads block with the {@link KThread} token protocol: register under the lock, await
 * outside it; every change that may let one proceed wakes all of them, and each checks again. A
 * waiter that unwinds (killed) or times out removes itself.
 */
final class IoStreamImpl implements IoStream, FlowEndpoint {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.iostream");

    private static final int CHUNK = 32 * 1024;
    private static final long WRITE_FLAGS = IosFlags.STATE_POLL | IosFlags.SIGNAL_EOF;
    private static final long READ_FLAGS = IosFlags.STATE_POLL;

    private record Waiter(KThread thread, long token) {
    }

    private final long handle;
    private final int capacity;
    private final IoStreamResource owner;
    private final OutgoingBytes outgoing;
    private final IncomingBytes incoming = new IncomingBytes();
    private final ArrayDeque<Message> parkedReads = new ArrayDeque<>();
    private final ArrayDeque<Message> parkedWrites = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    /** The process wrote with SIGNAL_EOF: after the outgoing bytes, READs are answered empty. */
    private boolean outgoingEnded;
    /** A flow ended its writes (an empty WRITE): after the incoming bytes, reads see the end. */
    private boolean incomingEnded;
    /** A writer found the outgoing buffer full: tell the bound queue when space frees. */
    private boolean writerWantsSpace;
    private boolean serveSent;
    /** A flow has sent a READ: bytes written before a close, and the end, are kept for it. */
    private boolean readerSeen;
    /** A READ has been answered with the end. */
    private boolean endDelivered;
    /** The activity of the last READ: a closed stream lingers for it only while it lives. */
    private Activity reader;
    private boolean closed;
    private MessageQueue bound;
    private long boundCookie;

    IoStreamImpl(long handle, int capacity, IoStreamResource owner) {
        this.handle = handle;
        this.capacity = capacity;
        this.owner = owner;
        this.outgoing = new OutgoingBytes(Math.min(capacity, CHUNK));
    }

    @Override
    public String kind() {
        return IO_STREAM;
    }

    @Override
    public String resource() {
        return IoStreamResource.NAME;
    }

    @Override
    public long handle() {
        return handle;
    }

    @Override
    public boolean seekable() {
        return false;
    }

    @Override
    public synchronized void bind(MessageQueue queue, long cookie) {
        this.bound = queue;
        this.boundCookie = cookie;
    }

    // ---- the process's side, on its kernel thread

    @Override
    public Result<Long> write(byte[] data, int off, int len, long flags) {
        if ((flags & ~WRITE_FLAGS) != 0) {
            return Result.error(Err.BAD_PARAMETER, "ioswrite flags 0x" + Long.toHexString(flags & ~WRITE_FLAGS)
                    + " are not STATE_POLL or SIGNAL_EOF");
        }
        if (data == null || off < 0 || len < 0 || off > data.length - len) {
            return Result.error(Err.BAD_PARAMETER, "ioswrite of " + len + " bytes at " + off + " lies outside the "
                    + (data == null ? "missing array" : data.length + "-byte array"));
        }
        boolean poll = (flags & IosFlags.STATE_POLL) != 0;
        int done = 0;
        for (;;) {
            Waiter w;
            Activity serve;
            synchronized (this) {
                if (closed) {
                    return Result.error(Err.GONE, this + " was closed after " + done + " of " + len + " bytes");
                }
                if (outgoingEnded) {
                    return Result.error(Err.NOT_PERMITTED, this + " has ended (written with SIGNAL_EOF); nothing more can be written");
                }
                int n = (int) Math.min(len - done, capacity - outgoing.size());
                if (n > 0) {
                    outgoing.append(data, off + done, n);
                    done += n;
                }
                boolean finished = done == len;
                if (finished && (flags & IosFlags.SIGNAL_EOF) != 0) {
                    outgoingEnded = true;
                }
                serve = serveNeeded();
                if (finished || poll) {
                    writerWantsSpace |= !finished;
                    w = null;
                } else {
                    w = register();
                    if (w == null) {
                        return Result.error(Err.NOT_A_KERNEL_THREAD, "a blocking ioswrite needs a kernel thread");
                    }
                }
            }
            sendServe(serve);
            if (w == null) {
                return Result.ok((long) done);
            }
            await(w, Sys.FOREVER);
        }
    }

    @Override
    public Result<StreamRead> read(int max, long flags, long timeoutMicros) {
        if ((flags & ~READ_FLAGS) != 0) {
            return Result.error(Err.BAD_PARAMETER, "iosread flags 0x" + Long.toHexString(flags & ~READ_FLAGS)
                    + " are not STATE_POLL");
        }
        if (max < 1) {
            return Result.error(Err.BAD_PARAMETER, "iosread size " + max + " is below 1");
        }
        if (timeoutMicros < Sys.FOREVER) {
            return Result.error(Err.BAD_PARAMETER, "iosread timeout " + timeoutMicros + " µs: give 0, µs or FOREVER (-1)");
        }
        boolean poll = (flags & IosFlags.STATE_POLL) != 0;
        long deadline = timeoutMicros > 0 ? System.nanoTime() + timeoutMicros * 1000 : 0;
        for (;;) {
            long left = timeoutMicros == Sys.FOREVER ? Sys.FOREVER : (deadline - System.nanoTime()) / 1000;
            Waiter w;
            StreamRead got;
            Activity serve;
            synchronized (this) {
                got = takeIncoming(max, poll);
                if (got == null && closed) {
                    return Result.error(Err.GONE, this + " was closed");
                }
                serve = serveNeeded();
                w = null;
                if (got == null) {
                    if (timeoutMicros == 0 || (timeoutMicros > 0 && left <= 0)) {
                        return Result.error(Err.TIMEOUT, "no data on " + this + " within " + timeoutMicros + " µs");
                    }
                    w = register();
                    if (w == null) {
                        return Result.error(Err.NOT_A_KERNEL_THREAD, "a blocking iosread needs a kernel thread");
                    }
                }
            }
            sendServe(serve);
            if (got != null) {
                return Result.ok(got);
            }
            await(w, left);
        }
    }

    /**
     * Under the lock: what a read gets now.
     *
     * @return the bytes, the end, an empty poll answer, or null when the caller must wait
     */
    private StreamRead takeIncoming(int max, boolean poll) {
        if (incoming.size() > 0) {
            return new StreamRead(incoming.take(max), false, incoming.size());
        }
        if (incomingEnded || (poll && !closed)) {
            return new StreamRead(ByteBuffer.allocate(0).asReadOnlyBuffer(), incomingEnded, 0);
        }
        return null;
    }

    private Waiter register() {
        KThread self = owner.currentThread().orElse(null);
        if (self == null) {
            return null;
        }
        Waiter w = new Waiter(self, self.prepareWait());
        waiters.add(w);
        return w;
    }

    private void await(Waiter w, long timeoutMicros) {
        try {
            if (w.thread().await(w.token(), timeoutMicros) == WaitOutcome.TIMED_OUT) {
                return;
            }
        } finally {
            synchronized (this) {
                waiters.remove(w);
            }
        }
    }

    /** Under the lock: wakes every blocked thread, which look again. */
    private void wakeAll() {
        for (Waiter w : waiters) {
            w.thread().wake(w.token());
        }
        waiters.clear();
    }

    /**
     * Under the lock: whether waiting messages can be answered now, and if so the activity to pay
     * the SERVE with (null when none is due or one is on its way).
     */
    private Activity serveNeeded() {
        if (serveSent) {
            return null;
        }
        boolean reads = !parkedReads.isEmpty() && (outgoing.size() > 0 || outgoingEnded);
        boolean writes = !parkedWrites.isEmpty() && (closed || fits(parkedWrites.peekFirst()));
        if (!reads && !writes) {
            return null;
        }
        serveSent = true;
        return (reads ? parkedReads : parkedWrites).peekFirst().activity();
    }

    /** Outside the lock: sends the SERVE that {@link #serveNeeded()} asked for. */
    private void sendServe(Activity first) {
        Activity payer = first;
        while (payer != null) {
            SendResult sent = owner.serveLater(this, payer);
            if (sent.isOk()) {
                return;
            }
            Activity refused = payer;
            synchronized (this) {
                serveSent = false;
                if (refused.isAlive()) {
                    // Not for want of a payer: keep the messages, the next read, write or arrival retries.
                    LOG.log(System.Logger.Level.WARNING, "SERVE of " + this + " paid by " + refused.name()
                            + " was refused (" + sent + "); its parked messages wait for the next event");
                    return;
                }
                // that activity has ended: nobody waits for its answers
                parkedReads.removeIf(m -> m.activity() == refused);
                parkedWrites.removeIf(m -> m.activity() == refused);
                payer = serveNeeded();
            }
        }
    }

    // ---- the flow's side, in IOR's handlers

    void onRead(ExecutionContext ctx, Message m) {
        synchronized (this) {
            parkedReads.add(m);
            answer(ctx);
        }
    }

    void onWrite(ExecutionContext ctx, Message m) {
        synchronized (this) {
            parkedWrites.add(m);
            answer(ctx);
        }
    }

    void serve(ExecutionContext ctx) {
        synchronized (this) {
            serveSent = false;
            answer(ctx);
        }
    }

    /** Under the lock, in a handler: answers the parked READs and WRITEs that can be answered, in order. */
    private void answer(ExecutionContext ctx) {
        long freed = 0;
        if (!parkedReads.isEmpty()) {
            readerSeen = true;
            reader = parkedReads.peekLast().activity();
        }
        while (!parkedReads.isEmpty() && (outgoing.size() > 0 || outgoingEnded)) {
            Message m = parkedReads.pollFirst();
            int length = m.argument(3, Integer.class);
            Buffer data = length <= 0 || outgoing.size() == 0 ? Buffer.allocate(0) : outgoing.take(length);
            freed += data.length();
            endDelivered |= data.length() == 0;
            ctx.record(Metric.NBYTES, data.length());
            ctx.reply(m, FlowProtocol.DONE, m.argument(0, Long.class), IoReply.ok(data));
        }
        if (closed && endDelivered) {
            owner.forget(this);   // a closed stream lingered until its reader had all of it
        }
        boolean wasEmpty = incoming.size() == 0;
        long arrived = 0;
        while (!parkedWrites.isEmpty() && (closed || fits(parkedWrites.peekFirst()))) {
            Message m = parkedWrites.pollFirst();
            IoReply reply;
            if (closed) {
                reply = IoReply.fail(Err.GONE, this + " was closed");
            } else {
                Buffer data = m.argument(3, Buffer.class);
                if (data.length() == 0) {
                    incomingEnded = true;
                }
                incoming.add(data);
                arrived += data.length();
                ctx.record(Metric.NBYTES, data.length());
                reply = IoReply.ok((long) data.length());
            }
            ctx.reply(m, FlowProtocol.DONE, m.argument(0, Long.class), reply);
        }
        if (freed > 0 || arrived > 0 || incomingEnded) {
            wakeAll();
        }
        if (freed > 0 && writerWantsSpace) {
            writerWantsSpace = false;
            notifyBound(QueueMessage.IOS_SPACE, capacity - outgoing.size(), ctx.activity());
        }
        if (arrived > 0 && wasEmpty) {
            notifyBound(QueueMessage.IOS_DATA, incoming.size(), ctx.activity());
        }
    }

    /** A WRITE fits when the incoming buffer is empty or has room for all of it. */
    private boolean fits(Message write) {
        long n = write.argument(3, Buffer.class).length();
        return incoming.size() == 0 || incoming.size() + n <= capacity;
    }

    private void notifyBound(String type, long value, Activity payer) {
        if (bound != null) {
            bound.enqueue(new QueueMessage(type, boundCookie, value), 0, payer);
        }
    }

    /**
     * Closes the stream: for a flow reading it, the stream ends there, as if the last write had
     * SIGNAL_EOF; bytes written before and not yet read still go to a flow that has read from the
     * stream (the stream lingers until that flow has read them and the end, or its activity has
     * ended), else they are dropped. Incoming bytes are dropped,
     * parked WRITEs are answered {@link Err#GONE}, blocked threads return {@link Err#GONE}.
     */
    @Override
    public Result<Void> close() {
        Activity serve;
        boolean gone;
        synchronized (this) {
            if (closed) {
                return Result.ok();
            }
            closed = true;
            outgoingEnded = true;
            if (!readerSeen) {
                outgoing.clear();
            }
            incoming.clear();
            bound = null;
            wakeAll();
            serve = serveNeeded();
            gone = !lingers();   // a SERVE on its way carries the stream itself
        }
        if (gone) {
            owner.forget(this);
        }
        sendServe(serve);
        return Result.ok();
    }

    /**
     * @return whether a closed stream still waits for the flow that reads it: until that flow has had
     *         the end, while the flow's activity lives
     */
    synchronized boolean lingers() {
        return readerSeen && !endDelivered && reader != null && reader.isAlive();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** @return bytes written by the process and not yet read by a flow */
    synchronized long outgoingBytes() {
        return outgoing.size();
    }

    /** @return kernel threads blocked on the stream */
    synchronized int blockedThreads() {
        return waiters.size();
    }

    /** @return READs and WRITEs waiting for an answer */
    synchronized int parkedMessages() {
        return parkedReads.size() + parkedWrites.size();
    }

    @Override
    public String toString() {
        return "I/O stream " + handle;
    }
}
