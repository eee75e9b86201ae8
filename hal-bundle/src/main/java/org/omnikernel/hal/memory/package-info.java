/**
 * Physical memory as the kernel sees it (seed §3.2): fixed-size frames of off-heap memory, handed out
 * by a {@link org.omnikernel.hal.memory.FrameAllocator} that accounts every frame to its owner, for
 * the memory resource (MR) and the file cache to share and reclaim.
 */
@Version("0.1.0")
@Export
package org.omnikernel.hal.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
