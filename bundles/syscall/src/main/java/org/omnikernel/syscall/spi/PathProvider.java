package org.omnikernel.syscall.spi;

import org.omnikernel.syscall.Result;

/**
 * A resource's part of the namespace (seed §3.1.4.2, §3.3.1): {@code aopen} of a path under the
 * service property {@value #PREFIX} (such as {@code /messagequeue}) is directed to it. The longest
 * registered prefix that matches a whole path segment wins.
 */
@FunctionalInterface
public interface PathProvider {

    /** Service property: the path prefix provided, starting with {@code /}. */
    String PREFIX = "namespace.prefix";

    /**
     * Opens or creates an instance. Runs on the calling kernel thread, inside its system call.
     *
     * @param request the path, its parameters and the caller
     * @return the object, or {@link org.omnikernel.syscall.Err#BAD_PARAMETER} naming a bad parameter,
     *         {@link org.omnikernel.syscall.Err#NO_SUCH_PATH} for a path under the prefix it does not know
     */
    Result<KernelObject> open(OpenRequest request);
}
