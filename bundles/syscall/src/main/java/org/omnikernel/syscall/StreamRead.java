package org.omnikernel.syscall;

import java.nio.ByteBuffer;

/**
 * What {@link Sys#iosRead} read from an I/O stream. The seed maps the kernel's buffers read-only into
 * the process (§3.3.1.3); a JVM cannot map pages, so the bytes are a copy the kernel gives away,
 * exposed read-only all the same: a program that wants to change them copies them first.
 *
 * @param data        the bytes, read-only, position 0; empty at the end of the stream or on a poll
 *                    that found nothing
 * @param endOfStream true when the stream has ended and every byte before the end has been read:
 *                    the flow writing into it was closed. Always with empty data
 * @param buffered    bytes still buffered in the stream after this read
 */
public record StreamRead(ByteBuffer data, boolean endOfStream, long buffered) {

    /** @return the number of bytes read */
    public int length() {
        return data.remaining();
    }

    /** @return a copy of the bytes read */
    public byte[] bytes() {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        return b;
    }
}
