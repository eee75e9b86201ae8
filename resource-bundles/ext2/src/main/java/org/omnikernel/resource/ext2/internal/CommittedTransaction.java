package org.omnikernel.resource.ext2.internal;

import java.util.List;

/**
 * The blocks one committed transaction wrote, in the order they must reach the disk. EXT2R sends them
 * with one dependency label so that they arrive in this order (§5.7).
 *
 * <p>The order is the order in which the operation first changed each block, and operations change
 * blocks in a safe order: a block or inode is marked in use before anything points to it, a new
 * inode or data block is filled before the entry or pointer that names it, and an entry or pointer is
 * removed before what it named is freed. A crash part-way therefore leaves at worst space marked in
 * use that nothing uses, which {@code e2fsck -fy} reclaims.
 *
 * @param sequence commit number, counting from 1 per mount
 * @param writes the blocks, in disk order
 */
public record CommittedTransaction(long sequence, List<BlockWrite> writes) {
    /** @param writes copied */
    public CommittedTransaction {
        writes = List.copyOf(writes);
    }

    /** @return the writes to blocks shared by many files (charged to the infrastructure activity) */
    public List<BlockWrite> sharedWrites() {
        return writes.stream().filter(w -> w.kind().shared()).toList();
    }

    /** @return the writes to blocks private to one file (charged to the activity that changed it) */
    public List<BlockWrite> privateWrites() {
        return writes.stream().filter(w -> !w.kind().shared()).toList();
    }
}
