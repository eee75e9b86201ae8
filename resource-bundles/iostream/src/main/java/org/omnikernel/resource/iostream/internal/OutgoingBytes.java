package org.omnikernel.resource.iostream.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import org.omnikernel.okrt.object.Buffer;

/**
 * What a process wrote and no flow has read yet: kernel buffers of {@code chunk} bytes in a queue.
 * A write is copied into the last buffer while it has room before a new one is allocated (seed
 * §3.3.1.3), so a string of small writes shares one buffer. A READ that takes a whole full buffer
 * gets that buffer itself; otherwise the bytes are copied into a buffer of the size answered. Not
 * thread-safe: the stream's lock guards it.
 */
final class OutgoingBytes {

    private final int chunk;
    private final ArrayDeque<Buffer> buffers = new ArrayDeque<>();
    /** Bytes already read from the first buffer. */
    private int head;
    /** Bytes written into the last buffer. */
    private int tail;
    private long size;

    OutgoingBytes(int chunk) {
        this.chunk = chunk;
    }

    long size() {
        return size;
    }

    /** Copies bytes in; the caller has checked the capacity. */
    void append(byte[] data, int off, int len) {
        while (len > 0) {
            if (buffers.isEmpty() || tail == chunk) {
                buffers.add(Buffer.allocate(chunk));
                tail = 0;
            }
            int n = Math.min(len, chunk - tail);
            buffers.peekLast().write(tail, data, off, n);
            tail += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    /**
     * @param max at most this many bytes, at least 1
     * @return a buffer of the first bytes, whose one reference passes to the caller; empty when none
     */
    Buffer take(int max) {
        int n = (int) Math.min(max, size);
        Buffer first = buffers.peekFirst();
        if (first != null && head == 0 && n >= chunk && (buffers.size() > 1 || tail == chunk)) {
            buffers.pollFirst();
            size -= chunk;
            if (buffers.isEmpty()) {
                tail = 0;
            }
            return first;
        }
        Buffer out = Buffer.allocate(n);
        ByteBuffer into = out.writableView();
        while (into.hasRemaining()) {
            Buffer b = buffers.peekFirst();
            int end = buffers.size() == 1 ? tail : chunk;
            int k = Math.min(into.remaining(), end - head);
            into.put(b.view().position(head).limit(head + k));
            head += k;
            size -= k;
            if (head == end) {
                buffers.pollFirst().release();
                head = 0;
                if (buffers.isEmpty()) {
                    tail = 0;
                }
            }
        }
        return out;
    }

    /** Releases every buffer. */
    void clear() {
        buffers.forEach(Buffer::release);
        buffers.clear();
        head = 0;
        tail = 0;
        size = 0;
    }
}
