package org.omnikernel.fileio;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;

/**
 * The read side of an open file, reading ahead of a sequential reader as Linux's readahead does for a
 * {@code read(2)} loop: once a read continues where the last one ended, {@value #AHEAD_CHUNKS} flow
 * sources of {@link FlowTransfer#CHUNK} bytes each are kept out beyond it, so the file cache, AIOR and
 * the stream work on the next bytes while the program handles these, and a read usually finds its
 * bytes drained already instead of waiting for a whole round trip through the kernel.
 *
 * <pre>
 *  read(p, len) ── changeCookie(file) unchanged and p where the stream continues? ──yes──► take len from the stream
 *       │ no: drop what was read ahead (close flow and stream)                           top up: sources to 3 chunks ahead
 *       └──► one source [p, p+len), wait, take ──► sequential? start reading ahead after it
 * </pre>
 *
 * <p>Reading ahead never shows stale bytes: before using them, a read checks the file's change cookie
 * ({@link Sys#changeCookie}), which FCR moves on before it answers any write or truncate, through any
 * handle, by any process. Unchanged since the sources were added means no change was answered since,
 * and each source was read after that point; changed means the bytes read ahead are dropped and the read
 * goes to the file again. A kernel without change cookies gets no read-ahead.
 *
 * <p>As Linux shrinks its window for a reader whose read-ahead is wasted, the depth halves each time a
 * change drops what was read ahead (3, 1, 0 chunks) and grows by one with each read served from it; at
 * 0, two reads in a row with no change between them start it again at one chunk. So a loop that writes
 * and reads one file by turns soon reads plainly instead of reading 768 KiB ahead for nothing.
 */
final class FileReads {

    /** Sources kept out beyond a sequential reader: 768 KiB, the stream's capacity. */
    static final int AHEAD_CHUNKS = 3;

    private final Sys sys;
    private final Rid ioa;
    private final FlowNotices notices;
    private final LongSupplier cookies;
    private final Rid file;

    private FlowTransfer flow;
    /** Where the stream's next byte is in the file while reading ahead; -1 when not reading ahead. */
    private long next = -1;
    /** Bytes drained into the stream and not taken yet. */
    private long inStream;
    /** Sizes of the sources out and not drained, oldest first. */
    private final ArrayDeque<Long> out = new ArrayDeque<>();
    private long outBytes;
    /** A source came back short: the file ends where the stream's bytes end. */
    private boolean ended;
    /** The file's change cookie when the read-ahead was last known good. */
    private long cookieSeen;
    /** Where the last read ended, to spot a sequential reader. */
    private long lastEnd = -1;
    /** The file's change cookie at the last read, to tell that nothing changed since. */
    private long lastCookie = Long.MIN_VALUE;
    /** Chunks to keep ahead now, 0 to {@value #AHEAD_CHUNKS}. */
    private int depth = AHEAD_CHUNKS;

    FileReads(Sys sys, Rid ioa, FlowNotices notices, LongSupplier cookies, Rid file) {
        this.sys = sys;
        this.ioa = ioa;
        this.notices = notices;
        this.cookies = cookies;
        this.file = file;
    }

    /**
     * Reads up to {@code len} bytes (at most {@link FlowTransfer#CHUNK}) at {@code position}.
     *
     * @return the bytes read into {@code dst}: fewer than asked at the end of the file, 0 past it
     */
    Result<Integer> read(long position, byte[] dst, int off, int len) {
        Result<Long> cookie = sys.changeCookie(file);
        boolean unchanged = cookie.isOk() && cookie.value() == lastCookie;
        lastCookie = cookie.isOk() ? cookie.value() : Long.MIN_VALUE;
        if (next >= 0) {
            if (position == next && cookie.isOk() && cookie.value() == cookieSeen) {
                Result<Integer> n = fromReadAhead(dst, off, len);
                if (n != null) {
                    return n;
                }
            } else if (cookie.isOk() && cookie.value() != cookieSeen) {
                depth /= 2; // a change wasted what was read ahead
            }
            stopReadingAhead();
        }
        if (flow == null) {
            Result<FlowTransfer> t = FlowTransfer.open(sys, ioa, notices, file, false, cookies.getAsLong(),
                    AHEAD_CHUNKS * FlowTransfer.CHUNK);
            if (!t.isOk()) {
                return t.cast();
            }
            flow = t.value();
        }
        Result<Void> added = flow.addFileSource(file, position, len);
        if (!added.isOk()) {
            return added.cast();
        }
        Result<Long> drained = flow.awaitDrained();
        Result<Void> taken = drained.isOk() ? flow.take((int) (long) drained.value(), dst, off) : drained.cast();
        if (!taken.isOk()) {
            stopReadingAhead(); // the stream may hold bytes of this source still: a fresh pair for the next read
            return taken.cast();
        }
        int n = (int) (long) drained.value();
        boolean sequential = position == lastEnd;
        lastEnd = position + n;
        if (depth == 0 && unchanged) {
            depth = 1;
        }
        if (sequential && n == len && cookie.isOk() && depth > 0) {
            next = position + n;
            cookieSeen = cookie.value();
            topUp();
        }
        return Result.ok(n);
    }

    /** @return the read served from the stream, or null when reading ahead failed (the caller reads plainly) */
    private Result<Integer> fromReadAhead(byte[] dst, int off, int len) {
        while (inStream < len && !out.isEmpty()) {
            Result<Long> d = flow.awaitDrained();
            long asked = out.poll();
            outBytes -= asked;
            if (!d.isOk()) {
                return null; // an error ahead of the reader: a plain read of these bytes reports it if it is real
            }
            inStream += d.value();
            ended |= d.value() < asked;
        }
        int k = (int) Math.min(len, inStream);
        if (!flow.take(k, dst, off).isOk()) {
            return null;
        }
        inStream -= k;
        next += k;
        lastEnd = next;
        depth = Math.min(AHEAD_CHUNKS, depth + 1);
        if (!ended) {
            topUp();
        }
        return Result.ok(k);
    }

    /** Adds sources until {@code depth} chunks are out or in the stream beyond the reader. */
    private void topUp() {
        while (inStream + outBytes < (long) depth * FlowTransfer.CHUNK) {
            long at = next + inStream + outBytes;
            if (!flow.addFileSource(file, at, FlowTransfer.CHUNK).isOk()) {
                stopReadingAhead(); // the next read goes to the file and reports what is wrong
                return;
            }
            out.add((long) FlowTransfer.CHUNK);
            outBytes += FlowTransfer.CHUNK;
        }
    }

    /** Drops what was read ahead: the flow and stream go (sources still out with them), a fresh pair comes on the next read. */
    private void stopReadingAhead() {
        close();
        next = -1;
        inStream = 0;
        out.clear();
        outBytes = 0;
        ended = false;
    }

    /** Closes the flow and the stream. */
    void close() {
        if (flow != null) {
            flow.close();
            flow = null;
        }
    }
}
