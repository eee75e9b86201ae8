package org.omnikernel.hal.device;

import org.omnikernel.hal.InterruptLine;

/**
 * A device the registry adopted, as the kernel sees it.
 *
 * @param device    the driver's device object
 * @param driver    the driver, e.g. its bundle's symbolic name
 * @param interrupt the device's interrupt line: the kernel sets its low-level handler
 */
public record DeviceHandle(Device device, String driver, InterruptLine interrupt) {

    /** @return the device's name */
    public String name() {
        return device.name();
    }
}
