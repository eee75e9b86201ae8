package org.omnikernel.resource.iostream.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FlowProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.Err;
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
 * The I/O stream resource (IOR, seed §3.3.1.3): provides {@code /iostream?capacity=N} and answers the
 * {@link FlowProtocol} for its streams, so that a flow can read what a process writes and write what a
 * process reads.
 *
 * <pre>
 *  process ─ ioswrite ─► outgoing buffer ─► READ  (from AIOR) ─► IO_DONE(data | empty at the end)
 *  process ◄ iosread  ◄─ incoming buffer ◄─ WRITE (from AIOR) ─► IO_DONE(bytes), later when full
 * </pre>
 *
 * <p>A READ that finds nothing and a WRITE that does not fit wait in the stream (parked, never
 * answered empty). When the process's call makes room or data, it sends {@value #SERVE} to IOR,
 * paid by the waiting message's activity, whose handler answers them in order. That is the flow's
 * back-pressure: AIOR bounds the WRITE bytes it has unanswered.
 */
@Component(service = {Resource.class, PathProvider.class}, property = PathProvider.PREFIX + "=" + IoStreamResource.PATH)
public final class IoStreamResource implements Resource, PathProvider {

    /** The resource's name, as {@link org.omnikernel.storage.FlowEndpoint#resource()} gives it. */
    public static final String NAME = "resource.ior";
    /** The namespace path of I/O streams. */
    public static final String PATH = "/iostream";
    /** Buffer capacity each way when {@code capacity} is not given. */
    public static final int DEFAULT_CAPACITY = 64 * 1024;
    /** The largest capacity accepted. */
    public static final int MAX_CAPACITY = 64 * 1024 * 1024;

    static final String SERVE = "SERVE";
    private static final AtomicLong HANDLES = new AtomicLong();

    private final ThreadService threads;
    private final Map<Long, IoStreamImpl> streams = new ConcurrentHashMap<>();
    private volatile ResourceContext context;

    /** @param threads the thread resource, whose threads block in ioswrite and iosread */
    @Activate
    public IoStreamResource(@Reference ThreadService threads) {
        this.threads = threads;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME)
                .request(FlowProtocol.READ, (ctx, m) -> stream(ctx, m).ifPresent(s -> s.onRead(ctx, m)),
                        Long.class, Long.class, Long.class, Integer.class)
                .request(FlowProtocol.WRITE, (ctx, m) -> stream(ctx, m).ifPresent(s -> s.onWrite(ctx, m)),
                        Long.class, Long.class, Long.class, Buffer.class)
                .request(SERVE, (ctx, m) -> m.argument(0, IoStreamImpl.class).serve(ctx), IoStreamImpl.class)
                .reports(Metric.NBYTES)
                .build();
    }

    /** @return the stream a READ or WRITE names, or empty after answering that there is none */
    private Optional<IoStreamImpl> stream(ExecutionContext ctx, Message m) {
        long handle = m.argument(1, Long.class);
        IoStreamImpl s = streams.get(handle);
        if (s == null) {
            ctx.reply(m, FlowProtocol.DONE, m.argument(0, Long.class),
                    IoReply.fail(Err.GONE, "no I/O stream with handle " + handle + " (closed?)"));
            return Optional.empty();
        }
        return Optional.of(s);
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
        String unknown = request.unknownParameter("capacity");
        if (unknown != null) {
            return Result.error(Err.BAD_PARAMETER, PATH + " has no parameter \"" + unknown + "\"; valid: capacity");
        }
        Result<Integer> capacity = capacity(request.parameters().get("capacity"));
        if (!capacity.isOk()) {
            return capacity.cast();
        }
        pruneLingering();
        IoStreamImpl s = new IoStreamImpl(HANDLES.incrementAndGet(), capacity.value(), this);
        streams.put(s.handle(), s);
        return Result.ok(s);
    }

    private static Result<Integer> capacity(String text) {
        if (text == null) {
            return Result.ok(DEFAULT_CAPACITY);
        }
        long c;
        try {
            c = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Result.error(Err.BAD_PARAMETER, PATH + " capacity \"" + text + "\" is not a number of bytes");
        }
        if (c < 1 || c > MAX_CAPACITY) {
            return Result.error(Err.BAD_PARAMETER, PATH + " capacity " + c + " is outside 1.." + MAX_CAPACITY + " bytes");
        }
        return Result.ok((int) c);
    }

    /**
     * Asks IOR to answer a stream's waiting READs and WRITEs, paid by the activity of the first one.
     *
     * @return false when the message could not be sent (that activity has ended, IOR is detached)
     */
    SendResult serveLater(IoStreamImpl s, Activity payer) {
        ResourceContext c = context;
        return c == null ? SendResult.error(SendResult.Status.NO_SUCH_RESOURCE, NAME + " is not attached")
                : c.send(payer, NAME, SERVE, s.handle(), s);
    }

    Optional<KThread> currentThread() {
        return threads.current();
    }

    void forget(IoStreamImpl s) {
        streams.remove(s.handle(), s);
    }

    /** @return the open streams, oldest first */
    java.util.List<IoStreamImpl> streams() {
        return streams.values().stream().sorted(java.util.Comparator.comparingLong(IoStreamImpl::handle)).toList();
    }

    /** @return the streams not closed yet, and closed ones whose reading flow still has bytes to take */
    public int openStreams() {
        pruneLingering();
        return streams.size();
    }

    /** Drops closed streams whose reading flow's activity has ended (lazily, as weak dictionaries do). */
    private void pruneLingering() {
        streams.values().removeIf(s -> s.isClosed() && !s.lingers());
    }
}
