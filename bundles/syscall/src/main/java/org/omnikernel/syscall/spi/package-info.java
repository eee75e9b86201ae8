/**
 * The contract between the resources that implement the system calls: the thread resource (TR, CPU
 * aggregates), the process resource (PR, the RID tables, the namespace), message queues (MQ), flows
 * (AIOR, {@link org.omnikernel.syscall.spi.FlowService}), I/O streams (IOR,
 * {@link org.omnikernel.syscall.spi.IoStream}) and any resource that provides a namespace path.
 * Programs use {@link org.omnikernel.syscall.Sys} instead.
 *
 * <p>Each resource bundle offers its part as an OSGi service; they meet only here and through OKRT.
 */
@Version("0.3.0")
@Export
package org.omnikernel.syscall.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
