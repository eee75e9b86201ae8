package org.omnikernel.resource.ext2.internal;

import java.util.Arrays;

/**
 * Thrown by a {@link BlockView} asked for a block it does not hold. The transaction that asked is
 * abandoned with nothing changed; the caller (EXT2R) fetches the named blocks by message and runs
 * the operation again once they have arrived.
 *
 * <p>Unchecked because it crosses every layer of the file-system code, and cheap (no stack trace)
 * because it is ordinary control flow on a cold cache, not an error.
 */
public final class BlockNotResident extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long[] blocks;

    /**
     * @param blocks the missing block first, then any the view suggests fetching with it
     */
    public BlockNotResident(long... blocks) {
        super("block " + blocks[0] + " is not resident", null, false, false);
        this.blocks = blocks.clone();
    }

    /** @return the missing block */
    public long block() {
        return blocks[0];
    }

    /** @return the blocks to fetch before retrying: the missing one first */
    public long[] blocks() {
        return blocks.clone();
    }

    @Override
    public String toString() {
        return "BlockNotResident" + Arrays.toString(blocks);
    }
}
