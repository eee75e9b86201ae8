package org.omnikernel.resource.ext2.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.Volume;
import org.omnikernel.storage.VolumeProtocol;

/**
 * mkfs through the grid: writes a {@link Mkfs.Plan} to a volume with {@link VolumeProtocol} WRITEs —
 * everything but the primary superblock first, then the superblock (so that an interrupted format
 * leaves no file system that looks whole), then a FLUSH. Attached under the volume's {@code ext2r.}
 * name while it works, then detached by its owner.
 */
final class Ext2Formatter implements Resource {
    static final String START = "EXT2R_FORMAT";
    /** The most one WRITE carries. */
    private static final int MAX_WRITE = 256 * 1024;
    private static final System.Logger LOG = System.getLogger(Ext2Formatter.class.getName());

    private record Piece(long offset, byte[] bytes) {
    }

    private final String name;
    private final Volume volume;
    private final Mkfs.Plan plan;
    private final Activity activity;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private VolumeLink link;
    private ResourceContext context;
    private int waiting;
    private Piece superblock;
    private boolean started;

    Ext2Formatter(String name, Volume volume, Mkfs.Plan plan, Activity activity) {
        this.name = name;
        this.volume = volume;
        this.plan = plan;
        this.activity = activity;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(name)
                .request(START, (ctx, m) -> start(m))
                .request(VolumeProtocol.DONE, (ctx, m) -> answered(m), Long.class, Buffer.class, String.class)
                .request(ResourceInterface.UNDELIVERABLE, (ctx, m) -> undeliverable(m), Message.class, String.class)
                .build();
    }

    @Override
    public synchronized void attached(ResourceContext ctx) {
        context = ctx;
        link = new VolumeLink(volume.name(), ctx);
    }

    CompletableFuture<Void> done() {
        return done;
    }

    private synchronized void start(Message m) {
        if (started || m.source() != ResourceContext.EXTERNAL || m.activity().id() != activity.id()) {
            return;
        }
        started = true;
        int bs = plan.geometry().blockSize();
        long primary = Superblock.OFFSET / bs;
        List<Piece> pieces = new ArrayList<>();
        for (Mkfs.Extent e : plan.extents()) {
            int perWrite = MAX_WRITE / bs;
            for (int i = 0; i < e.count(); i += perWrite) {
                int n = Math.min(perWrite, e.count() - i);
                byte[] bytes = e.data() == null ? new byte[n * bs]
                        : java.util.Arrays.copyOfRange(e.data(), i * bs, (i + n) * bs);
                Piece p = new Piece((e.first() + i) * bs, bytes);
                if (e.first() + i == primary && n == 1 && e.data() != null) {
                    superblock = p;
                } else {
                    pieces.add(p);
                }
            }
        }
        waiting = pieces.size();
        for (Piece p : pieces) {
            send(p, this::afterBody);
        }
        if (pieces.isEmpty()) {
            afterBody();
        }
    }

    private void send(Piece p, Runnable then) {
        org.omnikernel.okrt.SendResult r = link.write(context.newDependencyLabel(activity, 0), p.offset(), p.bytes(), a -> {
            if (!a.ok()) {
                fail("writing at byte " + p.offset() + ": " + a.error());
            } else {
                then.run();
            }
        });
        if (!r.isOk()) {
            fail("writing at byte " + p.offset() + ": the request to " + VolumeProtocol.RESOURCE + " was refused: " + r);
        }
    }

    private void afterBody() {
        if (--waiting > 0 || done.isDone()) {
            return;
        }
        send(superblock, () -> link.flush(activity, 0, a -> {
            if (a.ok()) {
                done.complete(null);
            } else {
                fail("FLUSH: " + a.error());
            }
        }));
    }

    private void fail(String why) {
        if (done.completeExceptionally(new IllegalArgumentException("formatting volume " + volume.name()
                + " failed: " + why))) {
            LOG.log(Level.WARNING, "formatting volume " + volume.name() + " failed: " + why);
        }
    }

    private synchronized void answered(Message m) {
        long tag = m.argument(0, Long.class);
        link.answered(tag, m.argument(1, Buffer.class), m.argument(2, String.class));
    }

    private synchronized void undeliverable(Message m) {
        Message lost = m.argument(0, Message.class);
        if (!lost.arguments().isEmpty() && lost.arguments().get(0) instanceof Long tag) {
            link.answered(tag, null, lost.requestType() + " was not delivered: " + m.argument(1, String.class));
        }
    }
}
