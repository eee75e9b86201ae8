/**
 * Hardware abstraction layer: what the kernel needs from the machine, behind small interfaces.
 *
 * <p>Today: the clocks that measure every message ({@link org.omnikernel.hal.Clocks}) and the
 * processors the kernel may run cores on ({@link org.omnikernel.hal.Processors}). Timers, interrupts,
 * physical frames and the driver SPI follow the seed's §3.1.8.
 */
@Version("0.1.0")
@Export
package org.omnikernel.hal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
