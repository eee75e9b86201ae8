package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/** A view in which only chosen blocks are resident, as in a cold file cache. */
final class PartlyResidentView implements BlockView {
    private final BlockView inner;
    private final Set<Long> resident = new HashSet<>();
    private boolean allResident;
    int misses;

    PartlyResidentView(BlockView inner) {
        this.inner = inner;
    }

    void makeResident(long block) {
        resident.add(block);
    }

    void evictAll() {
        resident.clear();
        allResident = false;
    }

    /** Every block resident but one. */
    void makeAllResidentExcept(long missing) {
        evictAll();
        for (long b = 0; b < blockCount(); b++) {
            if (b != missing) {
                resident.add(b);
            }
        }
    }

    void makeAllResident() {
        allResident = true;
    }

    @Override
    public int blockSize() {
        return inner.blockSize();
    }

    @Override
    public long blockCount() {
        return inner.blockCount();
    }

    @Override
    public ByteBuffer read(long block) {
        if (!allResident && !resident.contains(block)) {
            misses++;
            throw new BlockNotResident(block);
        }
        return inner.read(block);
    }

    @Override
    public void install(long block, ByteBuffer contents) {
        resident.add(block); // a committed block is in the cache
        inner.install(block, contents);
    }
}
