package org.omnikernel.okrt;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of resource consumption (the seed's {@code rmetric_t}, Fig 3.4). OKRT measures {@link #CPU}
 * and {@link #MEMORY} around every message; resources report {@link #NBYTES} and metrics of their own
 * (disk time, queue depth…) from inside. A scheduler is configured with the metric it shares by.
 *
 * @param name lower-case identifier, such as {@code cpu} or {@code nbytes}
 */
public record Metric(String name) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    /** Nanoseconds a handler ran, measured by OKRT outside the resource. */
    public static final Metric CPU = new Metric("cpu");
    /** Heap bytes a handler allocated, measured by OKRT outside the resource. */
    public static final Metric MEMORY = new Metric("memory");
    /** Bytes a resource moved (sent, written, transferred), reported by the resource. */
    public static final Metric NBYTES = new Metric("nbytes");

    /**
     * @param name the metric's name
     * @throws IllegalArgumentException when the name is not a lower-case identifier of at most 32 characters
     */
    public Metric {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric \"" + name
                    + "\" is not a metric name: use a lower-case identifier such as cpu, memory, nbytes or disk_time");
        }
    }

    /**
     * @param name the metric's name
     * @return the metric
     */
    public static Metric of(String name) {
        return new Metric(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
