package org.omnikernel.resource.filecache.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.FileHandle;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.KThread;

/**
 * The way back for kernel threads that talk to FCR from a system call ({@value #NAME}): a message sent
 * from outside the grid gets no answer, so the thread sends through this resource, which is the
 * sender of record, and blocks until the gate's IO_DONE handler hands it the answer and wakes it.
 *
 * <pre>
 *  kernel thread: prepareWait ─► gate sends OPEN/CLOSE(tag) to fcr ─► await
 *  fcr ─IO_DONE(tag, reply)─► gate: store the reply, wake(token) ─► the thread runs on with it
 * </pre>
 */
public final class FileGate implements Resource {

    /** The gate's resource name. */
    public static final String NAME = "resource.fcr.gate";

    private static final class Call {
        final KThread thread;
        final long token;
        final String type;
        volatile IoReply reply;
        volatile boolean abandoned;

        Call(KThread thread, long token, String type) {
            this.thread = thread;
            this.token = token;
            this.type = type;
        }
    }

    private final Activity teardown;
    private final AtomicLong tags = new AtomicLong();
    private final Map<Long, Call> calls = new ConcurrentHashMap<>();
    private volatile ResourceContext context;

    /**
     * @param teardown the activity that pays for closes sent when no kernel thread waits (a process's
     *                 end, whose own activities end with it, and would take the CLOSE with them)
     */
    public FileGate(Activity teardown) {
        this.teardown = teardown;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME)
                .request(FileCacheProtocol.DONE, this::done, Long.class, IoReply.class)
                .build();
    }

    @Override
    public void attached(ResourceContext ctx) {
        this.context = ctx;
    }

    /**
     * Calling kernel thread: sends a request to FCR for an activity and blocks until it answers.
     *
     * @param self  the calling thread
     * @param payer the activity that pays
     * @param type  the request type
     * @param args  its arguments after the tag
     * @return FCR's answer, or why the request could not be sent
     */
    public IoReply call(KThread self, Activity payer, String type, Object... args) {
        long tag = tags.incrementAndGet();
        Call call = new Call(self, self.prepareWait(), type);
        calls.put(tag, call);
        SendResult sent = send(payer, type, tag, args);
        if (!sent.isOk()) {
            calls.remove(tag);
            return IoReply.fail(Err.KERNEL, type + " to " + FileCacheProtocol.RESOURCE + " was refused: " + sent);
        }
        boolean done = false;
        try {
            while (call.reply == null) {
                self.await(call.token, Sys.FOREVER);
            }
            done = true;
            return call.reply;
        } finally {
            if (!done) {
                // The thread was killed while it waited: whatever FCR opens for it is closed again.
                call.abandoned = true;
            }
        }
    }

    /**
     * Sends a request to FCR without waiting for the answer, paid by the gate's teardown activity (a
     * close from a thread that is not a kernel thread, such as a process's release).
     *
     * @param type the request type
     * @param args its arguments after the tag
     * @return the outcome of the send
     */
    public SendResult post(String type, Object... args) {
        long tag = tags.incrementAndGet();
        return send(teardown, type, tag, args);
    }

    private SendResult send(Activity payer, String type, long tag, Object... args) {
        ResourceContext c = context;
        if (c == null) {
            return SendResult.error(SendResult.Status.NO_SUCH_RESOURCE, NAME + " is not attached to OKRT");
        }
        Object[] withTag = new Object[args.length + 1];
        withTag[0] = tag;
        System.arraycopy(args, 0, withTag, 1, args.length);
        return c.send(payer, FileCacheProtocol.RESOURCE, type, tag, withTag);
    }

    private void done(ExecutionContext ctx, Message m) {
        Call call = calls.remove(m.argument(0, Long.class));
        IoReply reply = m.argument(1, IoReply.class);
        if (call == null) {
            return;
        }
        if (call.abandoned) {
            if (reply.isOk() && reply.value() instanceof FileHandle h && call.type.equals(FileCacheProtocol.OPEN)) {
                ctx.send(FileCacheProtocol.RESOURCE, FileCacheProtocol.CLOSE, 0L, h.handle(), 0L);
            }
            return;
        }
        call.reply = reply;
        call.thread.wake(call.token);
    }
}
