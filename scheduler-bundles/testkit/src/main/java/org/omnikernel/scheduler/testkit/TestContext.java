package org.omnikernel.scheduler.testkit;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.scheduler.SchedulerContext;

/**
 * What OKRT tells a scheduler instance about its place in the grid, for creating schedulers in
 * hook-level tests.
 *
 * @param resource the governed resource's name
 * @param cores    the number of cores the instance may use
 * @param metric   the metric of the records the instance receives
 */
public record TestContext(String resource, int cores, Metric metric) implements SchedulerContext {

    /** The resource {@link #of(int, Metric)} names. */
    public static final String RESOURCE = "resource.test";

    /**
     * @param cores  the number of cores the instance may use
     * @param metric the metric it shares by
     * @return a context for the resource {@value #RESOURCE}
     */
    public static TestContext of(int cores, Metric metric) {
        return new TestContext(RESOURCE, cores, metric);
    }
}
