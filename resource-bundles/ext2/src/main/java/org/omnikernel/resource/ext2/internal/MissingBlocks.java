package org.omnikernel.resource.ext2.internal;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Gathers the blocks a read-only pass found missing, so that one {@link BlockNotResident} asks for all
 * of them: a cold mount check or a cold read then costs a few round trips to the disk, not one per block.
 */
final class MissingBlocks {
    /** Made on the first miss: a warm read allocates nothing here. */
    private Set<Long> blocks;

    void add(BlockNotResident miss) {
        if (blocks == null) {
            blocks = new LinkedHashSet<>();
        }
        for (long block : miss.blocks()) {
            blocks.add(block);
        }
    }

    boolean isEmpty() {
        return blocks == null;
    }

    /** @throws BlockNotResident naming every block gathered, when there is one */
    void throwIfAny() {
        if (blocks != null) {
            throw new BlockNotResident(blocks.stream().mapToLong(Long::longValue).toArray());
        }
    }
}
