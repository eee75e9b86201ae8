package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/**
 * Moves a compartment's scheduler to other cores while messages flow (seed §3.1.7.1, §4.2.2). Its
 * resource schedulers and child compartments are its clients on each core, so they move with it:
 *
 * <pre>
 *  1. a new compartment scheduler instance joins the compartment's parent on each new core and takes
 *     the compartment's place in the grid
 *  2. each child compartment is re-created the same way under it (its own cores kept), recursively,
 *     and each resource below is re-hosted under its new parent by a {@link CoreMove} on its own
 *     cores: queued messages move in order, as on an expired mapping
 *  3. once the children have left, the old compartment scheduler leaves its parent on each old core
 * </pre>
 *
 * Every child's cores must lie within the compartment's new cores; that, the new scheduler and every
 * re-created child scheduler are checked before anything changes.
 */
final class CompartmentMove {

    private final Kernel kernel;
    private final SchedulerHost host;

    CompartmentMove(Kernel kernel, SchedulerHost host) {
        this.kernel = kernel;
        this.host = host;
    }

    /** A move checked and ready, with its children's; nothing changed yet. */
    final class Prepared {
        private final SchedulerSpec spec;
        private final Scheduler next;
        private final List<CompartmentMove.Prepared> compartments;
        private final List<CoreMove.Prepared> resources;

        private Prepared(SchedulerSpec spec, Scheduler next, List<CompartmentMove.Prepared> compartments,
                List<CoreMove.Prepared> resources) {
            this.spec = spec;
            this.next = next;
            this.compartments = compartments;
            this.resources = resources;
        }

        /** @return completes, once every old core let go, with the longest time a core was held */
        CompletionStage<CorePause> commit() {
            SchedulerHost old = host;
            SchedulerHost fresh = new SchedulerHost(spec, next, null,
                    kernel.parentOf(spec).nodesByKernelCore(kernel.coreArray().length));
            for (SchedulerNode n : fresh.nodes) {
                Core c = kernel.core(fresh.kernelCores[n.local]);
                c.post(() -> c.addNode(n));
            }
            kernel.replaceCompartment(fresh);
            List<CompletableFuture<CorePause>> children = new ArrayList<>();
            for (CompartmentMove.Prepared child : compartments) {
                children.add(child.commit().toCompletableFuture());
            }
            for (CoreMove.Prepared r : resources) {
                children.add(r.commit().toCompletableFuture());
            }
            return CorePause.longest(children).thenCompose(longest -> {
                List<CompletableFuture<CorePause>> pauses = new ArrayList<>();
                for (SchedulerNode n : old.nodes) {
                    Core c = kernel.core(old.kernelCores[n.local]);
                    pauses.add(CorePause.timedOnCore(c, () -> c.removeNode(n)));
                }
                return CorePause.longest(pauses).thenApply(p -> p.max(longest));
            });
        }
    }

    /**
     * @param factory the compartment's scheduler factory
     * @param spec    its spec on the new cores
     * @throws IllegalArgumentException when a child does not fit the new cores, or a new scheduler
     *                                  refuses its parameters or a client; nothing changed
     */
    Prepared prepare(SchedulerFactory factory, SchedulerSpec spec) {
        String name = host.spec.resource();
        List<String> outside = new ArrayList<>();
        List<SchedulerHost> childCompartments = new ArrayList<>();
        List<ResourceEntry> childResources = new ArrayList<>();
        for (SchedulerHost h : kernel.compartmentHosts()) {
            if (name.equals(h.spec.parent())) {
                childCompartments.add(h);
                if (!within(h.spec, spec)) {
                    outside.add("compartment " + h.spec.resource() + " (cores " + h.spec.cores() + ")");
                }
            }
        }
        for (ResourceEntry r : kernel.held()) {
            if (name.equals(r.host.spec.parent())) {
                childResources.add(r);
                if (!within(r.host.spec, spec)) {
                    outside.add(r.name() + " (cores " + r.host.spec.cores() + ")");
                }
            }
        }
        if (!outside.isEmpty()) {
            throw new IllegalArgumentException("compartment " + name + " on cores \"" + spec.cores() + "\" would leave "
                    + outside + " outside it; move them first");
        }
        Scheduler next;
        try {
            next = factory.create(spec.parameters(), SchedulerHost.context(spec));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scheduler " + spec.scheduler() + " for " + name + ": " + e.getMessage(), e);
        }
        List<CompartmentMove.Prepared> compartments = new ArrayList<>();
        List<CoreMove.Prepared> resources = new ArrayList<>();
        try {
            for (SchedulerHost h : childCompartments) {
                next.checkClient(h.spec.cpuClientParameters());
            }
            for (ResourceEntry r : childResources) {
                next.checkClient(r.host.spec.cpuClientParameters());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SchedulerSwap.REFUSES_CLIENT + " of " + name + ": " + e.getMessage(), e);
        }
        for (SchedulerHost h : childCompartments) {
            compartments.add(new CompartmentMove(kernel, h).prepare(factoryOf(h.spec), h.spec));
        }
        for (ResourceEntry r : childResources) {
            resources.add(new CoreMove(kernel, r).prepare(factoryOf(r.host.spec), r.host.spec));
        }
        return new Prepared(spec, next, compartments, resources);
    }

    private SchedulerFactory factoryOf(SchedulerSpec spec) {
        SchedulerFactory f = kernel.factory(spec.scheduler());
        if (f == null) {
            throw new IllegalArgumentException("the scheduler " + spec.scheduler() + " of " + spec.resource()
                    + ", which moves with the compartment, is not available now");
        }
        return f;
    }

    private static boolean within(SchedulerSpec child, SchedulerSpec parent) {
        return child.cores().stream().allMatch(c -> parent.cores().stream().anyMatch(p -> p == c));
    }
}
