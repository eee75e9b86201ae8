package org.omnikernel.okrt.stats;

/**
 * One resource's figures, summed over its request queues on every core, live and destroyed.
 *
 * @param id            the resource's id
 * @param name          its name
 * @param scheduler     the name of the scheduler governing it
 * @param metric        the metric its scheduler shares by
 * @param attached      whether the resource is attached now
 * @param messages      messages executed
 * @param cpuNanos      handler time
 * @param memoryBytes   heap bytes allocated by its handlers
 * @param nbytes        bytes the resource reported moving
 * @param queued        messages waiting now
 * @param waitingNanos  total time messages waited in queues before running
 * @param rejected      messages it rejected (and that went back to their queue)
 * @param failures      handler invocations that threw
 * @param undeliverable messages to or from it that could not be delivered after queueing
 * @param queues        request queues that exist now
 */
public record ResourceStatistics(int id, String name, String scheduler, String metric, boolean attached,
        long messages, long cpuNanos, long memoryBytes, long nbytes, long queued, long waitingNanos,
        long rejected, long failures, long undeliverable, int queues) {
}
