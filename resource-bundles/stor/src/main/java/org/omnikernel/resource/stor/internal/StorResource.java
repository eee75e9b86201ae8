package org.omnikernel.resource.stor.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.DependencyRelay;
import org.omnikernel.storage.UnitProtocol;
import org.omnikernel.storage.Volume;
import org.omnikernel.storage.VolumeProtocol;

/**
 * STOR as a resource, {@value VolumeProtocol#RESOURCE} (seed §5.7): block access to volumes by name,
 * checked and forwarded to the resource serving the volume's unit with the volume's offset added:
 *
 * <pre>
 *  EXT2R ── READ(tag, disk0.p1, offset, length) ──► STOR ── READ(t, disk0, p1.offset + offset, length) ──► SDRWR
 *  EXT2R ◄─ VOLUME_DONE(tag, data, error) ───────── STOR ◄─ UNIT_DONE(t, data, error) ────────────────── SDRWR
 * </pre>
 *
 * <p>A request for an unknown volume, not in whole blocks, past the volume's end, or a write to a
 * read-only volume is answered with an error naming the volume, the offset and the size, and never
 * reaches the unit. Dependency labels are kept on the way down ({@link DependencyRelay}); the bytes
 * forwarded are recorded as {@code nbytes}. STOR also reads partition tables through the same
 * protocol ({@link #read}), under its own activity. Handlers never block.
 */
final class StorResource implements Resource {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.stor");

    /** Where a volume's requests go. */
    interface Routes {
        /**
         * @param volume a volume's name
         * @return it and its unit's resource, or null when not exported
         */
        Route volumeRoute(String volume);
    }

    /** An exported volume and the resource serving its unit. */
    record Route(Volume volume, String unitResource) {
    }

    private final Routes routes;
    private final Map<Long, Consumer<Answer>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong tags = new AtomicLong();
    private final DependencyRelay relay = new DependencyRelay();
    private final Consumer<ResourceContext> onAttached;
    private volatile ResourceContext context;

    /** A unit's answer, with the context of the handler it arrived in (null for a send that failed). */
    private record Answer(ExecutionContext ctx, Buffer data, String error) {
    }

    StorResource(Routes routes, Consumer<ResourceContext> onAttached) {
        this.routes = routes;
        this.onAttached = onAttached;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(VolumeProtocol.RESOURCE)
                .request(VolumeProtocol.READ, this::read, Long.class, String.class, Long.class, Integer.class)
                .request(VolumeProtocol.WRITE, this::write, Long.class, String.class, Long.class, Buffer.class)
                .request(VolumeProtocol.FLUSH, this::flush, Long.class, String.class)
                .request(UnitProtocol.DONE, this::unitDone, Long.class, Buffer.class, String.class)
                .request(ResourceInterface.UNDELIVERABLE, this::undeliverable, Message.class, String.class)
                .reports(Metric.NBYTES)
                .build();
    }

    @Override
    public void attached(ResourceContext ctx) {
        this.context = ctx;
        onAttached.accept(ctx);
    }

    @Override
    public void detached() {
        this.context = null;
    }

    /** @return requests forwarded to units and not yet answered */
    int inFlight() {
        return waiting.size();
    }

    /**
     * Reads a unit's bytes for STOR itself (partition tables), from any thread.
     *
     * @param activity     who pays
     * @param unitResource the unit's resource
     * @param unit         the unit's name
     * @param offset       where
     * @param length       how much
     * @return the bytes; fails with an {@link IOException} carrying the unit's error
     */
    CompletionStage<byte[]> read(Activity activity, String unitResource, String unit, long offset, int length) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        ResourceContext ctx = context;
        if (ctx == null) {
            f.completeExceptionally(new IOException(VolumeProtocol.RESOURCE + " is not attached"));
            return f;
        }
        long tag = tags.incrementAndGet();
        waiting.put(tag, a -> {
            if (a.error().isEmpty()) {
                byte[] bytes = new byte[a.data().length()];
                a.data().view().get(bytes);
                f.complete(bytes);
            } else {
                f.completeExceptionally(new IOException(a.error()));
            }
        });
        SendResult r = ctx.send(activity, unitResource, UnitProtocol.READ, 0, tag, unit, offset, length);
        if (!r.isOk()) {
            waiting.remove(tag);
            f.completeExceptionally(r.status() == SendResult.Status.NO_SUCH_RESOURCE
                    ? new ResourceNotAttached(unitResource + ": " + r.detail()) : new IOException(unitResource + ": " + r.detail()));
        }
        return f;
    }

    private void read(ExecutionContext ctx, Message m) {
        long offset = m.argument(2, Long.class);
        int length = m.argument(3, Integer.class);
        Route r = checked(ctx, m, "READ", offset, length, false);
        if (r != null) {
            forward(ctx, m, r, UnitProtocol.READ, r.volume().unit(), r.volume().offset() + offset, length);
            ctx.record(Metric.NBYTES, length);
        }
    }

    private void write(ExecutionContext ctx, Message m) {
        long offset = m.argument(2, Long.class);
        Buffer data = m.argument(3, Buffer.class);
        Route r = checked(ctx, m, "WRITE", offset, data.length(), true);
        if (r != null) {
            forward(ctx, m, r, UnitProtocol.WRITE, r.volume().unit(), r.volume().offset() + offset, data);
            ctx.record(Metric.NBYTES, data.length());
        }
    }

    private void flush(ExecutionContext ctx, Message m) {
        String name = m.argument(1, String.class);
        Route r = routes.volumeRoute(name);
        if (r == null) {
            answer(ctx, m, unknown(name));
            return;
        }
        forward(ctx, m, r, UnitProtocol.FLUSH, r.volume().unit());
    }

    private void forward(ExecutionContext ctx, Message m, Route r, String type, Object... unitArgs) {
        long clientTag = m.argument(0, Long.class);
        long tag = tags.incrementAndGet();
        DependencyLabel label = m.dependency();
        String volume = r.volume().name();
        waiting.put(tag, a -> {
            relay.answered(label);
            String error = a.error().isEmpty() ? "" : "volume " + volume + ": " + a.error();
            a.ctx().reply(m, VolumeProtocol.DONE, clientTag, a.data(), error);
        });
        Object[] args = new Object[unitArgs.length + 1];
        args[0] = tag;
        System.arraycopy(unitArgs, 0, args, 1, unitArgs.length);
        SendResult sent = relay.forward(ctx, label, r.unitResource(), type, args);
        if (!sent.isOk()) {
            waiting.remove(tag);
            answer(ctx, m, "volume " + volume + ": its unit's resource " + r.unitResource() + " refused the request: "
                    + sent.detail());
        }
    }

    private void unitDone(ExecutionContext ctx, Message m) {
        Consumer<Answer> w = waiting.remove(m.argument(0, Long.class));
        if (w == null) {
            LOG.log(Level.WARNING, "stray UNIT_DONE " + m.argument(0, Long.class) + " ignored");
            return;
        }
        w.accept(new Answer(ctx, m.argument(1, Buffer.class), m.argument(2, String.class)));
    }

    private void undeliverable(ExecutionContext ctx, Message m) {
        Message lost = m.argument(0, Message.class);
        Object first = lost.arguments().isEmpty() ? null : lost.arguments().get(0);
        Consumer<Answer> w = first instanceof Long t ? waiting.remove(t) : null;
        if (w == null) {
            LOG.log(Level.WARNING, "undeliverable " + lost.requestType() + ": " + m.argument(1, String.class));
            return;
        }
        w.accept(new Answer(ctx, Buffer.allocate(0), "the unit's resource could not take it: " + m.argument(1, String.class)));
    }

    /** @return the route when the request is whole blocks inside a volume (and it is writable, for writes); else answers why */
    private Route checked(ExecutionContext ctx, Message m, String op, long offset, int length, boolean writing) {
        String name = m.argument(1, String.class);
        Route r = routes.volumeRoute(name);
        if (r == null) {
            answer(ctx, m, unknown(name));
            return null;
        }
        Volume v = r.volume();
        String why = null;
        if (writing && v.readOnly()) {
            why = "the volume is read-only";
        } else if (offset < 0 || length <= 0 || offset % v.blockSize() != 0 || length % v.blockSize() != 0) {
            why = "not a positive number of whole " + v.blockSize() + "-byte blocks at a block boundary";
        } else if (offset + length > v.size()) {
            why = "past the volume's end at " + v.size() + " bytes";
        }
        if (why != null) {
            answer(ctx, m, "volume " + name + ": " + op + " of " + length + " bytes at offset " + offset + ": " + why);
            return null;
        }
        return r;
    }

    private static String unknown(String name) {
        return "no volume \"" + name + "\" is exported by " + VolumeProtocol.RESOURCE;
    }

    private static void answer(ExecutionContext ctx, Message m, String error) {
        ctx.reply(m, VolumeProtocol.DONE, m.argument(0, Long.class), Buffer.allocate(0), error);
    }

    /** A unit's resource is not attached (yet, while the kernel boots; or no more). */
    static final class ResourceNotAttached extends IOException {
        private static final long serialVersionUID = 1L;

        ResourceNotAttached(String message) {
            super(message);
        }
    }
}
