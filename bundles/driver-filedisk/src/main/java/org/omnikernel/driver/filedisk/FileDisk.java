package org.omnikernel.driver.filedisk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

import org.omnikernel.hal.device.BlockCompletion;
import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.hal.device.BlockRequest;
import org.omnikernel.hal.device.Device;
import org.omnikernel.hal.device.DeviceContext;

/**
 * A block device whose medium is an image file. At most {@code queueDepth} requests are in flight
 * ({@link #submit} refuses beyond); each completes on the device's own thread with a
 * {@link BlockCompletion} raised as an interrupt, I/O errors included (as an error sentence, never an
 * exception into the kernel).
 *
 * <p>With {@link DiskModel#PASS_THROUGH} up to {@code concurrency} requests (at most the queue depth;
 * one by default) run at once at the file's speed and may complete in any order, as on a real disk's queue;
 * the kernel never has two overlapping requests out at once (EXT2R holds a newer write of a block until
 * the older is done). With a modelled disk one head serves them one at a time, in arrival order, and
 * each completes no earlier
 * than the model says: the transfer to the file happens first, then the controller waits out the
 * rest of the modelled service time.
 */
final class FileDisk implements BlockDevice {

    private final String name;
    private final Path image;
    private final int blockSize;
    private final int queueDepth;
    /** Requests a pass-through disk runs at once. */
    private final int concurrency;
    private final boolean readOnly;
    private final DiskModel model;
    private final Semaphore slots;
    private FileChannel channel;
    private long blockCount;
    private ExecutorService controller;
    private DeviceContext context;
    private volatile boolean stopped;
    private long headFreeAt;

    /**
     * @param name       the device's name
     * @param image      the image file; it must exist
     * @param blockSize  bytes per block, a power of two from 512
     * @param queueDepth  requests in flight at most, at least 1
     * @param concurrency pass-through: requests served at once, 1 to {@code queueDepth}
     * @param readOnly    whether writes are refused
     * @param model       the disk model
     * @throws IllegalArgumentException naming a bad value
     */
    FileDisk(String name, Path image, int blockSize, int queueDepth, int concurrency, boolean readOnly, DiskModel model) {
        Device.requireBlockSize(name, blockSize);
        Device.requireQueueDepth(name, queueDepth);
        if (concurrency < 1 || concurrency > queueDepth) {
            throw new IllegalArgumentException("device " + name + ": concurrency " + concurrency
                    + " must be between 1 and the queue depth, " + queueDepth);
        }
        this.concurrency = concurrency;
        this.name = name;
        this.image = image;
        this.blockSize = blockSize;
        this.queueDepth = queueDepth;
        this.readOnly = readOnly;
        this.model = model;
        this.slots = new Semaphore(queueDepth);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(DeviceContext ctx) throws IOException {
        channel = readOnly ? FileChannel.open(image, StandardOpenOption.READ)
                : FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        // Another kernel (or an fs tool) writing the same image would corrupt it: one writer, or readers.
        java.nio.channels.FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, readOnly);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // this JVM has it already, as another device
        }
        if (lock == null) {
            channel.close();
            throw new IOException(image + " is in use: another device or kernel has it open"
                    + (readOnly ? " for writing" : ""));
        }
        long size = channel.size();
        if (size < blockSize) {
            channel.close();
            throw new IOException(image + " holds " + size + " bytes, less than one " + blockSize + "-byte block");
        }
        blockCount = size / blockSize;
        context = ctx;
        // A modelled disk has one head. Pass-through overlaps up to `concurrency` requests, which may
        // then complete in any order, as a real disk's queue may: the kernel never has two writes of
        // one block (or a write and a read of it) out at once, EXT2R holds the newer until the older is done.
        int threads = model == DiskModel.PASS_THROUGH ? concurrency : 1;
        controller = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-controller");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void stop() {
        stopped = true;
        controller.shutdownNow();
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do with a channel we are abandoning
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
    public int queueDepth() {
        return queueDepth;
    }

    /** @return the disk model, for the device list */
    DiskModel model() {
        return model;
    }

    @Override
    public boolean submit(BlockRequest r) {
        r.checkAgainst(this);
        if (readOnly && r.op() == BlockRequest.Op.WRITE) {
            throw new IllegalArgumentException(name + " is read-only: WRITE of request " + r.tag() + " refused");
        }
        if (stopped || !slots.tryAcquire()) {
            return false;
        }
        controller.execute(() -> serve(r));
        return true;
    }

    private void serve(BlockRequest r) {
        long start = System.nanoTime();
        String error = null;
        try {
            transfer(r);
        } catch (IOException | RuntimeException e) {
            error = r.op() + " of blocks " + r.block() + "+" + r.blocks() + " on " + name + " failed: " + e;
        }
        waitForModel(r, start);
        slots.release();
        if (!stopped) {
            context.raise(new BlockCompletion(r, error));
        }
    }

    private void transfer(BlockRequest r) throws IOException {
        long position = r.block() * blockSize;
        switch (r.op()) {
            case READ -> {
                ByteBuffer b = r.buffer();
                while (b.hasRemaining()) {
                    int n = channel.read(b, position);
                    if (n < 0) {
                        throw new IOException("end of image at byte " + position);
                    }
                    position += n;
                }
            }
            case WRITE -> {
                ByteBuffer b = r.buffer();
                while (b.hasRemaining()) {
                    position += channel.write(b, position);
                }
            }
            case FLUSH -> channel.force(false);
        }
    }

    /** Single controller thread when modelled, so the head's timeline needs no lock. */
    private void waitForModel(BlockRequest r, long transferStart) {
        if (model == DiskModel.PASS_THROUGH) {
            return;
        }
        long begin = Math.max(transferStart, headFreeAt);
        long done = begin + model.serviceNanos(r.block(), r.blocks(), blockSize, begin);
        headFreeAt = done;
        for (long left = done - System.nanoTime(); left > 0 && !stopped; left = done - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
