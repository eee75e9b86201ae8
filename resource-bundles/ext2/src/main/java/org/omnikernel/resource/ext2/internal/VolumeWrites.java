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
 * among files under the infrastructure activity, with its one label.
 *
 * <p>A block never has two writes in flight: a disk may reorder the requests it holds, so a newer
 * write of a block sent while an older one is out could land first and leave the older bytes. A write
 * of a block whose write is in flight is held; writes held for one block coalesce into one, which goes
 * out with the block's newest contents (on the chain of the latest) once the write in flight is done.
 *
 * <p>Writes outlive their activity: a write of a private chain that comes back failed after its
 * activity ended (OKRT destroyed it queued somewhere below, or refused to send it) is sent again under
 * the infrastructure activity, so a process's last changes reach the disk after it ends. Knows when
 * every write sent up to a point is done (SYNC). Not thread-safe: EXT2R holds its lock.
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

    /** A block with its one write in flight, and the newer write held until that one is done. */
    private static final class BlockState {
        Chain heldChain;
        BlockKind heldKind;
        /** The commits the held write stands for: all of them are done when it is. */
        final List<Long> heldTickets = new ArrayList<>();

        void hold(Chain chain, BlockKind kind, List<Long> tickets) {
            heldChain = chain;
            heldKind = kind;
            heldTickets.addAll(tickets);
        }
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
    private long held;
    private long resent;

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
            Chain chain;
            if (w.kind().shared() || by.activity.id() == infrastructure.id() || !by.activity.isAlive()) {
                chain = infrastructureChain;
            } else {
                chain = chains.computeIfAbsent(by.activity.id() + "/" + by.fileKey,
                        k -> new Chain(context.newDependencyLabel(by.activity, by.affinity), by.activity));
                forgetIdleChains();
            }
            BlockState state = blocks.get(w.block());
            if (state != null) {
                held++;
                state.hold(chain, w.kind(), List.of(ticket));
                continue;
            }
            blocks.put(w.block(), new BlockState());
            transmit(w.block(), w.kind(), chain, List.of(ticket));
        }
    }

    /** Sends the block's newest contents; the block's state says a write is in flight. */
    private void transmit(long block, BlockKind kind, Chain chain, List<Long> tickets) {
        chain.inFlight++;
        cache.writeSent(block);
        sent++;
        long offset = block * cache.blockSize();
        SendResult r = link.write(chain.label, offset, cache.snapshot(block),
                answer -> done(block, kind, chain, tickets, answer.ok() ? null : answer.error()));
        if (!r.isOk()) {
            done(block, kind, chain, tickets, "volume " + link.volume() + ": the write of block " + block
                    + " was refused: " + r);
        }
    }

    private void done(long block, BlockKind kind, Chain chain, List<Long> tickets, String error) {
        cache.writeDone(block);
        chain.inFlight--;
        BlockState state = blocks.get(block);
        if (error != null && chain != infrastructureChain && !chain.activity.isAlive()) {
            // Lost with its activity (destroyed queued below, or refused): the infrastructure activity
            // writes the block's newest contents, covering these commits too.
            resent++;
            LOG.log(Level.DEBUG, "block " + block + ": its write ended with " + chain.activity + "; written again under "
                    + infrastructure + " (" + error + ")");
            state.hold(state.heldChain != null && state.heldChain.activity.isAlive() ? state.heldChain : infrastructureChain,
                    state.heldKind != null ? state.heldKind : kind, tickets);
        } else {
            outstanding.removeAll(tickets);
            if (error != null) {
                LOG.log(Level.ERROR, "writing block " + block + " failed: " + error);
                if (errors.size() < ERRORS_KEPT) {
                    errors.add("block " + block + ": " + error);
                }
            }
        }
        if (state.heldChain != null) {
            Chain next = state.heldChain.activity.isAlive() ? state.heldChain : infrastructureChain;
            BlockKind nextKind = state.heldKind;
            List<Long> nextTickets = List.copyOf(state.heldTickets);
            state.heldChain = null;
            state.heldKind = null;
            state.heldTickets.clear();
            transmit(block, nextKind, next, nextTickets);
        } else {
            blocks.remove(block);
            if (kind == BlockKind.FILE_DATA) {
                cache.dropIfClean(block); // file data is read straight from the volume, not kept
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

    /** @return writes held since mount because an older write of their block was in flight */
    long held() {
        return held;
    }

    /** @return writes sent again under the infrastructure activity because their own activity ended */
    long resent() {
        return resent;
    }

    /** @return blocks with a write in flight now: never more than one write each */
    int blocksInFlight() {
        return blocks.size();
    }

    /** @return writes not yet done, deferred ones included */
    int outstanding() {
        return outstanding.size();
    }
}
