package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/**
 * Moves a resource's scheduler to other cores while messages flow (seed §3.1.7.1). A scheduler's
 * per-core state is sized by its cores, so the resource gets a new scheduler instance on the new
 * cores; its request queues move the way an expired load-share mapping moves them (§3.1):
 *
 * <pre>
 *  1. the new scheduler joins its parent on each new core; the resource's host points to it, so
 *     every send from now on is mapped by the new scheduler's loadShare
 *  2. each route with messages queued under the old scheduler is remapped now: its messages move in
 *     order to the new queue, which waits behind a barrier while one of them is running
 *  3. on each old core, between two dispatches: queues left there are emptied the same way, closed
 *     (their figures fold into the resource's totals) and the old scheduler leaves its parent
 * </pre>
 *
 * No message is lost, run twice or reordered within a route, and so within a dependency label.
 */
final class CoreMove {

    private final Kernel kernel;
    private final ResourceEntry entry;

    CoreMove(Kernel kernel, ResourceEntry entry) {
        this.kernel = kernel;
        this.entry = entry;
    }

    /** A move checked and ready: the new scheduler exists and accepts every client; nothing changed yet. */
    final class Prepared {
        private final SchedulerSpec spec;
        private final Scheduler next;

        private Prepared(SchedulerSpec spec, Scheduler next) {
            this.spec = spec;
            this.next = next;
        }

        /** @return completes, once every old core let go, with the longest time a core was held */
        CompletionStage<CorePause> commit() {
            SchedulerHost old;
            SchedulerHost fresh;
            synchronized (entry) {
                old = entry.host;
                fresh = new SchedulerHost(spec, next, entry, kernel.parentOf(spec).nodesByKernelCore(kernel.coreArray().length));
                for (SchedulerNode n : fresh.nodes) {
                    Core c = kernel.core(fresh.kernelCores[n.local]);
                    c.post(() -> c.addNode(n));
                }
                entry.host = fresh;
                entry.cpushare = spec.cpushare();
            }
            Router router = kernel.router();
            for (Route r : entry.routes.values()) {
                router.migrate(r, entry);
            }
            List<CompletableFuture<CorePause>> pauses = new ArrayList<>();
            for (SchedulerNode n : old.nodes) {
                Core c = kernel.core(old.kernelCores[n.local]);
                pauses.add(CorePause.timedOnCore(c, () -> retire(c, old, n, router)));
            }
            return CorePause.longest(pauses);
        }
    }

    /**
     * Creates the scheduler for the new cores and has it check every client it will inherit.
     *
     * @throws IllegalArgumentException when it refuses its parameters or a client; nothing changed
     */
    Prepared prepare(SchedulerFactory factory, SchedulerSpec spec) {
        Scheduler next;
        try {
            next = factory.create(spec.parameters(), SchedulerHost.context(spec));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scheduler " + spec.scheduler() + " for " + entry.name() + ": " + e.getMessage(), e);
        }
        for (RequestQueue q : entry.queues()) {
            try {
                next.checkClient(q.activity.parameters());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SchedulerSwap.REFUSES_CLIENT + " of " + entry.name() + ": " + e.getMessage(), e);
            }
        }
        return new Prepared(spec, next);
    }

    /** On an old core: moves what is still queued there, closes the old queues, removes the old scheduler. */
    private void retire(Core c, SchedulerHost old, SchedulerNode n, Router router) {
        List<RequestQueue> leaving = new ArrayList<>();
        for (RequestQueue q : entry.queues()) {
            if (q.host == old && q.localCore == n.local) {
                leaving.add(q);
            }
        }
        for (RequestQueue q : leaving) {
            for (Route r : q.queuedRoutes()) {
                router.migrate(r, entry);
            }
            c.destroyQueue(q, entry.name() + " moved to cores " + entry.host.spec.cores(), true);
        }
        c.removeNode(n);
    }
}
