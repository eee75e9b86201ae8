package org.omnikernel.itest.ramdisk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.omnikernel.hal.device.BlockCompletion;
import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.hal.device.BlockRequest;
import org.omnikernel.hal.device.Device;
import org.omnikernel.hal.device.DeviceContext;
import org.osgi.service.component.annotations.Component;

/**
 * ram0: 1 MiB of RAM as a block device, written as a vendor writes a driver — against the HAL's SPI
 * only. Requests complete on the device's own thread, as a disk's would, and each completion comes
 * back to the kernel as an interrupt. At most {@value #DEPTH} requests are in flight.
 */
@Component(service = Device.class)
public final class RamDisk implements BlockDevice {

    static final int BLOCK = 512;
    static final int BLOCKS = 2048;
    static final int DEPTH = 4;

    private final byte[] media = new byte[BLOCK * BLOCKS];
    private final Semaphore slots = new Semaphore(DEPTH);
    private ExecutorService controller;
    private DeviceContext context;

    @Override
    public String name() {
        return "ram0";
    }

    @Override
    public void start(DeviceContext ctx) {
        this.context = ctx;
        this.controller = Executors.newSingleThreadExecutor(r -> new Thread(r, "ram0-controller"));
    }

    @Override
    public void stop() {
        controller.shutdownNow();
    }

    @Override
    public int blockSize() {
        return BLOCK;
    }

    @Override
    public long blockCount() {
        return BLOCKS;
    }

    @Override
    public int queueDepth() {
        return DEPTH;
    }

    @Override
    public boolean submit(BlockRequest r) {
        r.checkAgainst(this);
        if (!slots.tryAcquire()) {
            return false;
        }
        controller.execute(() -> {
            try {
                transfer(r);
                context.raise(new BlockCompletion(r, null));
            } finally {
                slots.release();
            }
        });
        return true;
    }

    private void transfer(BlockRequest r) {
        int offset = Math.toIntExact(r.block() * BLOCK);
        int length = r.blocks() * BLOCK;
        synchronized (media) {
            switch (r.op()) {
                case READ -> r.buffer().put(media, offset, length);
                case WRITE -> r.buffer().get(media, offset, length);
                case FLUSH -> { } // RAM is as durable as it gets
            }
        }
    }
}
