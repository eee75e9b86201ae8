package org.omnikernel.okrt.stats;

/**
 * One core's accounting. Handler, overhead, idle and interrupt time are each summed from their own
 * segments between timestamps; {@code unaccountedNanos} is elapsed minus the four, so a code path that loses
 * time shows up here (seed §5.3). While the core runs it also holds the segment in progress.
 *
 * @param core             the core's index
 * @param elapsedNanos     time since the core started (or until it stopped)
 * @param handlerNanos     time inside message handlers
 * @param overheadNanos    time in OKRT itself: scheduling, routing, records, timers
 * @param idleNanos        time waiting for work
 * @param interruptNanos   time in low-level interrupt handlers (seed §3.3.2), including those serviced
 *                         while a handler waited on the core, which are not charged to the handler
 * @param unaccountedNanos elapsed minus handler, overhead, idle and interrupt
 * @param threadCpuNanos   CPU time the operating system gave the core's thread, sampled at the last
 *                         dispatch loop turn (elapsed minus this is time the OS took away)
 * @param messages         messages executed
 * @param batches          dispatches (scheduling decisions that ran messages)
 */
public record CoreStatistics(int core, long elapsedNanos, long handlerNanos, long overheadNanos, long idleNanos,
        long interruptNanos, long unaccountedNanos, long threadCpuNanos, long messages, long batches) {
}
