package org.omnikernel.resource.blockdev.internal;

import org.omnikernel.hal.Machine;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Resource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes each block device's resources as {@link Resource} services, which OKRT attaches under the
 * schedulers the grid configuration names for them ({@code resource="drwr.disk0"}, or {@code *}).
 */
@Component(immediate = true)
public final class BlockDevicesComponent {

    private final Machine machine;
    private final BlockDevices devices;

    /**
     * @param machine the HAL's machine
     * @param okrt    the kernel
     * @param context this bundle's context
     */
    @Activate
    public BlockDevicesComponent(@Reference Machine machine, @Reference Okrt okrt, BundleContext context) {
        this.machine = machine;
        this.devices = new BlockDevices(okrt, resource -> context.registerService(Resource.class, resource, null)::unregister);
        machine.devices().addListener(devices);
    }

    @Deactivate
    void deactivate() {
        machine.devices().removeListener(devices);
        devices.close();
    }
}
