package org.omnikernel.resource.iostream.internal;

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
     * @return a copy of the first bytes, which are dropped
     */
    byte[] take(int max) {
        byte[] out = new byte[(int) Math.min(max, size)];
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
        return out;
    }

    /** Releases every buffer. */
    void clear() {
        buffers.forEach(Buffer::release);
        buffers.clear();
        head = 0;
        size = 0;
    }
}
