package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One file-system operation's view of the volume: reads see the operation's own writes, writes are
 * copies (copy-on-write) kept in a dirty set, and nothing reaches the {@link BlockView} until
 * {@link #commit}. An operation that fails, or that meets a block that is not resident, simply drops
 * its transaction and leaves the volume as it was.
 */
final class Ext2Transaction {
    private record Dirty(ByteBuffer contents, BlockKind kind) {
    }

    private final BlockView view;
    private final int blockSize;
    /**
     * Insertion order is the order of first change: the disk order (see {@link CommittedTransaction}).
     * Made on the first write, so that a read-only operation allocates no map.
     */
    private Map<Long, Dirty> dirty = Map.of();

    Ext2Transaction(BlockView view) {
        this.view = view;
        this.blockSize = view.blockSize();
    }

    int blockSize() {
        return blockSize;
    }

    /**
     * @return the block as this transaction sees it; read with absolute gets only, never written
     * @throws BlockNotResident when the block is neither dirty here nor resident in the view
     */
    ByteBuffer read(long block) {
        Dirty d = dirty.isEmpty() ? null : dirty.get(block); // no boxing on a read-only operation
        return d != null ? d.contents : view.read(block);
    }

    /**
     * @return a private, writable copy of the block (its current contents), kept for commit
     * @throws BlockNotResident when the block must be read and is not resident
     */
    ByteBuffer write(long block, BlockKind kind) {
        Dirty d = dirty.get(block);
        if (d != null) {
            return d.contents;
        }
        ByteBuffer copy = newBlock();
        copy.put(0, view.read(block), 0, blockSize);
        dirtySet().put(block, new Dirty(copy, kind));
        return copy;
    }

    /** @return a writable, zero-filled block that will replace the block's contents (nothing is read) */
    ByteBuffer overwrite(long block, BlockKind kind) {
        Dirty d = dirty.get(block);
        if (d != null) {
            d.contents.put(0, new byte[blockSize]);
            return d.contents;
        }
        ByteBuffer fresh = newBlock();
        dirtySet().put(block, new Dirty(fresh, kind));
        return fresh;
    }

    private Map<Long, Dirty> dirtySet() {
        if (dirty.isEmpty()) {
            dirty = new LinkedHashMap<>();
        }
        return dirty;
    }

    boolean changed() {
        return !dirty.isEmpty();
    }

    /** Installs the dirty blocks in the view, in order, and returns them. */
    CommittedTransaction commit(long sequence) {
        List<BlockWrite> writes = new ArrayList<>(dirty.size());
        for (Map.Entry<Long, Dirty> e : dirty.entrySet()) {
            ByteBuffer contents = e.getValue().contents;
            view.install(e.getKey(), contents);
            writes.add(new BlockWrite(e.getKey(), e.getValue().kind, contents.asReadOnlyBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN)));
        }
        dirty = Map.of();
        return new CommittedTransaction(sequence, writes);
    }

    private ByteBuffer newBlock() {
        return ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN);
    }
}
