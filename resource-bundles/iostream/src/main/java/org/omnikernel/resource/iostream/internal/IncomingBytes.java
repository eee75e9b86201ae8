package org.omnikernel.resource.iostream.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import org.omnikernel.okrt.object.Buffer;

/**
 * What flows wrote and the process has not read yet: the buffers the WRITE messages carried, kept by
 * reference (a retained reference each; they do not change while shared) until read. Not
 * thread-safe: the stream's lock guards it.
 */
final class IncomingBytes {

    private final ArrayDeque<Buffer> buffers = new ArrayDeque<>();
    /** Bytes already read from the first buffer. */
    private int head;
    private long size;

    long size() {
        return size;
    }

    /** Keeps a buffer, taking a reference of its own. */
    void add(Buffer data) {
        if (data.length() == 0) {
            return;
        }
        data.retain();
        buffers.add(data);
        size += data.length();
    }

    /**
     * @param max at most this many bytes
     * @return the first bytes, which are dropped: a read-only view of the buffer they came in when they
     *         all lie in it and it is a {@linkplain Buffer#isSliced() slice} (no copy: a sliced buffer is
     *         never written again, so the view keeps its bytes after the stream lets go of it — a file
     *         cache's answer is one), else a copy
     */
    ByteBuffer take(int max) {
        int n = (int) Math.min(max, size);
        Buffer first = buffers.peekFirst();
        if (first != null && first.isSliced() && first.length() - head >= n) {
            ByteBuffer view = first.view().position(head).limit(head + n).slice();
            head += n;
            size -= n;
            if (head == first.length()) {
                buffers.pollFirst().release();
                head = 0;
            }
            return view;
        }
        byte[] out = new byte[n];
        int done = 0;
        while (done < out.length) {
            Buffer b = buffers.peekFirst();
            int k = Math.min(out.length - done, b.length() - head);
            b.view().position(head).get(out, done, k);
            done += k;
            head += k;
            if (head == b.length()) {
                buffers.pollFirst().release();
                head = 0;
            }
        }
        size -= out.length;
        return ByteBuffer.wrap(out).asReadOnlyBuffer();
    }

    /** Releases every buffer. */
    void clear() {
        buffers.forEach(Buffer::release);
        buffers.clear();
        head = 0;
        size = 0;
    }
}
