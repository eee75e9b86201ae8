package org.omnikernel.syscall.spi;

/**
 * A thread's CPU use.
 *
 * @param cpuNanos       the time its timeslices ran, on the monotonic clock: what was attributed to its CPUA
 * @param threadCpuNanos its JVM thread's CPU clock, read once per timeslice (the operating system's view)
 * @param slices         timeslices it was dispatched
 */
public record ThreadStats(long cpuNanos, long threadCpuNanos, long slices) {
}
