package org.omnikernel.okrt.internal.osgi;

import java.util.HashSet;
import java.util.Set;

import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Reads the resource and scheduler names that installed bundles declare as manifest capabilities,
 * so that a configuration can be checked before those bundles have started.
 */
final class BundleCatalog {

    private BundleCatalog() {
    }

    static GridCatalog scan(BundleContext context) {
        Set<String> resources = new HashSet<>();
        Set<String> schedulers = new HashSet<>();
        schedulers.add(FifoScheduler.NAME);
        for (Bundle b : context.getBundles()) {
            BundleRevision rev = b.adapt(BundleRevision.class);
            if (rev == null) {
                continue;
            }
            collect(rev, GridCatalog.RESOURCE_NAMESPACE, resources);
            collect(rev, GridCatalog.SCHEDULER_NAMESPACE, schedulers);
        }
        return new GridCatalog(resources, schedulers);
    }

    private static void collect(BundleRevision rev, String namespace, Set<String> into) {
        for (BundleCapability c : rev.getDeclaredCapabilities(namespace)) {
            Object name = c.getAttributes().get("name");
            if (name instanceof String s) {
                into.add(s);
            } else if (name instanceof java.util.List<?> list) {
                list.forEach(n -> into.add(String.valueOf(n)));
            }
        }
    }
}
