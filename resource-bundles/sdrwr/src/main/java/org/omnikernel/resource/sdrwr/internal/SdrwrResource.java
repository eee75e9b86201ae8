package org.omnikernel.resource.sdrwr.internal;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.resource.blockdev.BlockProtocol;
import org.omnikernel.storage.DependencyRelay;
import org.omnikernel.storage.UnitProtocol;

/**
 * SDRWR (seed §5.7, Table 5.2), {@value #NAME}: translates between the storage system's requests —
 * bytes of a named unit, {@link UnitProtocol} — and DRWR's — blocks of one device,
 * {@link BlockProtocol}:
 *
 * <pre>
 *  STOR ── READ(tag, disk0, offset, length) ──► SDRWR ── READ_INTO(t1, block, n, window 1) ──► drwr.disk0
 *                                                  ├──── READ_INTO(t2, block', n', window 2) ─►   (≤ 32 KB each)
 *  STOR ◄─ UNIT_DONE(tag, data, error) ────────── SDRWR ◄── BLOCK_DONE(t1|t2) ─────────────── dir.disk0
 * </pre>
 *
 * <p>Offsets and lengths must be whole blocks inside the unit, else the answer is an error naming the
 * unit, the offset and the size, and nothing reaches the device. A request larger than the disk
 * request limit ({@link SdrwrConfig#maxRequestBytes()}, 32 KB unless configured: the seed's limit on
 * the requests that reach a disk, §5.7 note 7) is split into device requests of at most that many
 * bytes, all sent at once, and the first error, prefixed with the unit's name, is passed up. So the
 * file system above sends one request per extent, however long, and the split — one message per 32 KB —
 * happens here, below STOR. SDRWR is where storage requests meet device buffers, so a READ's answer is
 * allocated here, once, and every disk request reads straight into its window of it (DRWR's READ_INTO):
 * neither DRWR allocates per disk request nor are the pieces joined by copying. The buffer is handed up
 * only when every chunk has answered without error ({@link UnitRequest#result}): until then a device may
 * be writing into it. A WRITE's chunks are {@link Buffer#slice slices} of the client's buffer, not
 * copies, which makes that buffer read-only from then on (the devices only read them). SDRWR serves
 * block devices only ({@code drwr.DEVICE} of a block device; a SCSI adapter's speaks ScsiProtocol and
 * its units are SCSIR's), and every block device's DRWR takes READ_INTO.
 *
 * <p>Dependency order is kept on the way down with a {@link DependencyRelay}: everything forwarded for
 * one incoming label goes out, in order, under one label of SDRWR's. The bytes forwarded are recorded
 * as {@code nbytes} under the sending activity.
 *
 * <p>When a unit's device goes away, DRWR answers what the device held, and OKRT returns what was
 * still queued at DRWR as {@link ResourceInterface#UNDELIVERABLE} notices; both become error answers.
 * Handlers never block.
 */
final class SdrwrResource implements Resource {

    /** The resource's name. */
    static final String NAME = "resource.sdrwr";

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.sdrwr");

    private final Map<String, BlockUnit> units = new ConcurrentHashMap<>();
    private final Map<Long, UnitRequest> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong tags = new AtomicLong();
    private final DependencyRelay relay = new DependencyRelay();
    private final AtomicLong strays = new AtomicLong();
    private final int maxRequestBytes;

    /** SDRWR with the default disk request limit, {@value SdrwrConfig#DEFAULT_MAX_REQUEST_BYTES} bytes. */
    SdrwrResource() {
        this(SdrwrConfig.DEFAULTS);
    }

    /** @param config the disk request limit */
    SdrwrResource(SdrwrConfig config) {
        this.maxRequestBytes = config.maxRequestBytes();
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME)
                .request(UnitProtocol.READ, this::read, Long.class, String.class, Long.class, Integer.class)
                .request(UnitProtocol.WRITE, this::write, Long.class, String.class, Long.class, Buffer.class)
                .request(UnitProtocol.FLUSH, this::flush, Long.class, String.class)
                .request(BlockProtocol.DONE, this::blockDone, Long.class, Buffer.class, String.class)
                .request(ResourceInterface.UNDELIVERABLE, this::undeliverable, Message.class, String.class)
                .reports(Metric.NBYTES)
                .build();
    }

    /** @param unit a unit whose DRWR is attached; from now on requests for it are served */
    void add(BlockUnit unit) {
        units.put(unit.name(), unit);
    }

    /**
     * @param name a unit's name
     * @return the unit, now refused to new requests
     */
    Optional<BlockUnit> remove(String name) {
        BlockUnit u = units.remove(name);
        if (u != null) {
            u.markGone();
        }
        return Optional.ofNullable(u);
    }

    /** @return chunks forwarded to DRWR and not yet answered */
    int inFlight() {
        return inFlight.size();
    }

    /** @return incoming dependency labels with forwarded messages outstanding */
    int labelsInFlight() {
        return relay.labelsInFlight();
    }

    private void read(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        BlockUnit unit = unit(ctx, m, tag, m.argument(1, String.class));
        if (unit == null) {
            return;
        }
        long offset = m.argument(2, Long.class);
        int length = m.argument(3, Integer.class);
        Supplier<String> what = () -> "READ of " + length + " bytes at offset " + offset; // words only for an error
        if (!checked(ctx, m, tag, unit, what, offset, length)) {
            return;
        }
        int chunk = chunkBytes(unit);
        UnitRequest r = UnitRequest.read(m, tag, unit, what, length, chunks(length, chunk));
        int bs = unit.blockSize();
        for (int done = 0; done < length;) {
            int n = Math.min(chunk, length - done);
            forward(ctx, r, BlockProtocol.READ_INTO, (offset + done) / bs, n / bs, r.window(done, n));
            done += n;
        }
        ctx.record(Metric.NBYTES, length);
    }

    private void write(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        BlockUnit unit = unit(ctx, m, tag, m.argument(1, String.class));
        if (unit == null) {
            return;
        }
        long offset = m.argument(2, Long.class);
        Buffer data = m.argument(3, Buffer.class);
        int length = data.length();
        Supplier<String> what = () -> "WRITE of " + length + " bytes at offset " + offset;
        if (!checked(ctx, m, tag, unit, what, offset, length)) {
            return;
        }
        int chunk = chunkBytes(unit);
        int chunks = chunks(length, chunk);
        UnitRequest r = UnitRequest.update(m, tag, unit, what, chunks);
        int bs = unit.blockSize();
        for (int done = 0; done < length;) {
            int n = Math.min(chunk, length - done);
            forward(ctx, r, BlockProtocol.WRITE, (offset + done) / bs, chunks == 1 ? data : data.slice(done, n));
            done += n;
        }
        ctx.record(Metric.NBYTES, length);
    }

    private void flush(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        BlockUnit unit = unit(ctx, m, tag, m.argument(1, String.class));
        if (unit != null) {
            forward(ctx, UnitRequest.update(m, tag, unit, () -> "FLUSH", 1), BlockProtocol.FLUSH);
        }
    }

    /** Sends one chunk to the unit's DRWR; a refused send is that chunk's (error) answer. */
    private void forward(ExecutionContext ctx, UnitRequest r, String type, Object... blockArgs) {
        long chunkTag = tags.incrementAndGet();
        Object[] args = new Object[blockArgs.length + 1];
        args[0] = chunkTag;
        System.arraycopy(blockArgs, 0, args, 1, blockArgs.length);
        inFlight.put(chunkTag, r);
        SendResult sent = relay.forward(ctx, r.label, r.unit.drwr(), type, args);
        if (!sent.isOk()) {
            inFlight.remove(chunkTag);
            String why = sent.status() == SendResult.Status.NO_SUCH_RESOURCE
                    ? r.unit.drwr() + " is not attached" : r.unit.drwr() + " refused it: " + sent.detail();
            chunkAnswered(ctx, r, why, false);
        }
    }

    /** A chunk's answer; its bytes, if a READ_INTO, are in its window already (the answer's buffer is empty). */
    private void blockDone(ExecutionContext ctx, Message m) {
        UnitRequest r = inFlight.remove(m.argument(0, Long.class));
        if (r == null) {
            LOG.log(Level.WARNING, "stray BLOCK_DONE " + m.argument(0, Long.class) + " (" + strays.incrementAndGet()
                    + " so far); ignored");
            return;
        }
        chunkAnswered(ctx, r, m.argument(2, String.class), true);
    }

    /** A chunk sent to DRWR that OKRT could not deliver: DRWR went away with it queued. */
    private void undeliverable(ExecutionContext ctx, Message m) {
        Message lost = m.argument(0, Message.class);
        Object first = lost.arguments().isEmpty() ? null : lost.arguments().get(0);
        UnitRequest r = first instanceof Long t ? inFlight.remove(t) : null;
        if (r == null) {
            LOG.log(Level.WARNING, "undeliverable " + lost.requestType() + " that is not a chunk in flight: "
                    + m.argument(1, String.class));
            return;
        }
        chunkAnswered(ctx, r, r.unit.drwr() + " could not take it: " + m.argument(1, String.class), true);
    }

    /** One chunk is done; the last answers the client, with the filled buffer unless a chunk failed. */
    private void chunkAnswered(ExecutionContext ctx, UnitRequest r, String error, boolean wasSent) {
        if (wasSent) {
            relay.answered(r.label);
        }
        if (r.answered(error)) {
            ctx.reply(r.message, UnitProtocol.DONE, r.clientTag, r.result(), r.error());
        }
    }

    private BlockUnit unit(ExecutionContext ctx, Message m, long tag, String name) {
        BlockUnit u = units.get(name);
        if (u == null) {
            answer(ctx, m, tag, "no storage unit \"" + name + "\" at " + NAME + " (units: " + units.keySet() + ")");
        }
        return u;
    }

    /** @return whether offset and length are whole blocks inside the unit; if not, answers with why */
    private static boolean checked(ExecutionContext ctx, Message m, long tag, BlockUnit unit, Supplier<String> what, long offset,
            int length) {
        int bs = unit.blockSize();
        String why = null;
        if (offset < 0 || length <= 0 || offset % bs != 0 || length % bs != 0) {
            why = "not a positive number of whole " + bs + "-byte blocks at a block boundary";
        } else if (offset + length > unit.bytes()) {
            why = "past the unit's end at " + unit.bytes() + " bytes";
        }
        if (why != null) {
            answer(ctx, m, tag, "unit " + unit.name() + ": " + what.get() + ": " + why);
            return false;
        }
        return true;
    }

    /** @return the largest device request for the unit: the limit in whole blocks, at least one block */
    private int chunkBytes(BlockUnit unit) {
        int bs = unit.blockSize();
        return Math.max(bs, maxRequestBytes / bs * bs);
    }

    private static int chunks(int length, int chunk) {
        return (length + chunk - 1) / chunk;
    }

    private static void answer(ExecutionContext ctx, Message m, long tag, String error) {
        ctx.reply(m, UnitProtocol.DONE, tag, Buffer.allocate(0), error);
    }
}
