package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A file's block map: logical block → volume block through i_block's 12 direct pointers and its
 * indirect, double and triple indirect blocks. A zero pointer is a hole, read as zeros; holes are
 * only filled when written. Every pointer read is checked to lie in the data area, so a corrupt map
 * gives an error, never a read of a random block or a wild free.
 */
final class BlockMap {
    private final Geometry geometry;
    private final Allocator allocator;
    private final int pointers;
    private final int sectorsPerBlock;
    /** Where the next allocation looks first: after the last block allocated, to keep files contiguous. */
    private long goal;

    BlockMap(Geometry geometry, Allocator allocator) {
        this.geometry = geometry;
        this.allocator = allocator;
        this.pointers = geometry.pointersPerBlock();
        this.sectorsPerBlock = geometry.blockSize() / 512;
    }

    /** @return the number of indirection levels for a logical block: 0 (direct) to 3 */
    private int level(long logical) {
        if (logical < Inode.DIRECT_BLOCKS) {
            return 0;
        }
        long l = logical - Inode.DIRECT_BLOCKS;
        long span = pointers;
        for (int level = 1; level <= 3; level++) {
            if (l < span) {
                return level;
            }
            l -= span;
            span *= pointers;
        }
        throw new Ext2Exception(Ext2Error.FILE_TOO_LARGE, "logical block " + logical
                + " is beyond triple indirect blocks");
    }

    /** @return the logical block number at which the given level's tree starts */
    private long levelStart(int level) {
        long start = Inode.DIRECT_BLOCKS;
        long span = pointers;
        for (int l = 1; l < level; l++) {
            start += span;
            span *= pointers;
        }
        return start;
    }

    private long span(int level) {
        long span = 1;
        for (int l = 0; l < level; l++) {
            span *= pointers;
        }
        return span;
    }

    private int index(long offsetInLevel, int depth) {
        return (int) (offsetInLevel / span(depth) % pointers);
    }

    /**
     * @return the volume block holding the logical block, or 0 for a hole
     * @throws Ext2Exception CORRUPT when a pointer on the way is outside the data area
     */
    long lookup(Ext2Transaction tx, Inode inode, long logical) {
        return new Lookup(tx, inode).physical(logical);
    }

    /**
     * Looks up successive logical blocks of one file within one transaction, keeping the last
     * block-map block it used: a sequential read walks the tree once per map block, not once per
     * data block, and allocates nothing per block.
     */
    final class Lookup {
        private final Ext2Transaction tx;
        private final Inode inode;
        private long leafFirst = -1;
        private long leafEnd = -1;
        /** The map block holding pointers for logical blocks leafFirst..leafEnd-1; null for a hole. */
        private ByteBuffer leaf;

        Lookup(Ext2Transaction tx, Inode inode) {
            this.tx = tx;
            this.inode = inode;
        }

        /** @return the volume block holding the logical block, or 0 for a hole */
        long physical(long logical) {
            if (logical < Inode.DIRECT_BLOCKS) {
                return checked(inode, logical, inode.block[(int) logical]);
            }
            if (logical < leafFirst || logical >= leafEnd) {
                int level = level(logical);
                long offset = logical - levelStart(level);
                leafFirst = logical - offset % pointers;
                leafEnd = leafFirst + pointers;
                long ptr = checked(inode, logical, inode.block[Inode.DIRECT_BLOCKS - 1 + level]);
                for (int depth = level - 1; depth >= 1 && ptr != 0; depth--) {
                    ptr = checked(inode, logical, pointer(tx.read(ptr), index(offset, depth)));
                }
                leaf = ptr == 0 ? null : tx.read(ptr);
            }
            return leaf == null ? 0 : checked(inode, logical, pointer(leaf, (int) (logical - leafFirst)));
        }
    }

    /**
     * Returns the logical block ready to be written, allocating it (and any block map blocks on the
     * way) when it is a hole. A new block is filled with zeros before the pointer to it is set.
     *
     * @param whole the caller overwrites all of the block, so its old contents need not be read
     * @param kind what the block holds (file data or directory entries)
     * @return the block's writable buffer in this transaction
     */
    ByteBuffer blockForWrite(Ext2Transaction tx, Inode inode, long logical, boolean whole,
            BlockKind kind, long now) {
        int level = level(logical);
        if (level == 0) {
            int i = (int) logical;
            long ptr = checked(inode, logical, inode.block[i]);
            if (ptr != 0) {
                return whole ? tx.overwrite(ptr, kind) : tx.write(ptr, kind);
            }
            ptr = allocate(tx, inode, now);
            ByteBuffer fresh = tx.overwrite(ptr, kind);
            inode.block[i] = ptr;
            return fresh;
        }
        long offset = logical - levelStart(level);
        int root = Inode.DIRECT_BLOCKS - 1 + level;
        long ptr = checked(inode, logical, inode.block[root]);
        if (ptr == 0) {
            ptr = allocate(tx, inode, now);
            tx.overwrite(ptr, BlockKind.BLOCK_MAP);
            inode.block[root] = ptr;
        }
        for (int depth = level - 1; depth >= 0; depth--) {
            int index = index(offset, depth);
            long child = checked(inode, logical, pointer(tx.read(ptr), index));
            if (child == 0) {
                child = allocate(tx, inode, now);
                ByteBuffer fresh = tx.overwrite(child, depth == 0 ? kind : BlockKind.BLOCK_MAP);
                tx.write(ptr, BlockKind.BLOCK_MAP).putInt(index * 4, (int) child);
                if (depth == 0) {
                    return fresh;
                }
            } else if (depth == 0) {
                return whole ? tx.overwrite(child, kind) : tx.write(child, kind);
            }
            ptr = child;
        }
        throw new IllegalStateException("unreachable");
    }

    /** Aims the next allocation just after the block before {@code logical}, or at the inode's group. */
    void aim(Ext2Transaction tx, Inode inode, long logical) {
        long before = logical > 0 ? lookup(tx, inode, logical - 1) : 0;
        goal = before != 0 ? before + 1
                : geometry.groupFirstBlock(geometry.groupOfInode(inode.number));
    }

    private long allocate(Ext2Transaction tx, Inode inode, long now) {
        long block = allocator.allocateBlock(tx, goal, now);
        goal = block + 1;
        inode.sectors += sectorsPerBlock;
        return block;
    }

    /**
     * Clears every pointer to logical blocks at or after {@code first} (and block map blocks left with
     * nothing to map) and lists the blocks they held; the caller writes the inode, then frees them,
     * so that nothing points to a free block at any moment.
     *
     * @param freed receives the blocks no longer used, data and map blocks
     */
    void clearFrom(Ext2Transaction tx, Inode inode, long first, List<Long> freed) {
        for (int i = (int) Math.min(first, Inode.DIRECT_BLOCKS); i < Inode.DIRECT_BLOCKS; i++) {
            if (inode.block[i] != 0) {
                freed.add(checked(inode, i, inode.block[i]));
                inode.block[i] = 0;
            }
        }
        for (int level = 1; level <= 3; level++) {
            int root = Inode.DIRECT_BLOCKS - 1 + level;
            long ptr = checked(inode, first, inode.block[root]);
            long start = levelStart(level);
            if (ptr == 0 || first >= start + span(level)) {
                continue;
            }
            if (first <= start) {
                collectAll(tx, inode, ptr, level, freed);
                inode.block[root] = 0;
            } else {
                clearPartial(tx, inode, ptr, level, start, first, freed);
            }
        }
        inode.sectors -= (long) freed.size() * sectorsPerBlock;
    }

    private void clearPartial(Ext2Transaction tx, Inode inode, long block, int level, long base,
            long first, List<Long> freed) {
        long childSpan = span(level - 1);
        for (int i = 0; i < pointers; i++) {
            long childBase = base + i * childSpan;
            if (childBase + childSpan <= first) {
                continue;
            }
            long child = checked(inode, childBase, pointer(tx.read(block), i));
            if (child == 0) {
                continue;
            }
            if (childBase >= first) {
                tx.write(block, BlockKind.BLOCK_MAP).putInt(i * 4, 0);
                collectAll(tx, inode, child, level - 1, freed);
            } else if (level > 1) {
                clearPartial(tx, inode, child, level - 1, childBase, first, freed);
            }
        }
    }

    private void collectAll(Ext2Transaction tx, Inode inode, long block, int level, List<Long> freed) {
        if (level > 0) {
            ByteBuffer map = tx.read(block);
            for (int i = 0; i < pointers; i++) {
                long child = checked(inode, -1, pointer(map, i));
                if (child != 0) {
                    collectAll(tx, inode, child, level - 1, freed);
                }
            }
        }
        freed.add(block);
    }

    private static long pointer(ByteBuffer map, int index) {
        return Integer.toUnsignedLong(map.getInt(index * 4));
    }

    private long checked(Inode inode, long logical, long ptr) {
        if (ptr != 0 && !geometry.isDataBlock(ptr)) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "inode " + inode.number
                    + (logical >= 0 ? " logical block " + logical : "") + ": block pointer " + ptr
                    + " is outside the data area " + geometry.firstDataBlock() + ".."
                    + (geometry.blocksCount() - 1));
        }
        return ptr;
    }
}
