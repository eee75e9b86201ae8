package org.omnikernel.hal.device;

/**
 * The kernel's side of the registry: told when a device arrives (before it starts, so the kernel can
 * set the device's low-level interrupt handler and create its resources) and when it leaves.
 */
public interface DeviceListener {

    /** @param device a device about to start */
    void deviceAdded(DeviceHandle device);

    /** @param device a device that stopped or failed to start */
    void deviceRemoved(DeviceHandle device);
}
