package org.omnikernel.okrt.object;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A reference-counted byte buffer (seed §3.3.1.2): passed by reference between resources instead of
 * copied, and immutable while shared. Writes are allowed only while the caller holds the only
 * reference; once a second resource has retained it, a writer must make a {@link #copy()}, so a
 * reader never sees bytes change under it (the seed's "replace, do not overwrite, data others
 * refer to").
 *
 * <p>A {@link #slice} shares bytes without copying them — a file cache keeping the pages of one
 * read, say, each as a slice of the buffer the read arrived in. Slices have reference counts of their
 * own (releasing the sliced buffer does not end its slices), so once a buffer has been sliced, neither
 * it nor any of its slices can be written again: a count can no longer tell who else sees those bytes.
 */
public final class Buffer extends KObject {

    private final byte[] bytes;
    private final int offset;
    private final int length;
    /** Shared with a slice, so never written again; a slice is born sliced. Set once, under no lock. */
    private volatile boolean sliced;

    private Buffer(byte[] bytes, int offset, int length, boolean sliced) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.sliced = sliced;
    }

    /**
     * @param capacity the size in bytes
     * @return a zero-filled buffer with one reference, the caller's
     */
    public static Buffer allocate(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative buffer capacity " + capacity);
        }
        return new Buffer(new byte[capacity], 0, capacity, false);
    }

    /**
     * @param data the bytes; copied
     * @return a buffer holding them, with one reference
     */
    public static Buffer of(byte[] data) {
        return new Buffer(data.clone(), 0, data.length, false);
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
        return bytes[offset + index];
    }

    /** @return a read-only view of the bytes */
    public ByteBuffer view() {
        checkAlive();
        return ByteBuffer.wrap(bytes, offset, length).slice().asReadOnlyBuffer();
    }

    /**
     * A part of this buffer's bytes, shared, not copied: a buffer of its own with one reference, the
     * caller's. From now on this buffer and every slice of it are read-only ({@link #writableView()},
     * {@link #write} throw): write to a {@link #copy()}.
     *
     * @param from   where the part starts in this buffer
     * @param length its size in bytes
     * @return the part
     * @throws IndexOutOfBoundsException when the part does not lie within this buffer
     * @throws IllegalStateException     when this buffer has been disposed of
     * @since 0.3.0
     */
    public Buffer slice(int from, int length) {
        Objects.checkFromIndexSize(from, length, this.length);
        checkAlive();
        sliced = true;
        return new Buffer(bytes, offset + from, length, true);
    }

    /**
     * Whether {@code next}'s bytes directly follow this buffer's in the same memory — two slices of one
     * buffer side by side — so that one {@link #slice} of the buffer they came from would cover both.
     *
     * @param next another buffer
     * @return true when {@code next} continues this buffer
     * @since 0.3.0
     */
    public boolean isContinuedBy(Buffer next) {
        return next.bytes == bytes && next.offset == offset + length;
    }

    /**
     * A slice from the start of this buffer to the end of {@code last}, which must continue it in the
     * same memory, directly ({@link #isContinuedBy}) or through buffers in between: one buffer over
     * several slices of one read, without copying.
     *
     * @param last a buffer sharing this one's memory, ending at or after this one's end
     * @return a read-only buffer over both and everything between
     * @throws IllegalArgumentException when {@code last} is not later in the same memory
     * @since 0.3.0
     */
    public Buffer sliceThrough(Buffer last) {
        if (last.bytes != bytes || last.offset + last.length < offset + length) {
            throw new IllegalArgumentException(last + " does not continue " + this + " in the same memory");
        }
        checkAlive();
        sliced = true;
        return new Buffer(bytes, offset, last.offset + last.length - offset, true);
    }

    /** @return whether this buffer shares its bytes with a slice (or is one), and so is read-only */
    public boolean isSliced() {
        return sliced;
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
        return ByteBuffer.wrap(bytes, offset, length).slice();
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
        System.arraycopy(src, from, bytes, this.offset + offset, count);
    }

    /** @return a private copy with one reference */
    public Buffer copy() {
        checkAlive();
        return new Buffer(java.util.Arrays.copyOfRange(bytes, offset, offset + length), 0, length, false);
    }

    private void checkExclusive() {
        checkAlive();
        if (refCount() > 1) {
            throw new IllegalStateException(this + " is shared by " + refCount() + " references and immutable; write to a copy");
        }
        if (sliced) {
            throw new IllegalStateException(this + " shares its bytes with a slice and is immutable; write to a copy");
        }
    }

    private void checkAlive() {
        if (isDisposed()) {
            throw new IllegalStateException(this + " used after disposal");
        }
    }
}
