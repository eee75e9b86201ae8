package org.omnikernel.okrt.config;

import java.util.List;
import java.util.Optional;

/**
 * The checked grid configuration: the CPU resource scheduler, the compartment schedulers between it
 * and resource schedulers (any depth, §4.2.2), and the resource schedulers.
 *
 * @param source       where it was read from, for messages
 * @param cores        the number of cores the kernel runs
 * @param cpu          the CPU resource scheduler
 * @param compartments compartment schedulers, parents before children
 * @param resources    the resource schedulers, in file order, possibly with a {@link SchedulerSpec#DEFAULT} entry
 * @param fallback     the scheduler that takes over when the bundle of a scheduler in use goes away
 */
public record SchedulerConfig(String source, int cores, SchedulerSpec cpu, List<SchedulerSpec> compartments,
        List<SchedulerSpec> resources, String fallback) {

    /** The fallback when the file names none: OKRT's own scheduler, which never goes away. */
    public static final String DEFAULT_FALLBACK = "okrt.fifo";

    /**
     * @param source       where it was read from
     * @param cores        core count
     * @param cpu          the CPU scheduler
     * @param compartments the compartment schedulers; copied
     * @param resources    the resource schedulers; copied
     * @param fallback     the fallback scheduler's name
     */
    public SchedulerConfig {
        compartments = List.copyOf(compartments);
        resources = List.copyOf(resources);
    }

    /**
     * @param resource a resource's name
     * @return the scheduler configured for it, or the default entry's, or empty when neither exists
     */
    public Optional<SchedulerSpec> schedulerFor(String resource) {
        Optional<SchedulerSpec> own = resources.stream().filter(r -> r.resource().equals(resource)).findFirst();
        if (own.isPresent()) {
            return own;
        }
        return resources.stream().filter(r -> r.resource().equals(SchedulerSpec.DEFAULT)).findFirst()
                .map(d -> d.forResource(resource));
    }
}
