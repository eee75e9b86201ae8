package org.omnikernel.resource.iostream.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.object.Buffer;

/**
 * What flows wrote, taken by the reader: a view when the bytes lie in one sliced buffer, a copy when they
 * span buffers or the buffer is not sliced; the bytes in order and read-only either way.
 */
class IncomingBytesTest {

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static Buffer numbered(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return Buffer.of(b);
    }

    @Test
    void takesWithinASliceAndAcrossBuffersGiveTheBytesInOrderAndReleaseEveryBuffer() {
        IncomingBytes in = new IncomingBytes();
        Buffer whole = numbered(0, 100);
        Buffer first = whole.slice(0, 60);
        Buffer plain = numbered(60, 40);
        in.add(first);
        in.add(plain);
        first.release();
        plain.release();
        assertEquals(100, in.size());

        ByteBuffer a = in.take(50);
        assertTrue(a.isReadOnly());
        assertEquals(50, a.remaining());
        assertArrayEquals(numberedBytes(0, 50), bytes(a));

        ByteBuffer across = in.take(30); // 10 of the slice, then 20 of the plain buffer: a copy
        assertArrayEquals(numberedBytes(50, 30), bytes(across));

        ByteBuffer rest = in.take(1000);
        assertArrayEquals(numberedBytes(80, 20), bytes(rest));
        assertEquals(0, in.size());
        assertEquals(0, plain.refCount(), "the stream let go of every buffer it took in");
    }

    private static byte[] numberedBytes(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }
}
