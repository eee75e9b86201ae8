package org.omnikernel.okrt.config;

import java.util.Set;

/**
 * The names a configuration may use: the resources and schedulers that installed bundles provide
 * (their {@code omnikernel.resource} and {@code omnikernel.scheduler} capabilities), whether or not
 * they have started yet. A resource name ending in {@code .*} declares a family whose members a bundle
 * creates at run time, one per device say: {@code drwr.*} admits {@code drwr.disk0}.
 *
 * @param resources resource names and families
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

    /**
     * @param resource a resource name from a configuration
     * @return whether it is a declared resource or a member of a declared family
     */
    public boolean knowsResource(String resource) {
        if (resources.contains(resource)) {
            return true;
        }
        for (String r : resources) {
            if (r.endsWith(".*") && resource.length() > r.length() - 1
                    && resource.startsWith(r.substring(0, r.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
