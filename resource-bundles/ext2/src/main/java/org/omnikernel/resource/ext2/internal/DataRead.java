package org.omnikernel.resource.ext2.internal;

import java.util.function.Consumer;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.IoReply;

/**
 * A READ of file data: the file's blocks, mapped by the file system, read straight from the volume
 * into the answer — each contiguous extent in one volume READ of at most {@value #MAX_REQUEST} bytes —
 * and not kept in the metadata cache. Holes are zeros; blocks resident in the cache (written and not
 * yet on the volume, say) are copied from it. A READ that is exactly one volume READ (block-aligned,
 * one extent, nothing resident) is answered with the volume's buffer itself, not a copy.
 *
 * <p>The seed's 32 KB limit (§5.7 note 7) is on the requests that reach a disk; SDRWR splits a volume
 * READ into those, so EXT2R sends one message per extent instead of one per 32 KB.
 */
final class DataRead {
    /** The most one volume READ asks for: FCR's largest READ, 256 KB; SDRWR splits it for the disk. */
    static final int MAX_REQUEST = 256 * 1024;

    private final byte[] result;
    private final Consumer<IoReply> answer;
    private int waiting;
    private boolean failed;

    private DataRead(int length, Consumer<IoReply> answer) {
        this.result = new byte[length];
        this.answer = answer;
    }

    /**
     * Starts the reads.
     *
     * @param cache resident blocks
     * @param link the volume
     * @param activity pays for the reads
     * @param affinity their affinity label
     * @param offset the file offset of the first byte
     * @param length bytes to answer (already cut at the end of the file)
     * @param firstLogical the logical block holding {@code offset}
     * @param physical the volume block of each logical block from {@code firstLogical}, 0 for a hole
     * @param answer receives the bytes
     */
    static void start(BlockCache cache, VolumeLink link, Activity activity, long affinity, long offset, int length,
            long firstLogical, long[] physical, Consumer<IoReply> answer) {
        int bs = cache.blockSize();
        int perRequest = Math.max(1, MAX_REQUEST / bs);
        if (oneVolumeRead(cache, offset, length, firstLogical, physical, perRequest)) {
            link.read(activity, affinity, physical[0] * bs, length, a -> passOn(a, length, answer));
            return;
        }
        DataRead read = new DataRead(length, answer);
        int i = 0;
        read.waiting = 1; // held until every request is out, so that an answer at once cannot finish early
        while (i < physical.length) {
            long block = physical[i];
            if (block == 0 || cache.copyOut(block, from(offset, firstLogical + i, bs), read.result,
                    at(offset, firstLogical + i, bs), span(offset, length, firstLogical + i, bs))) {
                i++;
                continue;
            }
            int run = 1;
            while (i + run < physical.length && run < perRequest && physical[i + run] == block + run
                    && !cache.resident(block + run)) {
                run++;
            }
            int first = i;
            int count = run;
            read.waiting++;
            link.read(activity, affinity, block * bs, count * bs, a -> read.arrived(a, offset, length, firstLogical + first,
                    count, bs));
            i += run;
        }
        read.finishOne();
    }

    /** @return whether the READ is one whole extent of blocks, none resident, that one volume READ answers */
    private static boolean oneVolumeRead(BlockCache cache, long offset, int length, long firstLogical, long[] physical,
            int perRequest) {
        int bs = cache.blockSize();
        if (physical.length == 0 || physical.length > perRequest || offset != firstLogical * bs
                || (long) physical.length * bs != length) {
            return false;
        }
        for (int i = 0; i < physical.length; i++) {
            if (physical[i] == 0 || physical[i] != physical[0] + i || cache.resident(physical[i])) {
                return false;
            }
        }
        return true;
    }

    /** Answers with the volume's buffer as it came: it holds exactly the bytes asked for. */
    private static void passOn(VolumeLink.Answer a, int length, Consumer<IoReply> answer) {
        if (!a.ok()) {
            answer.accept(IoReply.fail(org.omnikernel.syscall.Err.IO_ERROR, a.error()));
        } else if (a.data() == null || a.data().length() != length) {
            answer.accept(IoReply.fail(org.omnikernel.syscall.Err.IO_ERROR, "the volume answered "
                    + (a.data() == null ? "nothing" : a.data().length() + " bytes") + " for a read of " + length));
        } else {
            answer.accept(IoReply.ok(a.data()));
        }
    }

    private void arrived(VolumeLink.Answer a, long offset, int length, long logical, int count, int bs) {
        if (failed) {
            return;
        }
        if (!a.ok()) {
            failed = true;
            answer.accept(IoReply.fail(org.omnikernel.syscall.Err.IO_ERROR, a.error()));
            return;
        }
        java.nio.ByteBuffer bytes = a.data() == null ? null : a.data().view();
        if (bytes == null || bytes.remaining() < count * bs) {
            failed = true;
            answer.accept(IoReply.fail(org.omnikernel.syscall.Err.IO_ERROR, "the volume answered "
                    + (bytes == null ? "nothing" : bytes.remaining() + " bytes") + " for a read of " + count * bs));
            return;
        }
        for (int k = 0; k < count; k++) {
            int span = span(offset, length, logical + k, bs);
            bytes.get(k * bs + from(offset, logical + k, bs), result, at(offset, logical + k, bs), span);
        }
        finishOne();
    }

    private void finishOne() {
        if (!failed && --waiting == 0) {
            answer.accept(IoReply.ok(Buffer.of(result)));
        }
    }

    /** @return where in the block the answer's bytes start */
    private static int from(long offset, long logical, int bs) {
        return (int) Math.max(0, offset - logical * bs);
    }

    /** @return where in the answer the block's bytes go */
    private static int at(long offset, long logical, int bs) {
        return (int) Math.max(0, logical * bs - offset);
    }

    /** @return how many of the block's bytes the answer takes */
    private static int span(long offset, int length, long logical, int bs) {
        long start = Math.max(offset, logical * bs);
        long end = Math.min(offset + length, (logical + 1) * bs);
        return (int) (end - start);
    }
}
