package org.omnikernel.resource.mqueue.internal;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.OpenRequest;
import org.omnikernel.syscall.spi.PathProvider;
import org.omnikernel.syscall.spi.ThreadService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The message-queue resource (MQ, seed §3.3.1): provides {@code /messagequeue} and delivers delayed
 * enqueues from its own timers, paid by the enqueuing activity.
 *
 * <pre>
 *  enqueue(delay 0)   ─► the queue, at once, in the caller's system call
 *  enqueue(delay d)   ─► DELAY(queue, message, d) ─► sendDelayed(d) ─► DELIVER(queue, message) ─► the queue
 * </pre>
 */
@Component(service = {Resource.class, PathProvider.class}, property = PathProvider.PREFIX + "=" + MessageQueues.PATH)
public final class MessageQueues implements Resource, PathProvider {

    /** The resource's name. */
    public static final String NAME = "resource.mq";
    /** The namespace path of message queues. */
    public static final String PATH = "/messagequeue";

    private static final String DELAY = "DELAY";
    private static final String DELIVER = "DELIVER";
    private static final AtomicLong IDS = new AtomicLong();

    private final ThreadService threads;
    private final Set<MessageQueueImpl> open = ConcurrentHashMap.newKeySet();
    private volatile ResourceContext context;

    /** @param threads the thread resource, whose threads block in dequeue */
    @Activate
    public MessageQueues(@Reference ThreadService threads) {
        this.threads = threads;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME)
                .request(DELAY, MessageQueues::delay, MessageQueueImpl.class, QueueMessage.class, Long.class)
                .request(DELIVER, (ctx, m) -> m.argument(0, MessageQueueImpl.class).deliver(m.argument(1, QueueMessage.class)),
                        MessageQueueImpl.class, QueueMessage.class)
                .build();
    }

    private static void delay(ExecutionContext ctx, Message m) {
        ctx.sendDelayed(m.argument(2, Long.class), NAME, DELIVER, m.argument(0, MessageQueueImpl.class),
                m.argument(1, QueueMessage.class));
    }

    @Override
    public void attached(ResourceContext ctx) {
        this.context = ctx;
    }

    @Override
    public Result<KernelObject> open(OpenRequest request) {
        if (!request.path().equals(PATH)) {
            return Result.error(Err.NO_SUCH_PATH, "no path " + request.path() + " under " + PATH);
        }
        String unknown = request.unknownParameter();
        if (unknown != null) {
            return Result.error(Err.BAD_PARAMETER, PATH + " takes no parameters; got \"" + unknown + "\"");
        }
        MessageQueueImpl q = new MessageQueueImpl(IDS.incrementAndGet(), this);
        open.add(q);
        return Result.ok(q);
    }

    Result<Void> deliverLater(MessageQueueImpl q, QueueMessage message, long delayMicros, Activity payer) {
        ResourceContext c = context;
        if (c == null) {
            return Result.error(Err.KERNEL, NAME + " is not attached to OKRT, so it has no timers");
        }
        SendResult r = c.send(payer, NAME, DELAY, 0, q, message, delayMicros);
        return r.isOk() ? Result.ok() : Result.error(Err.KERNEL, "delayed enqueue refused: " + r);
    }

    Optional<KThread> currentThread() {
        return threads.current();
    }

    void forget(MessageQueueImpl q) {
        open.remove(q);
    }

    /** @return the queues not closed yet */
    public int openQueues() {
        return open.size();
    }
}
