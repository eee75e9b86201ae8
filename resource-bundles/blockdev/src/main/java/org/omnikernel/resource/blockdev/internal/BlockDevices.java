package org.omnikernel.resource.blockdev.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.omnikernel.hal.device.DeviceHandle;
import org.omnikernel.hal.device.DeviceListener;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Resource;

/**
 * For each block device and SCSI host adapter the HAL adopts, publishes its {@code dir.DEVICE} and {@code drwr.DEVICE}
 * resources; when the device leaves, answers the requests in flight and withdraws both. Public (in a
 * private package) so that other bundles' tests can run the real device resources in a test kernel.
 */
public final class BlockDevices implements DeviceListener {

    /** Makes a resource available to the kernel; the returned action withdraws it. */
    public interface Publisher {
        /**
         * @param resource a device's resource
         * @return withdraws it
         */
        Runnable publish(Resource resource);
    }

    private record Published(DeviceResources resources, Runnable readWrite, Runnable interrupt) {
    }

    private final Okrt okrt;
    private final Publisher publisher;
    private final Map<String, Published> devices = new ConcurrentHashMap<>();

    /**
     * @param okrt      the kernel
     * @param publisher how resources reach the kernel: OSGi services, or attached directly
     */
    public BlockDevices(Okrt okrt, Publisher publisher) {
        this.okrt = okrt;
        this.publisher = publisher;
    }

    @Override
    public void deviceAdded(DeviceHandle device) {
        DeviceResources r = DeviceResources.of(device, okrt);
        if (r == null) {
            return;
        }
        // the interrupt resource first: once drwr takes requests, their completions have somewhere to go
        Runnable dir = publisher.publish(r.interrupt);
        Runnable drwr = publisher.publish(r.readWrite);
        r.connectInterrupts();
        devices.put(device.name(), new Published(r, drwr, dir));
    }

    @Override
    public void deviceRemoved(DeviceHandle device) {
        Published p = devices.remove(device.name());
        if (p != null) {
            withdraw(p);
        }
    }

    /** Withdraws every device's resources. */
    public void close() {
        devices.values().forEach(this::withdraw);
        devices.clear();
    }

    private void withdraw(Published p) {
        p.resources().disconnect();
        p.readWrite().run();
        p.interrupt().run();
    }
}
