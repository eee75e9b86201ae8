package org.omnikernel.okrt.object;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A reference-counted byte buffer (seed §3.3.1.2): passed by reference between resources instead of
 * copied, and immutable while shared. Writes are allowed only while the caller holds the only
 * reference; once a second resource has retained it, a writer must make a {@link #copy()}, so a
 * reader never sees bytes change under it (the seed's "replace, do not overwrite, data others
 * refer to").
 */
public final class Buffer extends KObject {

    private final byte[] bytes;
    private final int length;

    private Buffer(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
    }

    /**
     * @param capacity the size in bytes
     * @return a zero-filled buffer with one reference, the caller's
     */
    public static Buffer allocate(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative buffer capacity " + capacity);
        }
        return new Buffer(new byte[capacity], capacity);
    }

    /**
     * @param data the bytes; copied
     * @return a buffer holding them, with one reference
     */
    public static Buffer of(byte[] data) {
        return new Buffer(data.clone(), data.length);
    }

    /** @return the size in bytes */
    public int length() {
        return length;
    }

    /**
     * @param index a position
     * @return the byte there
     */
    public byte get(int index) {
        Objects.checkIndex(index, length);
        checkAlive();
        return bytes[index];
    }

    /** @return a read-only view of the bytes */
    public ByteBuffer view() {
        checkAlive();
        return ByteBuffer.wrap(bytes, 0, length).asReadOnlyBuffer();
    }

    /**
     * A writable view, for the sole holder to fill in place — a device reading into it, say. Valid
     * only while the caller holds the only reference.
     *
     * @return a view of the whole buffer, position 0
     * @throws IllegalStateException when the buffer is shared (reference count above 1) or disposed
     * @since 0.2.0
     */
    public ByteBuffer writableView() {
        checkExclusive();
        return ByteBuffer.wrap(bytes, 0, length);
    }

    /**
     * Copies bytes in.
     *
     * @param offset where in this buffer
     * @param src    the bytes
     * @param from   where in {@code src}
     * @param count  how many
     * @throws IllegalStateException when the buffer is shared (reference count above 1) or disposed
     */
    public void write(int offset, byte[] src, int from, int count) {
        Objects.checkFromIndexSize(offset, count, length);
        Objects.checkFromIndexSize(from, count, src.length);
        checkExclusive();
        System.arraycopy(src, from, bytes, offset, count);
    }

    /** @return a private copy with one reference */
    public Buffer copy() {
        checkAlive();
        return new Buffer(bytes.clone(), length);
    }

    private void checkExclusive() {
        checkAlive();
        if (refCount() > 1) {
            throw new IllegalStateException(this + " is shared by " + refCount() + " references and immutable; write to a copy");
        }
    }

    private void checkAlive() {
        if (isDisposed()) {
            throw new IllegalStateException(this + " used after disposal");
        }
    }
}
