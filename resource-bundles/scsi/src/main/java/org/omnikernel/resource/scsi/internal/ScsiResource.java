package org.omnikernel.resource.scsi.internal;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.resource.blockdev.BlockProtocol;
import org.omnikernel.resource.blockdev.ScsiProtocol;
import org.omnikernel.storage.StorageUnit;
import org.omnikernel.storage.UnitProtocol;

/**
 * SCSIR (seed §5.7, Table 5.2: "SCSI message creation and response handling"). For every SCSI host
 * adapter it probes the topology through the adapter's {@code drwr.ADAPTER} ({@link AdapterProbe})
 * and, once probing is done, registers each disk it found as a {@link StorageUnit} service named
 * {@code ADAPTER.LUN}. It answers {@link UnitProtocol} for those units:
 *
 * <pre>
 *  client ── READ/WRITE/FLUSH (tag, unit, offset, …) ──► SCSIR
 *  SCSIR  ── EXECUTE (READ(10|16) / WRITE(10|16) / SYNCHRONIZE CACHE(10)), ≤ 256 KiB each ──► drwr.ADAPTER
 *  dir.ADAPTER ── SCSI_DONE (status, data, sense) ──► SCSIR ── UNIT_DONE, in request order ──► client
 * </pre>
 *
 * <p>The commands go out under the client's activity, so drwr's scheduler sees who pays; SCSIR records
 * the bytes as {@code nbytes} too. A CHECK CONDITION becomes a sentence naming the unit and the
 * condition ({@link SenseData}); a piece that meets BUSY, TASK SET FULL or a UNIT ATTENTION is sent
 * again, a few times. When an adapter goes away its units are unregistered and every request still
 * waiting for it is answered with an error. Handlers run on any core, several at once: the tables
 * are concurrent and a request's pieces meet in {@link UnitRequest}.
 */
final class ScsiResource implements Resource {

    /** The resource's name in the grid (OKRT names have a dot; the seed calls it SCSIR). */
    static final String NAME = "resource.scsi";
    /** Probe an adapter: (String adapter, Integer attempt); sent under SCSIR's infrastructure activity. */
    static final String PROBE = "PROBE";
    /** An adapter left: (String adapter). */
    static final String ADAPTER_GONE = "ADAPTER_GONE";
    /** Bytes one command moves at most; a larger request is split. */
    static final int MAX_TRANSFER = 256 * 1024;
    /** Bytes one request moves at most. */
    static final int MAX_REQUEST = 16 * 1024 * 1024;
    /** How long a probe waits for the adapter's drwr to attach, in 10 ms steps. */
    static final int PROBE_ATTEMPTS = 500;
    /** Times a piece is sent again after BUSY, TASK SET FULL or UNIT ATTENTION. */
    static final int RETRIES = 4;

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.scsi");

    /** Makes a unit an OSGi service; the returned action withdraws it. */
    interface Registrar {
        Runnable register(ScsiUnit unit);
    }

    /** Waits for one command's answer. */
    @FunctionalInterface
    interface Waiter {
        void done(ExecutionContext ctx, Reply reply);
    }

    private record Waiting(String adapter, Waiter waiter) {
    }

    private record Served(ScsiUnit unit, Runnable unregister) {
    }

    private final Registrar registrar;
    private final Function<String, Boolean> attached;
    private final Set<String> present = ConcurrentHashMap.newKeySet();
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private final Map<String, Served> units = new ConcurrentHashMap<>();
    private final AtomicLong tags = new AtomicLong();
    private final AnswerOrder order = new AnswerOrder();

    /**
     * @param registrar registers units as services
     * @param attached  whether a resource of that name is attached (the adapter's drwr, before probing)
     */
    ScsiResource(Registrar registrar, Function<String, Boolean> attached) {
        this.registrar = registrar;
        this.attached = attached;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME)
                .request(UnitProtocol.READ, this::read, Long.class, String.class, Long.class, Integer.class)
                .request(UnitProtocol.WRITE, this::write, Long.class, String.class, Long.class, Buffer.class)
                .request(UnitProtocol.FLUSH, this::flush, Long.class, String.class)
                .request(ScsiProtocol.DONE, this::scsiDone, Long.class, Integer.class, Buffer.class, byte[].class, String.class)
                .request(PROBE, this::probe, String.class, Integer.class)
                .request(ADAPTER_GONE, this::adapterGone, String.class)
                .request(ResourceInterface.UNDELIVERABLE, this::undeliverable, Message.class, String.class)
                .reports(Metric.NBYTES)
                .build();
    }

    /** The HAL adopted an adapter: from now on a probe of it may register its units. */
    void adapterPresent(String adapter) {
        present.add(adapter);
    }

    /** The adapter left: no probe of it registers anything any more. */
    void adapterAbsent(String adapter) {
        present.remove(adapter);
    }

    /** Withdraws every unit's service (the bundle is stopping). */
    void close() {
        units.values().forEach(s -> s.unregister().run());
        units.clear();
    }

    // ---- commands to drwr.ADAPTER

    /** Sends one command; the waiter hears its answer, or at once why it could not be sent. */
    void execute(ExecutionContext ctx, String adapter, int lun, byte[] cdb, Buffer out, int inLength, Waiter then) {
        long tag = tags.incrementAndGet();
        waiting.put(tag, new Waiting(adapter, then));
        SendResult r = ctx.send(BlockProtocol.readWrite(adapter), ScsiProtocol.EXECUTE, tag, lun, cdb,
                out == null ? Buffer.allocate(0) : out, inLength);
        if (!r.isOk() && waiting.remove(tag) != null) {
            then.done(ctx, Reply.failed("the command could not reach " + BlockProtocol.readWrite(adapter) + ": " + r.detail()));
        }
    }

    private void scsiDone(ExecutionContext ctx, Message m) {
        Waiting w = waiting.remove(m.argument(0, Long.class));
        if (w == null) {
            return; // answered already: its adapter went away
        }
        w.waiter().done(ctx, new Reply(m.argument(1, Integer.class), m.argument(2, Buffer.class),
                m.argument(3, byte[].class), m.argument(4, String.class)));
    }

    private void undeliverable(ExecutionContext ctx, Message m) {
        Message lost = m.argument(0, Message.class);
        if (ScsiProtocol.EXECUTE.equals(lost.requestType())) {
            Waiting w = waiting.remove(lost.argument(0, Long.class));
            if (w != null) {
                w.waiter().done(ctx, Reply.failed(w.adapter() + " went away before completing the command: "
                        + m.argument(1, String.class)));
            }
        }
    }

    // ---- probing, under the infrastructure activity

    private void probe(ExecutionContext ctx, Message m) {
        String adapter = m.argument(0, String.class);
        int attempt = m.argument(1, Integer.class);
        if (!present.contains(adapter)) {
            return;
        }
        if (!attached.apply(BlockProtocol.readWrite(adapter))) {
            probeAgain(ctx, adapter, attempt, BlockProtocol.readWrite(adapter) + " is not attached");
            return;
        }
        new AdapterProbe(adapter, NAME, (c, a, lun, cdb, in, then) -> execute(c, a, lun, cdb, null, in, then),
                new AdapterProbe.Outcome() {
                    @Override
                    public void probed(ExecutionContext c, String a, List<ScsiUnit> units, List<String> skipped) {
                        ScsiResource.this.probed(a, units, skipped);
                    }

                    @Override
                    public void unanswered(ExecutionContext c, String a, String why) {
                        probeAgain(c, a, attempt, why);
                    }
                }).start(ctx);
    }

    /** The adapter is not ready for probing yet: try again in 10 ms, for 5 s at most. */
    private void probeAgain(ExecutionContext ctx, String adapter, int attempt, String why) {
        if (attempt < PROBE_ATTEMPTS && present.contains(adapter)) {
            ctx.sendDelayed(10_000, NAME, PROBE, adapter, attempt + 1);
        } else if (present.contains(adapter)) {
            LOG.log(Level.ERROR, "SCSI adapter " + adapter + " could not be probed within 5 s; its units are not served: " + why);
        }
    }

    private void probed(String adapter, List<ScsiUnit> found, List<String> skipped) {
        skipped.forEach(s -> LOG.log(Level.INFO, "SCSI probe skipped " + s));
        if (!present.contains(adapter)) {
            return;
        }
        for (ScsiUnit u : found) {
            // in the table first: a client that sees the service finds the unit
            if (units.putIfAbsent(u.name(), new Served(u, () -> { })) != null) {
                LOG.log(Level.WARNING, "SCSI unit " + u.name() + " is served already; a second probe's finding is dropped");
                continue;
            }
            LOG.log(Level.INFO, "SCSI unit {0}: {1} blocks of {2} bytes{3}, {4}", u.name(), u.blocks(), u.blockSize(),
                    u.readOnly() ? ", read-only" : "", u.description());
            Runnable unregister = registrar.register(u);
            if (units.computeIfPresent(u.name(), (n, s) -> new Served(u, unregister)) == null) {
                unregister.run(); // the adapter left while the unit was being registered
            }
        }
    }

    private void adapterGone(ExecutionContext ctx, Message m) {
        String adapter = m.argument(0, String.class);
        for (Served s : List.copyOf(units.values())) {
            if (s.unit().adapter().equals(adapter) && units.remove(s.unit().name(), s)) {
                s.unregister().run();
            }
        }
        for (Long tag : List.copyOf(waiting.keySet())) {
            Waiting w = waiting.get(tag);
            if (w != null && w.adapter().equals(adapter) && waiting.remove(tag, w)) {
                w.waiter().done(ctx, Reply.failed(adapter + " went away before completing the command"));
            }
        }
    }

    // ---- UnitProtocol

    private void read(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        String name = m.argument(1, String.class);
        long offset = m.argument(2, Long.class);
        int length = m.argument(3, Integer.class);
        ScsiUnit u = unit(ctx, m, tag, name, "READ", offset, length);
        if (u != null) {
            transfer(ctx, m, tag, u, offset, length, null);
        }
    }

    private void write(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        String name = m.argument(1, String.class);
        long offset = m.argument(2, Long.class);
        Buffer data = m.argument(3, Buffer.class);
        int length = data == null ? 0 : data.length();
        ScsiUnit u = unit(ctx, m, tag, name, "WRITE", offset, length);
        if (u == null) {
            return;
        }
        if (u.readOnly()) {
            answerAtOnce(ctx, m, tag, name + ": WRITE refused, the unit is write-protected");
            return;
        }
        transfer(ctx, m, tag, u, offset, length, data);
    }

    private void flush(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        String name = m.argument(1, String.class);
        Served s = name == null ? null : units.get(name);
        if (s == null) {
            answerAtOnce(ctx, m, tag, noSuchUnit(name));
            return;
        }
        UnitRequest r = new UnitRequest(m, tag, Buffer.allocate(0), 1);
        order.enqueue(r);
        piece(ctx, r, s.unit(), 0, Cdbs.synchronizeCache(), null, 0, -1, 0);
    }

    /** Finds the unit and checks the request's shape; answers and returns null when either is wrong. */
    private ScsiUnit unit(ExecutionContext ctx, Message m, long tag, String name, String op, long offset, int length) {
        Served s = name == null ? null : units.get(name);
        if (s == null) {
            answerAtOnce(ctx, m, tag, noSuchUnit(name));
            return null;
        }
        int bs = s.unit().blockSize();
        if (offset < 0 || offset % bs != 0 || length <= 0 || length % bs != 0 || length > MAX_REQUEST) {
            answerAtOnce(ctx, m, tag, name + ": " + op + " of " + length + " bytes at offset " + offset
                    + ": offsets and lengths are whole " + bs + "-byte blocks, 1 to " + MAX_REQUEST / bs + " of them");
            return null;
        }
        return s.unit();
    }

    private static String noSuchUnit(String name) {
        return "no SCSI unit named " + name + " (it was never probed, or its adapter went away)";
    }

    /** Splits a READ (data null) or WRITE into pieces of at most {@link #MAX_TRANSFER} bytes and sends them. */
    private void transfer(ExecutionContext ctx, Message m, long tag, ScsiUnit u, long offset, int length, Buffer data) {
        boolean write = data != null;
        int pieceBytes = MAX_TRANSFER - MAX_TRANSFER % u.blockSize();
        int pieces = (length + pieceBytes - 1) / pieceBytes;
        UnitRequest r = new UnitRequest(m, tag, write ? Buffer.allocate(0) : Buffer.allocate(length), pieces);
        order.enqueue(r);
        byte[] source = null;
        if (write && pieces > 1) {
            source = new byte[length];
            data.view().get(source);
        }
        for (int i = 0; i < pieces; i++) {
            int at = i * pieceBytes;
            int bytes = Math.min(pieceBytes, length - at);
            long lba = (offset + at) / u.blockSize();
            byte[] cdb = Cdbs.transfer(write, lba, bytes / u.blockSize());
            Buffer out = !write ? null : pieces == 1 ? data : Buffer.of(Arrays.copyOfRange(source, at, at + bytes));
            ctx.record(Metric.NBYTES, bytes);
            piece(ctx, r, u, i, cdb, out, write ? 0 : bytes, lba, at);
        }
    }

    /** Sends one piece; its answer completes it, or sends it again when the unit asks for that. */
    private void piece(ExecutionContext ctx, UnitRequest r, ScsiUnit u, int index, byte[] cdb, Buffer out, int in, long lba,
            int at) {
        piece(ctx, r, u, index, cdb, out, in, lba, at, 0);
    }

    private void piece(ExecutionContext ctx, UnitRequest r, ScsiUnit u, int index, byte[] cdb, Buffer out, int in, long lba,
            int at, int attempt) {
        execute(ctx, u.adapter(), u.lun(), cdb, out, in, (c, reply) -> {
            if (!reply.good() && reply.retryable() && attempt < RETRIES) {
                piece(c, r, u, index, cdb, out, in, lba, at, attempt + 1);
                return;
            }
            String failed = null;
            byte[] bytes = null;
            if (!reply.good()) {
                failed = reply.why(u.name(), lba);
            } else if (in > 0) {
                bytes = reply.bytes();
                if (bytes.length != in) {
                    failed = u.name() + ": short transfer, " + bytes.length + " of " + in + " bytes at LBA " + lba;
                    bytes = null;
                }
            }
            if (r.pieceDone(index, at, bytes, failed)) {
                answer(c, r);
            }
        });
    }

    private void answerAtOnce(ExecutionContext ctx, Message m, long tag, String error) {
        UnitRequest r = UnitRequest.refused(m, tag, error);
        order.enqueue(r);
        answer(ctx, r);
    }

    /** The request is complete: answer it and any of its client's later requests that were waiting on it. */
    private void answer(ExecutionContext ctx, UnitRequest r) {
        for (UnitRequest ready : order.complete(r)) {
            String error = ready.error();
            SendResult sent = ctx.reply(ready.request, UnitProtocol.DONE, ready.clientTag,
                    error.isEmpty() ? ready.data : Buffer.allocate(0), error);
            if (!sent.isOk()) {
                LOG.log(Level.WARNING, "SCSIR could not answer request " + ready.clientTag + ": " + sent);
            }
        }
    }
}
