package org.omnikernel.resource.iostream.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FlowProtocol;
import org.omnikernel.storage.IoReply;

/**
 * A real resource that speaks the flow protocol to IOR the way AIOR does, one message at a time, so
 * that IOR's answers (and their absence while a stream has nothing or is full) can be watched.
 */
final class FlowProbe implements Resource {

    static final String NAME = "test.probe";

    /**
     * An answer and when it came.
     *
     * @param tag   the request's tag
     * @param reply the answer
     * @param nanos {@link System#nanoTime()} at arrival
     */
    record Answer(long tag, IoReply reply, long nanos) {
    }

    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final AtomicLong tags = new AtomicLong();
    private final Activity payer;
    private volatile ResourceContext context;

    FlowProbe(Activity payer) {
        this.payer = payer;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME)
                .request(FlowProtocol.DONE, (ctx, m) -> answers.add(new Answer(m.argument(0, Long.class),
                        m.argument(1, IoReply.class), System.nanoTime())), Long.class, IoReply.class)
                .build();
    }

    @Override
    public void attached(ResourceContext ctx) {
        this.context = ctx;
    }

    long read(long handle, int length) {
        long tag = tags.incrementAndGet();
        context.send(payer, IoStreamResource.NAME, FlowProtocol.READ, 1, tag, handle, 0L, length).isOk();
        return tag;
    }

    long write(long handle, byte[] data) {
        long tag = tags.incrementAndGet();
        context.send(payer, IoStreamResource.NAME, FlowProtocol.WRITE, 1, tag, handle, 0L, Buffer.of(data));
        return tag;
    }

    /** @return the next answer, or null when none comes within the wait */
    Answer next(long waitMillis) throws InterruptedException {
        return answers.poll(waitMillis, TimeUnit.MILLISECONDS);
    }
}
