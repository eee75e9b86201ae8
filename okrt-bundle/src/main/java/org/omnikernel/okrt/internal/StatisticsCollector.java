package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.omnikernel.hal.Clocks;
import org.omnikernel.okrt.object.Closure;
import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

/**
 * Builds a {@link KernelSnapshot}. Counters are read directly (single-writer opaque counters); scheduler
 * client statistics are asked of each core on its own thread, as the hook requires, with a bound on
 * the wait so that a core stuck in a long handler only delays its own figures. A handler (or a kernel
 * thread, which holds its core for a timeslice) asking cannot wait for its own core: that core's
 * figures are read in place, or left out.
 */
final class StatisticsCollector {

    private static final long CLIENT_STATS_WAIT_MS = 2000;
    /** How long a core may be inside one handler before its figures are left out. */
    private static final long STALL_MS = 100;
    private static final long POLL_MS = 10;

    private final Kernel kernel;

    StatisticsCollector(Kernel kernel) {
        this.kernel = kernel;
    }

    KernelSnapshot collect() {
        List<SchedulerClientStatistics> clients = clientStatistics();
        List<CoreStatistics> cores = new ArrayList<>();
        for (Core c : kernel.coreArray()) {
            if (c == null) {
                continue;
            }
            CoreLedger l = c.ledger;
            long h = l.handler();
            long o = l.overhead();
            long i = l.idle();
            long irq = l.interrupt();
            // The clock is read after the sums, so a segment charged meanwhile cannot make the sums
            // exceed elapsed: unaccounted is never negative, and is the open segment at most.
            long elapsed = l.elapsed(Clocks.monotonicNanos());
            cores.add(new CoreStatistics(c.index, elapsed, h, o, i, irq, elapsed - h - o - i - irq, l.threadCpu(), c.messages(),
                    c.batches()));
        }
        long now = Clocks.monotonicNanos();
        List<ResourceStatistics> resources = new ArrayList<>();
        for (ResourceEntry r : kernel.everAttached()) {
            resources.add(resource(r));
        }
        List<ActivityStatistics> activities = new ArrayList<>();
        for (ActivityImpl a : kernel.activityImpls()) {
            if (a.isAlive()) {
                activities.add(activity(a));
            }
        }
        return new KernelSnapshot(now, cores, resources, activities, clients, Closure.live());
    }

    /** Sums of queue figures. */
    private static final class Totals {
        long messages;
        long cpu;
        long memory;
        long nbytes;
        long waiting;
        long rejected;
        long queued;
        int queues;

        Totals(QueueTotals retired) {
            messages = retired.messages.get();
            cpu = retired.cpuNanos.get();
            memory = retired.memoryBytes.get();
            nbytes = retired.nbytes.get();
            waiting = retired.waitingNanos.get();
            rejected = retired.rejected.get();
        }

        Totals add(Iterable<RequestQueue> qs) {
            for (RequestQueue q : qs) {
                messages += q.figures.get(RequestQueue.EXECUTED);
                cpu += q.figures.get(RequestQueue.CPU_NANOS);
                memory += q.figures.get(RequestQueue.MEMORY_BYTES);
                nbytes += q.figures.get(RequestQueue.NBYTES);
                waiting += q.figures.get(RequestQueue.WAITING_NANOS);
                rejected += q.figures.get(RequestQueue.REJECTED);
                queued += q.queueLength();
                queues++;
            }
            return this;
        }
    }

    private static ResourceStatistics resource(ResourceEntry r) {
        Totals t = new Totals(r.retired).add(r.queues());
        return new ResourceStatistics(r.id(), r.name(), r.host.spec.scheduler(), r.host.spec.metric().name(),
                r.isAttached(), t.messages, t.cpu, t.memory, t.nbytes, t.queued, t.waiting, t.rejected, r.failures.get(),
                r.undeliverable.get(), t.queues);
    }

    private static ActivityStatistics activity(ActivityImpl a) {
        Totals t = new Totals(a.retired).add(a.queues());
        return new ActivityStatistics(a.id(), a.name(), t.messages, t.cpu, t.memory, t.nbytes, t.queued, t.waiting, t.queues);
    }

    private List<SchedulerClientStatistics> clientStatistics() {
        List<Core> asked = new ArrayList<>();
        List<CompletableFuture<List<SchedulerClientStatistics>>> perCore = new ArrayList<>();
        List<SchedulerClientStatistics> out = new ArrayList<>();
        for (Core c : kernel.coreArray()) {
            if (c == null || !c.isRunning()) {
                continue;
            }
            if (c.onThisCore()) {
                out.addAll(onCore(c)); // a handler asking: its own core cannot run a posted task now
                continue;
            }
            CompletableFuture<List<SchedulerClientStatistics>> f = new CompletableFuture<>();
            c.post(() -> {
                try {
                    f.complete(onCore(c));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
            asked.add(c);
            perCore.add(f);
        }
        for (int i = 0; i < perCore.size(); i++) {
            try {
                List<SchedulerClientStatistics> figures = await(asked.get(i), perCore.get(i));
                if (figures != null) {
                    out.addAll(figures);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                // that core's scheduler figures are missing from this snapshot
            }
        }
        return out;
    }

    /**
     * Waits for a core's answer, up to {@link #CLIENT_STATS_WAIT_MS}. A core that has been inside one
     * handler for {@link #STALL_MS} — typically a kernel thread's timeslice, and possibly the very
     * thread asking, whose core waits for it — has its figures left out rather than waited for; a
     * core that is merely slow to get the host's CPU is waited for.
     *
     * @return the core's figures, or null when they are left out
     */
    private static List<SchedulerClientStatistics> await(Core c, CompletableFuture<List<SchedulerClientStatistics>> f)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLIENT_STATS_WAIT_MS);
        while (true) {
            try {
                return f.get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long since = c.handlerSince();
                if (since != 0 && Clocks.monotonicNanos() - since > TimeUnit.MILLISECONDS.toNanos(STALL_MS)) {
                    return null;
                }
                if (System.nanoTime() > deadline) {
                    return null;
                }
            }
        }
    }

    /** Runs on core {@code c}: asks each scheduler there about each of its clients. */
    private List<SchedulerClientStatistics> onCore(Core c) {
        List<SchedulerClientStatistics> out = new ArrayList<>();
        for (SchedulerHost h : kernel.compartmentHosts()) {
            addNodeStatistics(out, c, h);
        }
        for (ResourceEntry r : kernel.everAttached()) {
            SchedulerHost h = r.host;
            int local = addNodeStatistics(out, c, h);
            if (local < 0) {
                continue;
            }
            for (RequestQueue q : r.queues()) {
                if (q.core == c && q.state != null && !q.isClosed()) {
                    if (q.host == h) { // a queue of a scheduler a core move replaced is on its way out
                        out.add(new SchedulerClientStatistics(r.name(), h.spec.scheduler(), c.index, q.label(),
                                q.activityId(), h.nodes[local].hooks.clientStatistics(q.state)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Adds what a scheduler's parent reports about it on core {@code c}.
     *
     * @return the scheduler's local index of the core, or -1 when it does not run there
     */
    private static int addNodeStatistics(List<SchedulerClientStatistics> out, Core c, SchedulerHost h) {
        int local = h.localIndexOf(c.index);
        if (local < 0) {
            return -1;
        }
        SchedulerNode n = h.nodes[local];
        if (n.state != null && !n.removed) {
            SchedulerHost parent = n.parent.host;
            out.add(new SchedulerClientStatistics(parent.spec.resource(), parent.spec.scheduler(), c.index,
                    h.spec.resource(), -1, n.parent.hooks.clientStatistics(n.state)));
        }
        return local;
    }
}
