package org.omnikernel.itest.ramdisk;

import java.io.IOException;

import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.hal.device.BlockRequest;
import org.omnikernel.hal.device.Device;
import org.omnikernel.hal.device.DeviceContext;
import org.osgi.service.component.annotations.Component;

/** broken0: a device whose start fails, as a driver finding no medium would. */
@Component(service = Device.class)
public final class BrokenDisk implements BlockDevice {

    @Override
    public String name() {
        return "broken0";
    }

    @Override
    public void start(DeviceContext ctx) throws IOException {
        throw new IOException("no medium in broken0");
    }

    @Override
    public void stop() {
        // never started
    }

    @Override
    public int blockSize() {
        return 512;
    }

    @Override
    public long blockCount() {
        return 0;
    }

    @Override
    public int queueDepth() {
        return 1;
    }

    @Override
    public boolean submit(BlockRequest request) {
        throw new IllegalStateException("broken0 never started");
    }
}
