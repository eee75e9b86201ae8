package org.omnikernel.resource.ext2.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Writes little-endian fields straight into an image file, to corrupt it on purpose. */
final class ImagePatch {
    private ImagePatch() {
    }

    static void putShort(Path image, long offset, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(offset);
            f.write(value & 0xff);
            f.write((value >>> 8) & 0xff);
        }
    }

    static int getInt(Path image, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            f.seek(offset);
            return Integer.reverseBytes(f.readInt());
        }
    }

    static void putInt(Path image, long offset, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(offset);
            f.writeInt(Integer.reverseBytes(value));
        }
    }
}
