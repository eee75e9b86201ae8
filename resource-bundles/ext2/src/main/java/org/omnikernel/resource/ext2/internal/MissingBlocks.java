package org.omnikernel.resource.ext2.internal;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Gathers the blocks a read-only pass found missing, so that one {@link BlockNotResident} asks for all
 * of them: a cold mount check or a cold read then costs a few round trips to the disk, not one per block.
 */
final class MissingBlocks {
    private final Set<Long> blocks = new LinkedHashSet<>();

    void add(BlockNotResident miss) {
        for (long block : miss.blocks()) {
            blocks.add(block);
        }
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** @throws BlockNotResident naming every block gathered, when there is one */
    void throwIfAny() {
        if (!blocks.isEmpty()) {
            throw new BlockNotResident(blocks.stream().mapToLong(Long::longValue).toArray());
        }
    }
}
