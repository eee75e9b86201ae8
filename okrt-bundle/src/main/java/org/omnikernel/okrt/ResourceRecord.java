package org.omnikernel.okrt;

/**
 * Resource consumption incurred by executing one message (the seed's {@code resrec_t}, Fig 3.4).
 * Records of the CPU and memory metrics come from OKRT's instrumentation; resources add others with
 * {@link ExecutionContext#record(Metric, long)}.
 *
 * @param metric      what was consumed
 * @param consumption how much, in the metric's unit (ns for cpu, bytes for memory and nbytes)
 */
public record ResourceRecord(Metric metric, long consumption) {

    /**
     * @param metric      what was consumed
     * @param consumption how much
     * @throws IllegalArgumentException when consumption is negative
     */
    public ResourceRecord {
        if (metric == null) {
            throw new IllegalArgumentException("resource record without a metric");
        }
        if (consumption < 0) {
            throw new IllegalArgumentException("resource record of " + metric + " with negative consumption " + consumption);
        }
    }
}
