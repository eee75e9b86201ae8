package org.omnikernel.okrt.config;

import java.util.Set;

/**
 * The names a configuration may use: the resources and schedulers that installed bundles provide
 * (their {@code omnikernel.resource} and {@code omnikernel.scheduler} capabilities), whether or not
 * they have started yet.
 *
 * @param resources resource names
 * @param schedulers scheduler names
 */
public record GridCatalog(Set<String> resources, Set<String> schedulers) {

    /** Manifest capability namespace a resource bundle declares its resources in. */
    public static final String RESOURCE_NAMESPACE = "omnikernel.resource";
    /** Manifest capability namespace a scheduler bundle declares its schedulers in. */
    public static final String SCHEDULER_NAMESPACE = "omnikernel.scheduler";

    /**
     * @param resources resource names; copied
     * @param schedulers scheduler names; copied
     */
    public GridCatalog {
        resources = Set.copyOf(resources);
        schedulers = Set.copyOf(schedulers);
    }
}
