package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.omnikernel.okrt.Activity;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.Err;

/**
 * Brings missing blocks into EXT2R's cache: parks the operations that need them, reads them from the
 * volume (adjacent ones in one READ of at most 32 KB, a block already on its way not again), and hands
 * each operation back to run again once all its blocks are resident — or fails it, IO_ERROR, when a
 * read fails. Not thread-safe: EXT2R holds its lock.
 */
final class BlockFetcher {
    private final String name;
    private final BlockCache cache;
    private final VolumeLink link;
    /**
     * Each park brings at least one block; more parks than this means the blocks the operation needs
     * together do not fit in the cache, and it would chase its own evictions for ever.
     */
    private final long parkLimit;
    private final Consumer<Operation> rerun;
    /** Reads again what was lost with the activity that asked for it. */
    private final Activity infrastructure;
    private final Map<Long, Set<Operation>> waitingFor = new HashMap<>();
    private final Set<Long> fetching = new HashSet<>();
    /** Blocks a commit replaced while their read was on its way: the read's bytes are older, and dropped. */
    private final Set<Long> replaced = new HashSet<>();

    BlockFetcher(String name, BlockCache cache, VolumeLink link, long parkLimit, Consumer<Operation> rerun,
            Activity infrastructure) {
        this.infrastructure = infrastructure;
        this.name = name;
        this.cache = cache;
        this.link = link;
        this.parkLimit = parkLimit;
        this.rerun = rerun;
    }

    /** Told of every block a transaction committed: a read of it under way brings older bytes. */
    void committed(long block) {
        if (fetching.contains(block)) {
            replaced.add(block);
        }
    }

    /** @return blocks some operation waits for */
    int awaited() {
        return waitingFor.size();
    }

    /**
     * Parks an operation until the blocks arrive, reading those not already on their way.
     *
     * @return false when none is missing any more: run the operation again now
     */
    boolean park(Operation op, long[] blocks) {
        if (++op.parks > parkLimit) {
            op.fail(IoReply.fail(Err.IO_ERROR, name + ": the blocks one operation needs do not fit in the cache of "
                    + cache.capacity() + " blocks"));
            return true;
        }
        List<Long> toFetch = new ArrayList<>();
        for (long b : blocks) {
            if (cache.resident(b)) {
                continue;
            }
            op.waiting.add(b);
            waitingFor.computeIfAbsent(b, k -> new LinkedHashSet<>()).add(op);
            if (fetching.add(b)) {
                toFetch.add(b);
            }
        }
        if (op.waiting.isEmpty()) {
            return false;
        }
        fetch(toFetch, op.activity, op.affinity);
        return true;
    }

    /** Reads blocks from the volume, adjacent ones together in requests of at most 32 KB. */
    private void fetch(List<Long> blocks, Activity activity, long affinity) {
        long[] sorted = blocks.stream().mapToLong(Long::longValue).sorted().toArray();
        int bs = cache.blockSize();
        int perRequest = Math.max(1, DataRead.MAX_REQUEST / bs);
        int i = 0;
        while (i < sorted.length) {
            int run = 1;
            while (i + run < sorted.length && run < perRequest && sorted[i + run] == sorted[i] + run) {
                run++;
            }
            long first = sorted[i];
            int count = run;
            link.read(activity, affinity, first * bs, count * bs, a -> {
                if (!a.ok() && !activity.isAlive() && infrastructure.isAlive()) {
                    // lost with the activity that asked: others may wait for these blocks too
                    link.read(infrastructure, 0, first * bs, count * bs, again -> fetched(first, count, again));
                } else {
                    fetched(first, count, a);
                }
            });
            i += run;
        }
    }

    private void fetched(long first, int count, VolumeLink.Answer a) {
        int bs = cache.blockSize();
        ByteBuffer data = a.ok() && a.data() != null ? a.data().view() : null;
        boolean whole = data != null && data.remaining() >= count * bs;
        List<Operation> ready = new ArrayList<>();
        Set<Operation> failed = new LinkedHashSet<>();
        for (int k = 0; k < count; k++) {
            long block = first + k;
            fetching.remove(block);
            // A block replaced meanwhile has its newest bytes in the cache, or had and they are on the
            // volume now: the retry reads those, never these.
            if (!replaced.remove(block) && whole) {
                cache.arrived(block, data.slice(k * bs, bs));
            }
            Set<Operation> ops = waitingFor.remove(block);
            if (ops == null) {
                continue;
            }
            for (Operation op : ops) {
                if (!whole) {
                    failed.add(op);
                } else if (op.waiting.remove(block) && op.waiting.isEmpty()) {
                    ready.add(op);
                }
            }
        }
        String why = a.ok() ? "the volume answered " + (data == null ? 0 : data.remaining()) + " bytes for "
                + count * bs : a.error();
        for (Operation op : failed) {
            for (long b : op.waiting) {
                Set<Operation> others = waitingFor.get(b);
                if (others != null) {
                    others.remove(op);
                }
            }
            op.waiting.clear();
            op.fail(IoReply.fail(Err.IO_ERROR, name + ": reading blocks " + first + ".." + (first + count - 1)
                    + " failed: " + why));
        }
        for (Operation op : ready) {
            if (!failed.contains(op)) {
                rerun.accept(op);
            }
        }
    }
}
