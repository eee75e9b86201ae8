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

    private final Kernel kernel;
    private final SchedulerHost host;

    SchedulerSwap(Kernel kernel, SchedulerHost host) {
        this.kernel = kernel;
        this.host = host;
    }

    /**
     * @return completes with the longest time a core was held, in ns
     * @throws IllegalArgumentException when the new scheduler refuses its parameters or a client
     */
    CompletionStage<Long> to(SchedulerFactory factory, Parameters parameters) {
        String scheduler = factory.name();
        String name = host.spec.resource();
        synchronized (host) {
            SchedulerSpec old = host.spec;
            SchedulerSpec spec = new SchedulerSpec(old.resource(), scheduler, old.metric(), old.cores(), old.cpushare(),
                    old.batch(), parameters, old.clientParameters(), old.parent(), old.line());
            Scheduler next;
            try {
                next = factory.create(parameters, SchedulerHost.context(spec));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scheduler " + scheduler + " for " + name + ": " + e.getMessage(), e);
            }
            List<List<SchedulerNode>> children = new ArrayList<>();
            for (SchedulerNode n : host.nodes) {
                children.add(childrenOf(n));
            }
            checkClients(host, next, children);
            CoreHooks[] fresh = new CoreHooks[host.cores()];
            for (int i = 0; i < fresh.length; i++) {
                fresh[i] = new CoreHooks(next.initCore(i));
            }
            host.scheduler = next;
            host.spec = spec;
            List<CompletableFuture<Long>> pauses = new ArrayList<>();
            for (SchedulerNode n : host.nodes) {
                Core c = kernel.core(host.kernelCores[n.local]);
                CompletableFuture<Long> f = new CompletableFuture<>();
                c.post(() -> {
                    try {
                        f.complete(c.swap(n, fresh[n.local], children.get(n.local)));
                    } catch (RuntimeException e) {
                        f.completeExceptionally(e);
                    }
                });
                pauses.add(f);
            }
            return CompletableFuture.allOf(pauses.toArray(CompletableFuture[]::new))
                    .thenApply(v -> pauses.stream().mapToLong(CompletableFuture::join).max().orElse(0));
        }
    }

    /** @return the scheduler nodes whose parent is {@code node} */
    private List<SchedulerNode> childrenOf(SchedulerNode node) {
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
    private static void checkClients(SchedulerHost host, Scheduler next, List<List<SchedulerNode>> children) {
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
            throw new IllegalArgumentException("the new scheduler refuses a client of " + host.spec.resource() + ": "
                    + e.getMessage(), e);
        }
    }
}
