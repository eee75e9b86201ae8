package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;

/**
 * One block a committed transaction wrote.
 *
 * @param block block number
 * @param kind what the block holds; {@link BlockKind#shared()} says which activity pays for the write
 * @param contents the block's new contents (read-only, little-endian, position 0)
 */
public record BlockWrite(long block, BlockKind kind, ByteBuffer contents) {
}
