package org.omnikernel.okrt.stats;

/**
 * One activity's figures, summed over its request queues at every resource and core.
 *
 * @param id           the activity's id
 * @param name         its name
 * @param messages     messages executed on its behalf
 * @param cpuNanos     handler time attributed to it
 * @param memoryBytes  heap bytes allocated by handlers on its behalf
 * @param nbytes       bytes resources reported moving for it
 * @param queued       messages waiting now
 * @param waitingNanos total time its messages waited before running
 * @param queues       request queues it has now
 */
public record ActivityStatistics(long id, String name, long messages, long cpuNanos, long memoryBytes, long nbytes,
        long queued, long waitingNanos, int queues) {
}
