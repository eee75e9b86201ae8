/**
 * The system calls of Omnikernel as programs see them (seed §3.3.1, §3.4, §4.1; Figs 3.19–3.24,
 * 4.1–4.3), with Java types and error codes instead of C ones.
 *
 * <p>A program is a {@link org.omnikernel.syscall.Program} offered as an OSGi service with the
 * property {@value org.omnikernel.syscall.Program#NAME}. The process resource starts it on a kernel
 * thread and hands it its {@link org.omnikernel.syscall.Sys}. Expected failures — a bad RID, an
 * unknown path, a bad parameter, a timeout — come back as a {@link org.omnikernel.syscall.Result}
 * carrying an {@link org.omnikernel.syscall.Err} and a message; nothing is thrown into the program.
 */
@Version("0.3.0")
@Export
package org.omnikernel.syscall;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
