package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EXT2R's resident blocks: the {@link BlockView} the file system runs against. A block that is not
 * here makes the operation throw {@link BlockNotResident}; EXT2R fetches it by message and runs the
 * operation again. Bounded: clean blocks go least recently used first; a block with a write in flight
 * stays until the write is done, so that nothing reads an older copy from the volume meanwhile.
 *
 * <p>Not thread-safe: EXT2R holds its lock around every use.
 */
final class BlockCache implements BlockView {
    private static final class Entry {
        final ByteBuffer data;
        int writesInFlight;

        Entry(ByteBuffer data) {
            this.data = data;
        }
    }

    private final int blockSize;
    private final long blockCount;
    private final boolean writable;
    private final int capacity;
    /** Clean blocks, least recently used first: what {@link #trim} may evict, from the head, in O(1) each. */
    private final LinkedHashMap<Long, Entry> clean = new LinkedHashMap<>(256, 0.75f, true);
    /**
     * Blocks with writes in flight, apart: they cannot be evicted, and kept in the LRU order they made
     * every trim scan past them from the head (O(blocks in flight) per handler during a large write).
     */
    private final HashMap<Long, Entry> writing = new HashMap<>();

    /**
     * @param blockSize the file system's block size
     * @param blockCount blocks on the volume
     * @param writable whether the volume may be written
     * @param capacity clean blocks kept at most (blocks with writes in flight come on top)
     */
    BlockCache(int blockSize, long blockCount, boolean writable, int capacity) {
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.writable = writable;
        this.capacity = capacity;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    /** @return the block's entry, touching its recency when clean; null when not resident */
    private Entry entry(long block) {
        Entry e = clean.get(block);
        return e != null ? e : writing.get(block);
    }

    @Override
    public ByteBuffer read(long block) {
        Entry e = entry(block);
        if (e == null) {
            if (block < 0 || block >= blockCount) {
                throw new Ext2Exception(Ext2Error.CORRUPT, "block " + block + " is outside the volume ("
                        + blockCount + " blocks)");
            }
            throw new BlockNotResident(block);
        }
        return e.data.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
    }

    @Override
    public void install(long block, ByteBuffer contents) {
        Entry e = entry(block);
        if (e == null) {
            e = new Entry(ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN));
            clean.put(block, e);
        }
        e.data.put(0, contents, 0, blockSize);
    }

    /** @return whether the block is resident (without touching its recency) */
    boolean resident(long block) {
        return clean.containsKey(block) || writing.containsKey(block);
    }

    /** Copies a resident block's bytes out; @return false when it is not resident */
    boolean copyOut(long block, int from, byte[] dst, int at, int length) {
        Entry e = entry(block);
        if (e == null) {
            return false;
        }
        e.data.get(from, dst, at, length);
        return true;
    }

    /**
     * Adds a block read from the volume, unless it is resident already: a resident copy is newer (a
     * transaction may have replaced the block while the read was under way).
     */
    void arrived(long block, ByteBuffer bytes) {
        if (!resident(block)) {
            install(block, bytes);
        }
    }

    /** @return a private copy of a resident block's current contents, for a write message */
    byte[] snapshot(long block) {
        Entry e = entry(block);
        byte[] out = new byte[blockSize];
        e.data.get(0, out);
        return out;
    }

    void writeSent(long block) {
        Entry e = entry(block);
        if (e.writesInFlight++ == 0) {
            clean.remove(block);
            writing.put(block, e);
        }
    }

    /** @return the writes of the block still in flight */
    int writeDone(long block) {
        Entry e = entry(block);
        if (e == null) {
            return 0;
        }
        if (--e.writesInFlight == 0) {
            writing.remove(block);
            clean.put(block, e); // clean again, and the most recently used
        }
        return e.writesInFlight;
    }

    /** Forgets a clean block now, such as file data once written: file data is not kept as metadata. */
    void dropIfClean(long block) {
        clean.remove(block);
    }

    /** Evicts clean blocks, least recently used first, down to the capacity: O(1) a block. */
    void trim() {
        if (clean.size() <= capacity) {
            return;
        }
        Iterator<Map.Entry<Long, Entry>> it = clean.entrySet().iterator();
        while (clean.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** @return clean blocks kept at most */
    int capacity() {
        return capacity;
    }

    /** @return resident blocks */
    int size() {
        return clean.size() + writing.size();
    }
}
