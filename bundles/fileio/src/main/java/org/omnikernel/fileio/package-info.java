/**
 * The blocking file library (seed §3.3: "a process is presented with commodity synchronous I/O
 * interfaces through a library implementation that builds on the Vortex asynchronous I/O
 * interface"). {@link org.omnikernel.fileio.FileIo} opens files with {@code aopen}, moves their bytes
 * with flows between the file and I/O streams of its own, and waits for each flow source's completion
 * on a message queue bound to its I/O aggregate; {@code stat}, {@code list}, {@code mkdir},
 * {@code unlink}, {@code rmdir} and {@code rename} are system calls of their own. Errors are
 * {@link org.omnikernel.syscall.Result}s with the kernel's code and message; the streams throw
 * {@link org.omnikernel.fileio.FileIoException}.
 */
@Version("0.1.0")
@Export
package org.omnikernel.fileio;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
