package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/**
 * One hot swap (BRIEF §2 item 13): replaces the scheduler of a resource, a compartment or the CPU
 * while messages flow. The new scheduler is created and checks every client it will inherit first;
 * a refusal changes nothing. Then each core, between two dispatches, hands the old per-core half's
 * clients and their readiness to the new one ({@link Core#swap}); queued messages never leave their
 * queues, so none is lost or run twice and dependency order holds.
 */
final class SchedulerSwap {

    /** How a refusal by the new scheduler of a client it would inherit begins. */
    static final String REFUSES_CLIENT = "the new scheduler refuses a client";

    private final Kernel kernel;
    private final SchedulerHost host;

    SchedulerSwap(Kernel kernel, SchedulerHost host) {
        this.kernel = kernel;
        this.host = host;
    }

    /**
     * @return completes with the longest time a core was held
     * @throws IllegalArgumentException when the new scheduler refuses its parameters or a client
     */
    CompletionStage<CorePause> to(SchedulerFactory factory, Parameters parameters) {
        synchronized (host) {
            return prepare(factory, host.spec.withScheduler(factory.name(), parameters)).commit();
        }
    }

    /** A swap checked and ready: the new scheduler exists and accepts every client; nothing changed yet. */
    final class Prepared {
        private final SchedulerSpec spec;
        private final Scheduler next;
        private final List<List<SchedulerNode>> children;

        private Prepared(SchedulerSpec spec, Scheduler next, List<List<SchedulerNode>> children) {
            this.spec = spec;
            this.next = next;
            this.children = children;
        }

        /**
         * Puts the new scheduler in force on every core.
         *
         * @return completes with the longest time a core was held
         */
        CompletionStage<CorePause> commit() {
            synchronized (host) {
                CoreHooks[] fresh = new CoreHooks[host.cores()];
                for (int i = 0; i < fresh.length; i++) {
                    fresh[i] = new CoreHooks(next.initCore(i));
                }
                host.scheduler = next;
                host.spec = spec;
                List<CompletableFuture<CorePause>> pauses = new ArrayList<>();
                for (SchedulerNode n : host.nodes) {
                    Core c = kernel.core(host.kernelCores[n.local]);
                    pauses.add(CorePause.timedOnCore(c, () -> c.swap(n, fresh[n.local], children.get(n.local))));
                }
                return CorePause.longest(pauses);
            }
        }
    }

    /**
     * Creates the new scheduler for a spec on the host's cores (its scheduler, parameters and metric
     * may differ from the running one's) and has it check every client it would inherit.
     *
     * @throws IllegalArgumentException when it refuses its parameters or a client; nothing changed
     */
    Prepared prepare(SchedulerFactory factory, SchedulerSpec spec) {
        if (!spec.cores().equals(host.spec.cores())) {
            throw new IllegalStateException("a swap keeps the cores; moving them is a CoreMove");
        }
        String name = host.spec.resource();
        Scheduler next;
        try {
            next = factory.create(spec.parameters(), SchedulerHost.context(spec));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scheduler " + spec.scheduler() + " for " + name + ": " + e.getMessage(), e);
        }
        List<List<SchedulerNode>> children = new ArrayList<>();
        for (SchedulerNode n : host.nodes) {
            children.add(childrenOf(kernel, n));
        }
        checkClients(host, next, children);
        return new Prepared(spec, next, children);
    }

    /** @return the scheduler nodes whose parent is {@code node} */
    static List<SchedulerNode> childrenOf(Kernel kernel, SchedulerNode node) {
        List<SchedulerNode> out = new ArrayList<>();
        for (SchedulerHost h : kernel.compartmentHosts()) {
            for (SchedulerNode n : h.nodes) {
                if (n.parent == node) {
                    out.add(n);
                }
            }
        }
        for (ResourceEntry r : kernel.everAttached()) {
            for (SchedulerNode n : r.host.nodes) {
                if (n.parent == node && !n.removed) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** A new scheduler must accept every client it inherits, or the swap does not happen. */
    static void checkClients(SchedulerHost host, Scheduler next, List<List<SchedulerNode>> children) {
        try {
            if (host.resource != null) {
                for (RequestQueue q : host.resource.queues()) {
                    next.checkClient(q.activity.parameters());
                }
            }
            for (List<SchedulerNode> list : children) {
                for (SchedulerNode n : list) {
                    next.checkClient(n.host.spec.cpuClientParameters());
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(REFUSES_CLIENT + " of " + host.spec.resource() + ": "
                    + e.getMessage(), e);
        }
    }
}
