package org.omnikernel.okrt.internal;

import java.util.Arrays;

import org.omnikernel.okrt.Metric;

/**
 * Consumption per metric over one batch: the few metrics a batch produces (cpu, memory, and what its
 * resource records), so that each scheduler on the dispatch path gets a record in its own metric.
 * Reused by its core; no allocation once warmed up.
 */
final class MetricSums {

    private Metric[] metrics = new Metric[4];
    private long[] sums = new long[4];
    private int size;

    void clear() {
        size = 0;
    }

    void add(Metric metric, long amount) {
        for (int i = 0; i < size; i++) {
            if (metrics[i].equals(metric)) {
                sums[i] += amount;
                return;
            }
        }
        if (size == metrics.length) {
            metrics = Arrays.copyOf(metrics, size * 2);
            sums = Arrays.copyOf(sums, size * 2);
        }
        metrics[size] = metric;
        sums[size++] = amount;
    }

    /** Adds every sum here to another. */
    void addTo(MetricSums other) {
        for (int i = 0; i < size; i++) {
            other.add(metrics[i], sums[i]);
        }
    }

    /** @return the sum for a metric, 0 when the batch produced none */
    long get(Metric metric) {
        for (int i = 0; i < size; i++) {
            if (metrics[i].equals(metric)) {
                return sums[i];
            }
        }
        return 0;
    }
}
