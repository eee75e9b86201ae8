package org.omnikernel.okrt.scheduler;

import org.omnikernel.okrt.Metric;

/**
 * What OKRT tells a scheduler instance about its place in the grid.
 */
public interface SchedulerContext {

    /** @return the name of the governed resource, or {@code okrt.cpu} for the CPU resource scheduler */
    String resource();

    /** @return the number of cores the instance may use; core indexes run from 0 to this minus one */
    int cores();

    /** @return the metric whose records OKRT passes to {@link CoreScheduler#resourceRecord} */
    Metric metric();
}
