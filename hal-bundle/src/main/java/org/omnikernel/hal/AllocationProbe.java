package org.omnikernel.hal;

import java.lang.management.ManagementFactory;

/**
 * Reads per-thread allocated bytes through {@code com.sun.management.ThreadMXBean} when the JVM has
 * it; kept in its own class so that a JVM without the package only loses this probe.
 */
final class AllocationProbe {

    private final com.sun.management.ThreadMXBean bean;

    private AllocationProbe(com.sun.management.ThreadMXBean bean) {
        this.bean = bean;
    }

    static AllocationProbe create() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b
                    && b.isThreadAllocatedMemorySupported()) {
                b.setThreadAllocatedMemoryEnabled(true);
                return new AllocationProbe(b);
            }
        } catch (LinkageError | UnsupportedOperationException e) {
            // The optional import did not resolve or the JVM refuses: memory is reported as unavailable.
        }
        return new AllocationProbe(null);
    }

    boolean available() {
        return bean != null;
    }

    long currentThreadAllocatedBytes() {
        return bean == null ? -1 : bean.getCurrentThreadAllocatedBytes();
    }
}
