package org.omnikernel.resource.ext2.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.Volume;
import org.omnikernel.storage.VolumeProtocol;

/**
 * For tests: a resource named {@value VolumeProtocol#RESOURCE} that answers {@link VolumeProtocol} for
 * one volume backed by an image file, as STOR does for a real device — offsets and lengths must be
 * multiples of the volume's block size and within it, writes to a read-only volume are refused. Each
 * WRITE is logged with the activity and dependency label it came under, so that tests can see the
 * order and attribution of EXT2R's writes.
 */
final class ImageFileVolume implements Resource, AutoCloseable {
    /** One WRITE as it arrived. */
    record WriteSeen(long offset, int length, long activity, DependencyLabel label) {
    }

    private final Volume volume;
    private final FileChannel channel;
    private final List<WriteSeen> writes = new ArrayList<>();
    private int reads;
    private int flushes;
    private volatile String failWritesWith;
    /** A READ of this offset is read now and answered only on RELEASE: a slow disk that serves it late. */
    private volatile long holdReadsAt = -1;
    private final List<Message> held = new ArrayList<>();
    private final List<byte[]> heldBytes = new ArrayList<>();
    static final String RELEASE = "RELEASE";
    /** Performs and answers the held WRITEs, in arrival order. */
    static final String RELEASE_WRITES = "RELEASE_WRITES";
    /** WRITEs are held unanswered (a disk holding them): how many of one block the disk held at once. */
    private volatile boolean holdWrites;
    private final List<Message> heldWrites = new ArrayList<>();
    private final Map<Long, Integer> heldByOffset = new HashMap<>();
    private int mostOfOneBlockAtOnce;
    /** A full disk: every WRITE is rejected, waiting at the head of its queue until {@link #room()}. */
    private volatile boolean full;
    private volatile org.omnikernel.okrt.ResourceContext context;

    /**
     * @param image the image file
     * @param name the volume's name
     * @param blockSize the volume's block size
     * @param readOnly whether writes are refused
     */
    ImageFileVolume(Path image, String name, int blockSize, boolean readOnly) throws IOException {
        this.channel = readOnly ? FileChannel.open(image, StandardOpenOption.READ)
                : FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.volume = new Volume(name, "image0", 0, channel.size() / blockSize * blockSize, blockSize, readOnly,
                Volume.WHOLE, "", "");
    }

    Volume volume() {
        return volume;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(VolumeProtocol.RESOURCE)
                .request(VolumeProtocol.READ, this::read, Long.class, String.class, Long.class, Integer.class)
                .request(VolumeProtocol.WRITE, this::write, Long.class, String.class, Long.class, Buffer.class)
                .request(VolumeProtocol.FLUSH, this::flush, Long.class, String.class)
                .request(RELEASE, this::release)
                .request(RELEASE_WRITES, this::releaseWrites)
                .build();
    }

    @Override
    public void attached(org.omnikernel.okrt.ResourceContext ctx) {
        context = ctx;
    }

    private String check(Message m, long offset, long length) {
        String name = m.argument(1, String.class);
        if (!volume.name().equals(name)) {
            return "no volume named " + name;
        }
        if (offset < 0 || length <= 0 || offset % volume.blockSize() != 0 || length % volume.blockSize() != 0) {
            return "volume " + name + ": offset " + offset + " and length " + length + " are not whole "
                    + volume.blockSize() + "-byte blocks";
        }
        if (offset + length > volume.size()) {
            return "volume " + name + ": bytes " + offset + ".." + (offset + length) + " are past its end at "
                    + volume.size();
        }
        return "";
    }

    private void read(ExecutionContext ctx, Message m) throws IOException {
        long tag = m.argument(0, Long.class);
        long offset = m.argument(2, Long.class);
        int length = m.argument(3, Integer.class);
        String error = check(m, offset, length);
        if (!error.isEmpty()) {
            ctx.reply(m, VolumeProtocol.DONE, tag, Buffer.allocate(0), error);
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && channel.read(b, offset + b.position()) > 0) {
            // read fully
        }
        synchronized (this) {
            reads++;
            if (offset == holdReadsAt) {
                held.add(m);
                heldBytes.add(b.array());
                return;
            }
        }
        ctx.reply(m, VolumeProtocol.DONE, tag, Buffer.of(b.array()), "");
    }

    private void write(ExecutionContext ctx, Message m) throws IOException {
        if (full) {
            ctx.reject();
            return;
        }
        synchronized (this) {
            if (holdWrites) {
                heldWrites.add(m);
                int n = heldByOffset.merge(m.argument(2, Long.class), 1, Integer::sum);
                mostOfOneBlockAtOnce = Math.max(mostOfOneBlockAtOnce, n);
                return;
            }
        }
        perform(ctx, m);
    }

    private void perform(ExecutionContext ctx, Message m) throws IOException {
        long tag = m.argument(0, Long.class);
        long offset = m.argument(2, Long.class);
        Buffer data = m.argument(3, Buffer.class);
        String error = check(m, offset, data.length());
        if (error.isEmpty() && volume.readOnly()) {
            error = "volume " + volume.name() + " is read-only";
        }
        if (error.isEmpty() && failWritesWith != null) {
            error = failWritesWith;
        }
        if (error.isEmpty()) {
            ByteBuffer b = data.view();
            while (b.hasRemaining()) {
                channel.write(b, offset + b.position());
            }
            synchronized (this) {
                writes.add(new WriteSeen(offset, data.length(), m.activity().id(), m.dependency()));
            }
        }
        ctx.reply(m, VolumeProtocol.DONE, tag, Buffer.allocate(0), error);
    }

    private void flush(ExecutionContext ctx, Message m) throws IOException {
        long tag = m.argument(0, Long.class);
        String name = m.argument(1, String.class);
        if (!volume.name().equals(name)) {
            ctx.reply(m, VolumeProtocol.DONE, tag, Buffer.allocate(0), "no volume named " + name);
            return;
        }
        channel.force(true);
        synchronized (this) {
            flushes++;
        }
        ctx.reply(m, VolumeProtocol.DONE, tag, Buffer.allocate(0), "");
    }

    /** Holds the answers of READs at this byte offset until a RELEASE message; -1 holds none. */
    void holdReadsAt(long offset) {
        holdReadsAt = offset;
    }

    synchronized int held() {
        return held.size();
    }

    /** Answers the held READs with the bytes read when they arrived. */
    private synchronized void release(ExecutionContext ctx, Message m) {
        holdReadsAt = -1;
        for (int i = 0; i < held.size(); i++) {
            Message r = held.get(i);
            ctx.reply(r, VolumeProtocol.DONE, r.argument(0, Long.class), Buffer.of(heldBytes.get(i)), "");
        }
        held.clear();
        heldBytes.clear();
    }

    /** Holds every later WRITE unanswered until a {@link #RELEASE_WRITES} message. */
    void holdWrites() {
        holdWrites = true;
    }

    /** @return WRITEs held now */
    synchronized int heldWrites() {
        return heldWrites.size();
    }

    /** @return the most WRITEs of one block held at once: a disk could have reordered them */
    synchronized int mostOfOneBlockAtOnce() {
        return mostOfOneBlockAtOnce;
    }

    private void releaseWrites(ExecutionContext ctx, Message m) throws IOException {
        List<Message> now;
        synchronized (this) {
            holdWrites = false;
            now = List.copyOf(heldWrites);
            heldWrites.clear();
            heldByOffset.clear();
        }
        for (Message w : now) {
            perform(ctx, w);
        }
    }

    /** Makes the disk full: WRITEs wait at the head of their queues, rejected, until {@link #room()}. */
    void fill() {
        full = true;
    }

    /** The disk has room again: the resource is resumed, as its interrupt resource would. */
    void room() {
        full = false;
        context.resume();
    }

    /** Makes every later WRITE fail with this error, or succeed again with null. */
    void failWrites(String error) {
        failWritesWith = error;
    }

    synchronized List<WriteSeen> writes() {
        return List.copyOf(writes);
    }

    synchronized void clearWrites() {
        writes.clear();
    }

    synchronized int reads() {
        return reads;
    }

    synchronized int flushes() {
        return flushes;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
