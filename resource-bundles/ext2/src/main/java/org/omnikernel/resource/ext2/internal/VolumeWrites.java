package org.omnikernel.resource.ext2.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.SendResult;

/**
 * Sends committed transactions to the volume in their order (seed §5.7): blocks private to a file
 * under the activity that changed it, with one dependency label per (activity, file); blocks shared
 * among files under the infrastructure activity, with its one label. A block whose write is still in
 * flight on another label is written again, with its newest contents, once that write is done, so
 * that two chains never race on one block. Knows when every write sent up to a point is done (SYNC).
 * Not thread-safe: EXT2R holds its lock.
 */
final class VolumeWrites {
    private static final System.Logger LOG = System.getLogger(VolumeWrites.class.getName());
    private static final String INFRASTRUCTURE = "infrastructure";
    private static final int ERRORS_KEPT = 8;
    /** Labels kept: a label with nothing in flight orders nothing, so forgetting an idle one is safe. */
    private static final int MAX_CHAINS = 4096;

    /** A dependency label and how many of its writes are in flight. */
    private static final class Chain {
        final DependencyLabel label;
        final Activity activity;
        int inFlight;

        Chain(DependencyLabel label, Activity activity) {
            this.label = label;
            this.activity = activity;
        }
    }

    /** A block with writes in flight, and a newer write waiting for them when another chain made it. */
    private static final class BlockState {
        String chainKey;
        int inFlight;
        String deferredKey;
        Chain deferredChain;
        BlockKind deferredKind;
        final List<Long> deferredTickets = new ArrayList<>();
    }

    private record Waiter(long ticket, Activity activity, long affinity, Consumer<String> then) {
    }

    private final BlockCache cache;
    private final VolumeLink link;
    private final ResourceContext context;
    private final Activity infrastructure;
    private final Chain infrastructureChain;
    /** The labels of (activity, file) pairs, kept for the mount; idle ones beyond {@link #MAX_CHAINS} go, eldest first. */
    private final LinkedHashMap<String, Chain> chains = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Long, BlockState> blocks = new HashMap<>();
    private final TreeSet<Long> outstanding = new TreeSet<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private long lastTicket;
    private long sent;

    VolumeWrites(BlockCache cache, VolumeLink link, ResourceContext context, Activity infrastructure) {
        this.cache = cache;
        this.link = link;
        this.context = context;
        this.infrastructure = infrastructure;
        this.infrastructureChain = new Chain(context.newDependencyLabel(infrastructure, 0), infrastructure);
    }

    /**
     * Sends a committed transaction's blocks, in its order.
     *
     * @param tx the transaction
     * @param by the operation that committed it, whose activity pays for the private blocks
     */
    void committed(CommittedTransaction tx, Operation by) {
        for (BlockWrite w : tx.writes()) {
            long ticket = ++lastTicket;
            outstanding.add(ticket);
            String key;
            Chain chain;
            if (w.kind().shared() || by.activity.id() == infrastructure.id()) {
                key = INFRASTRUCTURE;
                chain = infrastructureChain;
            } else {
                key = by.activity.id() + "/" + by.fileKey;
                chain = chains.computeIfAbsent(key, k -> new Chain(context.newDependencyLabel(by.activity,
                        by.affinity), by.activity));
                forgetIdleChains();
            }
            BlockState state = blocks.get(w.block());
            if (state != null && !state.chainKey.equals(key)) {
                state.deferredKey = key;
                state.deferredChain = chain;
                state.deferredKind = w.kind();
                state.deferredTickets.add(ticket);
                continue;
            }
            transmit(w.block(), w.kind(), key, chain, ticket);
        }
    }

    private void transmit(long block, BlockKind kind, String key, Chain chain, long ticket) {
        BlockState state = blocks.computeIfAbsent(block, b -> new BlockState());
        state.chainKey = key;
        state.inFlight++;
        chain.inFlight++;
        cache.writeSent(block);
        sent++;
        long offset = block * cache.blockSize();
        SendResult r = link.write(chain.label, offset, cache.snapshot(block),
                answer -> done(block, kind, key, chain, ticket, answer.ok() ? null : answer.error()));
        if (!r.isOk() && chain != infrastructureChain && r.status() == SendResult.Status.ACTIVITY_TERMINATED) {
            // The activity ended with its writes unsent: the infrastructure activity writes them.
            r = link.write(infrastructureChain.label, offset, cache.snapshot(block),
                    answer -> done(block, kind, key, chain, ticket, answer.ok() ? null : answer.error()));
        }
        if (!r.isOk()) {
            done(block, kind, key, chain, ticket, "volume " + link.volume() + ": the write of block " + block
                    + " was refused: " + r);
        }
    }

    private void done(long block, BlockKind kind, String key, Chain chain, long ticket, String error) {
        outstanding.remove(ticket);
        cache.writeDone(block);
        chain.inFlight--;
        if (error != null) {
            LOG.log(Level.ERROR, "writing block " + block + " failed: " + error);
            if (errors.size() < ERRORS_KEPT) {
                errors.add("block " + block + ": " + error);
            }
        }
        BlockState state = blocks.get(block);
        if (state != null && --state.inFlight == 0) {
            if (state.deferredChain != null) {
                Chain next = state.deferredChain;
                String nextKey = state.deferredKey;
                BlockKind nextKind = state.deferredKind;
                long last = state.deferredTickets.get(state.deferredTickets.size() - 1);
                for (long t : state.deferredTickets) {
                    if (t != last) {
                        outstanding.remove(t);
                    }
                }
                state.deferredTickets.clear();
                state.deferredChain = null;
                transmit(block, nextKind, nextKey, next, last);
            } else {
                blocks.remove(block);
                if (kind == BlockKind.FILE_DATA) {
                    cache.dropIfClean(block); // file data is read straight from the volume, not kept
                }
            }
        }
        wakeWaiters();
    }

    private void forgetIdleChains() {
        if (chains.size() <= MAX_CHAINS) {
            return;
        }
        Iterator<Chain> it = chains.values().iterator();
        while (chains.size() > MAX_CHAINS && it.hasNext()) {
            if (it.next().inFlight == 0) {
                it.remove();
            }
        }
    }

    /**
     * Calls back once every write sent so far is done and a FLUSH after them has completed.
     *
     * @param activity pays for the flush
     * @param affinity its affinity label
     * @param then given null on success, else what failed
     */
    void sync(Activity activity, long affinity, Consumer<String> then) {
        waiters.add(new Waiter(lastTicket, activity, affinity, then));
        wakeWaiters();
    }

    private void wakeWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        Long oldest = outstanding.isEmpty() ? null : outstanding.first();
        List<Waiter> ready = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
            Waiter w = it.next();
            if (oldest == null || oldest > w.ticket) {
                it.remove();
                ready.add(w);
            }
        }
        for (Waiter w : ready) {
            link.flush(w.activity, w.affinity, answer -> {
                String failed = errors.isEmpty() ? null : "volume " + link.volume() + ": writes failed: " + errors;
                w.then.accept(answer.ok() ? failed : "volume " + link.volume() + ": FLUSH failed: " + answer.error());
            });
        }
    }

    /** @return writes sent since mount */
    long sent() {
        return sent;
    }

    /** @return writes not yet done, deferred ones included */
    int outstanding() {
        return outstanding.size();
    }
}
