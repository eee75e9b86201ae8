package org.omnikernel.experiments.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.omnikernel.okrt.config.ConfigException;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Reads an experiment's entitlement from the grid the kernel booted with: each resource's
 * {@code cpushare}, from its own {@code resourcescheduler} entry or the {@code resource="*"} one. The
 * file is parsed by OKRT's own parser against the names the installed bundles declare, as OKRT did
 * at boot, so the experiment sees exactly the weights the CPU scheduler was given.
 */
final class GridEntitlement {

    /** OKRT's built-in scheduler, which no manifest declares. */
    private static final String OKRT_FIFO = "okrt.fifo";

    private GridEntitlement() {
    }

    /**
     * @param context    a bundle context, to read the installed bundles' capabilities
     * @param grid       the schedulerconfig file
     * @param cores      the kernel's cores
     * @param activities the activities' short names
     * @param resources  the resource of each activity
     * @return the entitlement
     * @throws ConfigException   when the file cannot be read or parsed
     * @throws ExperimentFailure when a resource has no scheduler in the grid, or is not a direct
     *                           client of the CPU scheduler (the entitlement would not be its cpushare)
     */
    static Entitlement read(BundleContext context, String grid, int cores, List<String> activities,
            List<String> resources) throws ConfigException, ExperimentFailure {
        SchedulerConfig config = new SchedulerConfigParser(catalog(context), cores).parse(Path.of(grid));
        return of(config, activities, resources);
    }

    /**
     * @param config     the grid
     * @param activities the activities' short names
     * @param resources  the resource of each activity
     * @return the entitlement
     * @throws ExperimentFailure when a resource has no scheduler or sits in a compartment
     */
    static Entitlement of(SchedulerConfig config, List<String> activities, List<String> resources)
            throws ExperimentFailure {
        List<Long> shares = new ArrayList<>();
        for (String r : resources) {
            SchedulerSpec spec = config.schedulerFor(r).orElseThrow(() -> new ExperimentFailure(
                    config.source() + " configures no scheduler for " + r + " and has no resource=\"*\" entry"));
            if (spec.parent() != null) {
                throw new ExperimentFailure(config.source() + ": " + r + " is in compartment " + spec.parent()
                        + "; the experiment needs its resources to be clients of the CPU scheduler");
            }
            shares.add(spec.cpushare());
        }
        return new Entitlement(activities, resources, shares);
    }

    /** @return the resource and scheduler names the installed bundles declare, plus OKRT's own */
    private static GridCatalog catalog(BundleContext context) {
        Set<String> resources = new HashSet<>();
        Set<String> schedulers = new HashSet<>(Set.of(OKRT_FIFO));
        for (Bundle b : context.getBundles()) {
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision != null) {
                collect(revision, GridCatalog.RESOURCE_NAMESPACE, resources);
                collect(revision, GridCatalog.SCHEDULER_NAMESPACE, schedulers);
            }
        }
        return new GridCatalog(resources, schedulers);
    }

    private static void collect(BundleRevision revision, String namespace, Set<String> into) {
        for (BundleCapability c : revision.getDeclaredCapabilities(namespace)) {
            Object name = c.getAttributes().get("name");
            if (name instanceof String s) {
                into.add(s);
            } else if (name instanceof List<?> list) {
                list.forEach(n -> into.add(String.valueOf(n)));
            }
        }
    }
}
