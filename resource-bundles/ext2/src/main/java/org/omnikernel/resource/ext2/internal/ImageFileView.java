package org.omnikernel.resource.ext2.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A fully resident {@link BlockView} over an image file, memory-mapped: every block is resident,
 * reads copy nothing, and a commit writes through to the file. Used by the tests and by the
 * {@code ./okernel fs} tool; inside the kernel the file cache is the view.
 */
public final class ImageFileView implements BlockView, AutoCloseable {
    /** Mapped in chunks because one mapping is limited to 2 GiB. */
    private static final long CHUNK_BYTES = 1L << 30;

    private final FileChannel channel;
    private final MappedByteBuffer[] chunks;
    private final int blockSize;
    private final int blocksPerChunk;
    private final long blockCount;
    private final boolean writable;

    private ImageFileView(FileChannel channel, int blockSize, boolean writable, long chunkBytes) throws IOException {
        this.channel = channel;
        this.blockSize = blockSize;
        this.writable = writable;
        this.blocksPerChunk = (int) (chunkBytes / blockSize);
        long size = channel.size();
        this.blockCount = size / blockSize;
        int n = (int) ((blockCount + blocksPerChunk - 1) / blocksPerChunk);
        this.chunks = new MappedByteBuffer[n];
        FileChannel.MapMode mode = writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
        for (int i = 0; i < n; i++) {
            long start = i * (long) blocksPerChunk * blockSize;
            long length = Math.min((long) blocksPerChunk * blockSize, blockCount * blockSize - start);
            chunks[i] = channel.map(mode, start, length);
            chunks[i].order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * Opens an image, taking the block size from its superblock.
     *
     * @param image the image file
     * @param writable false to open the file read-only (installing blocks then fails)
     * @return the view
     * @throws IOException when the file cannot be read
     * @throws Ext2Exception {@link Ext2Error#BAD_MAGIC} or {@link Ext2Error#CORRUPT} when the file does
     *     not start like an ext2 file system
     */
    public static ImageFileView open(Path image, boolean writable) throws IOException {
        return open(image, writable, CHUNK_BYTES);
    }

    /** As {@link #open(Path, boolean)}, mapping {@code chunkBytes} at a time (tests use small chunks). */
    static ImageFileView open(Path image, boolean writable, long chunkBytes) throws IOException {
        FileChannel channel = writable
                ? FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(image, StandardOpenOption.READ);
        try {
            ByteBuffer sb = ByteBuffer.allocate(Superblock.SIZE).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(sb, Superblock.OFFSET);
            int blockSize = Superblock.probeBlockSize(sb.flip());
            return new ImageFileView(channel, blockSize, writable, Math.max(chunkBytes, blockSize));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public ByteBuffer read(long block) {
        MappedByteBuffer chunk = chunk(block);
        int offset = (int) (block % blocksPerChunk) * blockSize;
        return chunk.slice(offset, blockSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void install(long block, ByteBuffer contents) {
        MappedByteBuffer chunk = chunk(block);
        int offset = (int) (block % blocksPerChunk) * blockSize;
        chunk.put(offset, contents, 0, blockSize);
    }

    private MappedByteBuffer chunk(long block) {
        if (block < 0 || block >= blockCount) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "block " + block + " is outside the image ("
                    + blockCount + " blocks)");
        }
        return chunks[(int) (block / blocksPerChunk)];
    }

    /** Writes installed blocks to the file. */
    public void force() {
        for (MappedByteBuffer chunk : chunks) {
            if (!chunk.isReadOnly()) {
                chunk.force();
            }
        }
    }

    @Override
    public void close() {
        force();
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
