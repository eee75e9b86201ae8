package org.omnikernel.hal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The clocks OKRT measures with.
 *
 * <ul>
 *   <li>{@link #monotonicNanos()}: the seed's timestamp counter; about 35 ns a read here, cheap enough
 *       to bracket every message.</li>
 *   <li>{@link #currentThreadCpuNanos()}: CPU time the operating system gave the calling thread; about
 *       0.9 µs a read, so it reconciles per sample, never per message.</li>
 *   <li>{@link #currentThreadAllocatedBytes()}: bytes the calling thread allocated on the heap, the
 *       JVM's stand-in for the seed's instrumented kernel allocators; about 20 ns a read.</li>
 * </ul>
 *
 * <p>All methods are thread-safe and allocation-free.
 */
public final class Clocks {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final AllocationProbe ALLOCATION = AllocationProbe.create();

    private Clocks() {
    }

    /** @return nanoseconds from an arbitrary origin, never decreasing; {@link System#nanoTime()} */
    public static long monotonicNanos() {
        return System.nanoTime();
    }

    /** @return CPU nanoseconds consumed by the calling thread, or -1 when the JVM cannot tell */
    public static long currentThreadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** @return heap bytes allocated by the calling thread since it started, or -1 when unavailable */
    public static long currentThreadAllocatedBytes() {
        return ALLOCATION.currentThreadAllocatedBytes();
    }

    /** @return whether {@link #currentThreadAllocatedBytes()} measures anything on this JVM */
    public static boolean allocationMeasured() {
        return ALLOCATION.available();
    }
}
