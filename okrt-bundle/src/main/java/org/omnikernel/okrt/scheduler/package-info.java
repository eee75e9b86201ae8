/**
 * The scheduler SPI: the hooks of the seed's Table 3.1.

 <p>A scheduler bundle registers a {@link org.omnikernel.okrt.scheduler.SchedulerFactory} service
 under a name such as {@code propshare.wfq}. OKRT creates one {@link org.omnikernel.okrt.scheduler.Scheduler}
 (shared state) per governed resource and one {@link org.omnikernel.okrt.scheduler.CoreScheduler}
 (per-core state) per core it may use; see each hook for who calls it and where.
 */
@Version("0.1.0")
@Export
package org.omnikernel.okrt.scheduler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
