/**
 * The protocol of the kernel's block device resources (seed §3.1.5, §3.3.2): for every block device
 * the HAL adopts, a read/write resource {@code drwr.DEVICE} that takes requests and an interrupt
 * resource {@code dir.DEVICE} that completes them. Clients (SDRWR, STOR, tests) send to
 * {@code drwr.DEVICE} and declare the {@link org.omnikernel.resource.blockdev.BlockProtocol#DONE}
 * request type for the answers. A SCSI host adapter gets the same pair of resources, speaking
 * {@link org.omnikernel.resource.blockdev.ScsiProtocol}: SCSIR sends it command descriptor blocks.
 */
@Version("0.3.0")
@Export
package org.omnikernel.resource.blockdev;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
