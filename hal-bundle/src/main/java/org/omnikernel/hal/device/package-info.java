/**
 * The driver SPI (seed §3.1.8, BRIEF §3 "Drivers"): what a vendor implements to bring a device into
 * a running kernel, and the registry through which the kernel finds it.
 *
 * <p>A driver bundle registers its device as an OSGi service of type {@link org.omnikernel.hal.device.Device}
 * (a {@link org.omnikernel.hal.device.BlockDevice} or a {@link org.omnikernel.hal.device.NetworkDevice}).
 * The HAL's {@link org.omnikernel.hal.device.DeviceRegistry} gives it an interrupt line and starts it;
 * the device reports completions and received frames by raising interrupts through its
 * {@link org.omnikernel.hal.device.DeviceContext}, from its own threads. The kernel creates the
 * device's interrupt and read/write resources and talks to the device only through this SPI.
 * See docs/writing-a-driver.md.
 */
@Version("0.1.0")
@Export
package org.omnikernel.hal.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
