package org.omnikernel.resource.aio.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.storage.FlowEndpoint;
import org.omnikernel.storage.FlowProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.FlowFlags;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.ActivityObject;
import org.omnikernel.syscall.spi.Flow;
import org.omnikernel.syscall.spi.FlowService;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.MessageQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The asynchronous I/O resource (AIOR, seed §3.3.1.2): runs flows. It asks a source for data with
 * {@link FlowProtocol#READ} and hands what comes back to the sink with {@link FlowProtocol#WRITE},
 * each flow's messages under one dependency label and paid by the flow's I/O aggregate; see
 * {@link FlowImpl} for the pipeline and its bounds.
 *
 * <pre>
 *  flowsource ─► PUMP(flow) ─► READ ─► source ─► IO_DONE ─► WRITE ─► sink ─► IO_DONE ─► … ─► drained:
 *                FLOW_SOURCE_DRAINED on the queue bound to the I/O aggregate
 * </pre>
 *
 * <p>Configuration (component properties): {@value #CHUNK_PROPERTY}, the READ size (default 256 KB: a
 * file library read is one READ of FCR, which makes its own disk requests of at most 32 KB);
 * {@value #INFLIGHT_PROPERTY}, the bound on a flow's unanswered WRITE bytes (default 256 KB).
 */
@Component(service = {Resource.class, FlowService.class})
public final class AioResource implements Resource, FlowService {

    /** The resource's name. */
    public static final String NAME = "resource.aior";
    /** Component property: bytes a READ asks a source for. */
    public static final String CHUNK_PROPERTY = "aior.chunk.bytes";
    /** Component property: the most WRITE bytes of one flow the sink may have unanswered. */
    public static final String INFLIGHT_PROPERTY = "aior.inflight.bytes";
    /** Default READ size. */
    public static final int DEFAULT_CHUNK = 256 * 1024;
    /** Default in-flight bound. */
    public static final long DEFAULT_INFLIGHT = 256 * 1024;

    private static final String PUMP = "PUMP";
    private static final AtomicLong IDS = new AtomicLong();

    private final int chunk;
    private final long maxInFlight;
    private final AtomicLong tags = new AtomicLong();
    private final Map<Long, Op> ops = new ConcurrentHashMap<>();
    private final Map<Long, FlowImpl> flows = new ConcurrentHashMap<>();
    private volatile ResourceContext context;

    /**
     * @param chunk       bytes a READ asks for, at least 1
     * @param maxInFlight a flow's bound on unanswered WRITE bytes, at least 1
     * @throws IllegalArgumentException for values below 1
     */
    public AioResource(int chunk, long maxInFlight) {
        if (chunk < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException(CHUNK_PROPERTY + " " + chunk + " and " + INFLIGHT_PROPERTY + " "
                    + maxInFlight + " must be at least 1");
        }
        this.chunk = chunk;
        this.maxInFlight = maxInFlight;
    }

    /** @param properties the component's configuration, with the properties above or without */
    @Activate
    public AioResource(Map<String, Object> properties) {
        this(intOf(properties.get(CHUNK_PROPERTY), DEFAULT_CHUNK), longOf(properties.get(INFLIGHT_PROPERTY), DEFAULT_INFLIGHT));
    }

    private static int intOf(Object v, int fallback) {
        return v == null ? fallback : Integer.parseInt(v.toString().trim());
    }

    private static long longOf(Object v, long fallback) {
        return v == null ? fallback : Long.parseLong(v.toString().trim());
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME)
                .request(PUMP, (ctx, m) -> pump(ctx, m.argument(0, FlowImpl.class)), FlowImpl.class)
                .request(FlowProtocol.DONE, this::done, Long.class, IoReply.class)
                .request(ResourceInterface.UNDELIVERABLE, this::undeliverable, Message.class, String.class)
                .build();
    }

    @Override
    public void attached(ResourceContext ctx) {
        this.context = ctx;
    }

    @Override
    public Result<Flow> open(ActivityObject ioa, KernelObject sink, long flags, long cookie,
            Supplier<MessageQueue> completions) {
        if (!(sink instanceof FlowEndpoint ep)) {
            return Result.error(Err.WRONG_KIND, "a " + (sink == null ? "missing object" : sink.kind())
                    + " cannot be a flow's sink; an I/O stream or an open file can");
        }
        if ((flags & ~FlowFlags.ALL) != 0) {
            return Result.error(Err.BAD_PARAMETER, "flow flags 0x" + Long.toHexString(flags & ~FlowFlags.ALL)
                    + " are not flags of FlowFlags");
        }
        ResourceContext c = context;
        if (c == null) {
            return Result.error(Err.KERNEL, NAME + " is not attached to OKRT");
        }
        long id = IDS.incrementAndGet();
        DependencyLabel label = c.newDependencyLabel(ioa.activity(), id);
        FlowImpl f = new FlowImpl(id, this, ioa, ep, flags, cookie, completions, label, chunk, maxInFlight);
        flows.put(id, f);
        ioa.released().thenRun(() -> purge(f));
        return Result.ok(f);
    }

    /** Asks AIOR to run the flow's pump, paid by its I/O aggregate. */
    Result<Void> pumpLater(FlowImpl f) {
        ResourceContext c = context;
        var r = c == null ? null : c.send(f.ioa().activity(), NAME, PUMP, f.id(), f);
        if (r == null || !r.isOk()) {
            return Result.error(Err.KERNEL, NAME + " could not be asked to run " + f + ": " + (r == null ? "not attached" : r));
        }
        return Result.ok();
    }

    private static void pump(ExecutionContext ctx, FlowImpl f) {
        f.pump((destination, type, args) -> ctx.sendOrdered(f.label(), destination, type, args));
    }

    private void done(ExecutionContext ctx, Message m) {
        IoReply reply = m.argument(1, IoReply.class);
        Op op = ops.remove(m.argument(0, Long.class));
        if (op == null) {
            if (reply.value() instanceof org.omnikernel.okrt.object.Buffer b) {
                b.release();   // an answer to a READ of a closed flow
            }
            return;
        }
        if (op.read()) {
            op.flow().readDone(op, reply);
        } else {
            op.flow().writeDone(op, reply);
        }
        pump(ctx, op.flow());
    }

    /** A READ or WRITE could not be delivered (its resource went away): it fails as the answer would. */
    private void undeliverable(ExecutionContext ctx, Message m) {
        Message lost = m.argument(0, Message.class);
        if (lost.arguments().isEmpty() || !(lost.arguments().get(0) instanceof Long tag) || !ops.containsKey(tag)) {
            return;
        }
        Op op = ops.remove(tag);
        IoReply failed = IoReply.fail(Err.GONE, lost.requestType() + " could not be delivered: " + m.argument(1, String.class));
        if (op.read()) {
            op.flow().readDone(op, failed);
        } else {
            op.flow().writeDone(op, failed);
        }
        pump(ctx, op.flow());
    }

    long register(Op op) {
        long tag = tags.incrementAndGet();
        ops.put(tag, op);
        return tag;
    }

    void unregister(long tag) {
        ops.remove(tag);
    }

    /** Sends from outside a handler (flowclose) under a flow's label. */
    boolean sendOrdered(DependencyLabel label, String destination, String type, Object... args) {
        ResourceContext c = context;
        return c != null && c.sendOrdered(label, destination, type, args).isOk();
    }

    /** A flow closed: its READs still out are forgotten (their answers are dropped when they come). */
    void closed(FlowImpl f) {
        flows.remove(f.id());
        ops.values().removeIf(op -> op.flow() == f && op.read());
    }

    /**
     * The flow's I/O aggregate has ended everywhere: no answer can come any more (OKRT destroyed its
     * messages). The flow is closed and its READs and WRITEs forgotten; buffers of WRITEs a sink may
     * still hold in a destroyed message are left to the garbage collector rather than released under it.
     */
    private void purge(FlowImpl f) {
        f.close();
        ops.values().removeIf(op -> op.flow() == f);
    }

    /** @return the flows not closed, oldest first */
    java.util.List<FlowImpl> flows() {
        return flows.values().stream().sorted(java.util.Comparator.comparingLong(FlowImpl::id)).toList();
    }

    /** @return the flows not closed */
    public int openFlows() {
        return flows.size();
    }

    /** @return READs and WRITEs sent and not answered, over all flows */
    public int outstanding() {
        return ops.size();
    }

    /**
     * @param flow a flow this resource made
     * @return its state now
     */
    public FlowStats stats(Flow flow) {
        return ((FlowImpl) flow).stats();
    }
}
