package org.omnikernel.okrt.internal;

import java.lang.System.Logger.Level;
import java.util.List;

import org.omnikernel.hal.Clocks;
import org.omnikernel.hal.CoreTimers;
import org.omnikernel.hal.HardwareCore;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.ClientState;

/**
 * A core: one kernel thread running the dispatch loop (seed §3.1.5, Fig 3.14).
 *
 * <pre>
 *  loop:  mailbox (ready notices, cross-core calls) ─► pending interrupts ─► due timers
 *         CPU scheduler.pollReady ── -1/N ─► idle until a notice or the next deadline
 *                │ 0
 *         CPU scheduler.schedule ─► [compartment scheduler.schedule ─►]* resource scheduler.schedule ─► queue
 *         run ≤ batch messages to completion ─► records to the resource scheduler and, in each one's
 *         metric, to every scheduler above it
 *         queue still non-empty ─► clientReady; each scheduler on the path: pollReady ─► parent clientReady / timer
 * </pre>
 *
 * <p>Every scheduler hook with per-core state runs here, on this thread, from the loop and never from
 * inside a handler: other threads and handlers post to the inbox instead.
 */
final class Core implements Runnable {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.okrt");
    private static final long CPU_SAMPLE_NANOS = 10_000_000;

    final int index;
    private final Kernel kernel;
    /** The HAL's core this one runs on: its thread, mailbox, timers and interrupts. */
    private final HardwareCore hw;
    private volatile boolean running = true;
    final CoreTimers timers;
    final CoreLedger ledger = new CoreLedger();
    /** Paths observed from handlers on this core; this thread writes. */
    final PathTable paths = new PathTable();
    private final ExecutionContextImpl ctx;
    /** The CPU scheduler on this core, root of the core's scheduling tree; set before the thread starts. */
    SchedulerNode root;
    private final SchedulerNode[] path = new SchedulerNode[16];
    private final MetricSums batchSums = new MetricSums();
    private final boolean measureMemory = Clocks.allocationMeasured();
    private long schedulerFaults;
    private long lastCpuSample;

    /** Messages and dispatches run on this core, and when the handler running now began (0: none). */
    private final SingleWriterCounters counters = new SingleWriterCounters(3);
    private static final int MESSAGES = 0;
    private static final int BATCHES = 1;
    private static final int HANDLER_SINCE = 2;

    Core(int index, Kernel kernel, HardwareCore hw) {
        this.index = index;
        this.kernel = kernel;
        this.hw = hw;
        this.timers = hw.timers();
        this.ctx = new ExecutionContextImpl(kernel, this);
    }

    void start() {
        hw.start("okrt-core-" + index, this);
    }

    void stop() throws InterruptedException {
        running = false;
        hw.wake();
        hw.join(10_000);
    }

    /** @return messages run on this core */
    long messages() {
        return counters.get(MESSAGES);
    }

    /**
     * @return when the handler this core runs now began (monotonic ns), or 0 when it runs none: a
     *         core in one long handler (a kernel thread's timeslice) runs no cross-core call until it ends
     */
    long handlerSince() {
        return counters.get(HANDLER_SINCE);
    }

    /** @return dispatches (scheduling decisions that ran messages) on this core */
    long batches() {
        return counters.get(BATCHES);
    }

    /** @return whether the dispatch loop is running and will process posted tasks */
    boolean isRunning() {
        return running && hw.isRunning();
    }

    boolean onThisCore() {
        return hw.onThisCore();
    }

    /** Runs a task on this core's thread, from its loop (a cross-core call, seed §3.1.8). */
    void post(Runnable task) {
        hw.post(task);
    }

    /** Tells the queue's scheduler, on this core, that the queue became ready. */
    void queueReady(RequestQueue q) {
        post(() -> onQueueReady(q));
    }

    @Override
    public void run() {
        long now = Clocks.monotonicNanos();
        ledger.begin(now);
        lastCpuSample = now;
        try {
            while (running) {
                try {
                    turn();
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    // A scheduler hook threw: contain it so the core keeps serving the other schedulers.
                    schedulerFaults++;
                    if (schedulerFaults <= 10 || schedulerFaults % 1000 == 0) {
                        LOG.log(Level.ERROR, "okrt-core-" + index + ": a scheduler failed (fault " + schedulerFaults
                                + "); the core carries on", e);
                    }
                }
            }
        } finally {
            ledger.end(Clocks.monotonicNanos());
            ledger.sampleThreadCpu(Clocks.currentThreadCpuNanos());
        }
    }

    private void turn() {
        hw.runMail();
        long now = Clocks.monotonicNanos();
        if (hw.interruptsPending()) {
            ledger.chargeOverhead(now);
            hw.serviceInterrupts();
            now = Clocks.monotonicNanos();
            ledger.chargeInterrupt(now);
        }
        timers.runDue(now);
        if (now - lastCpuSample > CPU_SAMPLE_NANOS) {
            lastCpuSample = now;
            ledger.sampleThreadCpu(Clocks.currentThreadCpuNanos());
        }
        long poll = root.hooks.pollReady();
        if (poll == 0) {
            ClientState s = root.hooks.schedule();
            if (s != null) {
                dispatch(s);
            }
            return;
        }
        if (hw.hasMail() || hw.interruptsPending()) {
            return;
        }
        long deadline = timers.nextDeadline();
        if (poll > 0) {
            deadline = Math.min(deadline, now + poll * 1000);
        }
        idle(deadline);
    }

    private void idle(long deadline) {
        ledger.chargeOverhead(Clocks.monotonicNanos());
        if (running) {
            hw.idle(deadline);
        }
        ledger.chargeIdle(Clocks.monotonicNanos());
    }

    private void onQueueReady(RequestQueue q) {
        if (q.isClosed()) {
            return;
        }
        SchedulerNode node = q.host.nodes[q.localCore];
        if (register(q, node.hooks)) {
            node.hooks.clientReady(q.state);
            q.inReadySet = true;
            repoll(node);
        }
    }

    /**
     * Makes the queue a client of its scheduler on this core, once (seed's add_client). A scheduler
     * that refuses the client after its checkClient accepted it has its queue closed and the senders
     * told, so that no message waits for a dispatch that cannot come.
     *
     * @return whether the queue is a client
     */
    boolean register(RequestQueue q, CoreHooks rs) {
        if (q.state != null) {
            return true;
        }
        try {
            q.state = rs.addClient(q, q.activity.parameters());
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, q.host.spec.scheduler() + " refused " + q + ": " + e.getMessage());
            destroyQueue(q, q.host.spec.scheduler() + " of " + q.resource.name() + " refused " + q.activity
                    + ": " + e.getMessage(), true);
            return false;
        }
    }

    /**
     * Asks a scheduler whether it wants to run and, if so, tells its parent (Fig 3.13 step 3), and so
     * on up the tree. A positive answer from pollReady sets a timer to ask again.
     */
    void repoll(SchedulerNode n) {
        if (n.parent == null || n.removed || n.readyAtParent || n.state == null) {
            return;
        }
        if (n.suspended()) {
            n.parent.hooks.clientSuspended(n.state);
            return;
        }
        long p = n.hooks.pollReady();
        if (p == 0) {
            n.readyAtParent = true;
            n.parent.hooks.clientReady(n.state);
            repoll(n.parent);
        } else if (p > 0) {
            long deadline = Clocks.monotonicNanos() + p * 1000;
            if (n.timerDeadline == 0 || deadline - n.timerDeadline < 0) {
                n.timerDeadline = deadline;
                timers.add(deadline, () -> {
                    n.timerDeadline = 0;
                    repoll(n);
                });
            }
        }
    }

    /**
     * Walks down from the CPU scheduler's choice through compartment schedulers to a resource
     * scheduler's choice of request queue, runs a batch from it, then lets every scheduler on the
     * way ask for time again, bottom up.
     */
    private void dispatch(ClientState chosen) {
        int depth = 0;
        ClientState s = chosen;
        for (;;) {
            SchedulerNode n = (SchedulerNode) s.client();
            n.readyAtParent = false;
            path[depth++] = n;
            if (n.removed || n.suspended()) {
                if (!n.removed) {
                    n.parent.hooks.clientSuspended(n.state);
                }
                repollPath(depth - 1);
                return;
            }
            s = n.hooks.pollReady() == 0 ? n.hooks.schedule() : null;
            if (s == null) {
                repollPath(depth);
                return;
            }
            if (s.client() instanceof RequestQueue q) {
                q.inReadySet = false;
                runBatch(n, s, q, depth);
                repollPath(depth);
                return;
            }
            if (depth == path.length) {
                throw new IllegalStateException("scheduler hierarchy deeper than " + path.length);
            }
        }
    }

    private void repollPath(int depth) {
        for (int i = depth - 1; i >= 0; i--) {
            repoll(path[i]);
        }
    }

    /**
     * Runs up to batch messages of one queue (Fig 3.14 step 3) and hands out the records (step 4).
     *
     * <p>Every message is timed with the monotonic clock. Heap allocation is read once per batch —
     * every message of a batch belongs to the queue's activity — except at an infrastructure
     * resource, whose handlers may attribute a message to another activity and are read per message.
     */
    private void runBatch(SchedulerNode node, ClientState qs, RequestQueue q, int depth) {
        ResourceEntry r = node.host.resource;
        CoreHooks rs = node.hooks;
        Metric metric = node.host.spec.metric();
        boolean shareByCpu = metric.equals(Metric.CPU);
        boolean shareByMemory = metric.equals(Metric.MEMORY);
        boolean memoryPerMessage = measureMemory && r.iface.infrastructure();
        batchSums.clear();
        long charged = 0;
        long batchCpu = 0;
        boolean rejected = false;
        int ran = 0;
        int limit = node.host.spec.batch();
        boolean rebind = r.takenOver;
        long batchA0 = measureMemory && !memoryPerMessage ? Clocks.currentThreadAllocatedBytes() : 0;
        for (int n = 0; n < limit; n++) {
            MessageImpl m = q.poll();
            if (m == null) {
                break;
            }
            if (rebind && !rebound(r, m)) {
                continue;
            }
            long t0 = Clocks.monotonicNanos();
            ledger.chargeOverhead(t0);
            long irq0 = hw.interruptNanos();
            long a0 = memoryPerMessage ? Clocks.currentThreadAllocatedBytes() : 0;
            ctx.begin(q, m, metric);
            boolean failed = false;
            counters.set(HANDLER_SINCE, t0);
            try {
                m.request.handler().handle(ctx, m);
            } catch (Throwable t) {
                failed = true;
                kernel.handlerFailed(r, m, t);
            }
            counters.set(HANDLER_SINCE, 0);
            long mem = memoryPerMessage ? Math.max(0, Clocks.currentThreadAllocatedBytes() - a0) : 0;
            long t1 = Clocks.monotonicNanos();
            // interrupts the handler's wait let the core service are not the activity's (seed §3.3.2)
            long irq = hw.interruptNanos() - irq0;
            ledger.chargeHandler(t1, irq);
            long cpuNanos = t1 - t0 - irq;
            RequestQueue payer = ctx.payer();
            boolean rejectedNow = ctx.rejected() && !failed;
            long metricUse = shareByCpu ? cpuNanos : shareByMemory ? mem : ctx.metricTotal();
            payer.figures.add(RequestQueue.CPU_NANOS, cpuNanos);
            if (memoryPerMessage) {
                payer.figures.add(RequestQueue.MEMORY_BYTES, mem);
                batchSums.add(Metric.MEMORY, mem);
            }
            long nbytes = ctx.nbytes();
            if (nbytes != 0) {
                payer.figures.add(RequestQueue.NBYTES, nbytes);
            }
            q.figures.add(RequestQueue.WAITING_NANOS, t0 - m.enqueuedAt);
            batchCpu += cpuNanos;
            ctx.addRecordsTo(batchSums);
            ctx.end();
            if (payer != q && register(payer, rs)) {
                rs.resourceRecord(payer.state, new ResourceRecord(metric, metricUse));
            } else {
                charged += metricUse;
            }
            if (rejectedNow) {
                q.figures.add(RequestQueue.REJECTED, 1);
                rejected = true;
                if (!m.route.rejected(m)) {
                    kernel.undeliverable(m, r.name() + " rejected it and its queue was closed meanwhile");
                    m.destroy();
                }
                break;
            }
            payer.figures.add(RequestQueue.EXECUTED, 1);
            ran++;
            m.route.ran();
        }
        if (measureMemory && !memoryPerMessage) {
            long mem = Math.max(0, Clocks.currentThreadAllocatedBytes() - batchA0);
            q.figures.add(RequestQueue.MEMORY_BYTES, mem);
            batchSums.add(Metric.MEMORY, mem);
            if (shareByMemory) {
                charged += mem;
            }
        }
        batchSums.add(Metric.CPU, batchCpu);
        counters.add(MESSAGES, ran);
        counters.add(BATCHES, 1);
        rs.resourceRecord(qs, new ResourceRecord(metric, charged));
        for (int i = depth - 1; i >= 0; i--) {
            SchedulerNode child = path[i];
            Metric parentMetric = child.parent.host.spec.metric();
            child.parent.hooks.resourceRecord(child.state, new ResourceRecord(parentMetric, batchSums.get(parentMetric)));
        }
        if (q.stillReady()) {
            rs.clientReady(qs);
            q.inReadySet = true;
        }
        if (rejected) {
            r.suspended = true;
            if (r.resumeRequested.getAndSet(false)) {
                r.suspended = false; // resumed while the rejection was under way: try again
            }
        }
    }

    /**
     * After a new version of a resource took its queued messages over: binds a message to the new
     * interface, or tells its sender why it cannot run there and discards it.
     *
     * @return whether the message can run
     */
    private boolean rebound(ResourceEntry r, MessageImpl m) {
        String why = m.rebind(r.iface);
        if (why == null) {
            return true;
        }
        m.route.ran();
        kernel.undeliverable(m, why);
        m.destroy();
        return false;
    }

    /** Destroys a queue on this core: the scheduler forgets it, its messages are discarded. */
    void destroyQueue(RequestQueue q, String reason, boolean notifySenders) {
        destroyQueue(q, reason, notifySenders, false);
    }

    /**
     * Destroys a queue on this core: the scheduler forgets it, its messages are discarded, or, for
     * answers when {@code answersMove}, sent on under the kernel activity (the activity ended).
     */
    void destroyQueue(RequestQueue q, String reason, boolean notifySenders, boolean answersMove) {
        List<MessageImpl> dropped = q.close();
        SchedulerNode node = q.host.nodes[q.localCore];
        if (q.state != null) {
            node.hooks.removeClient(q.state);
        }
        q.inReadySet = false;
        q.resource.retire(q);
        q.activity.forget(q);
        for (MessageImpl m : dropped) {
            m.route.discarded();
            if (answersMove && m.answer) {
                kernel.moveAnswer(m, reason);
                continue;
            }
            if (notifySenders) {
                kernel.undeliverable(m, reason);
            }
            m.destroy();
        }
        repoll(node);
    }

    /**
     * Hot swap on this core (between dispatches, so no message of the scheduler is running here):
     * the new per-core scheduler gets every client of the old one, and is told which of them are
     * ready; then it replaces the old one. Queued messages stay where they are.
     *
     * @param node     the scheduler's node on this core
     * @param fresh    the new scheduler's per-core half
     * @param children the scheduler nodes that are clients of this node
     */
    void swap(SchedulerNode node, CoreHooks fresh, List<SchedulerNode> children) {
        CoreHooks old = node.hooks;
        ResourceEntry r = node.host.resource;
        List<RequestQueue> refused = new java.util.ArrayList<>();
        if (r != null) {
            for (RequestQueue q : r.queues()) {
                if (q.host != node.host || q.localCore != node.local || q.state == null || q.isClosed()) {
                    continue;
                }
                ClientState next;
                try {
                    next = fresh.addClient(q, q.activity.parameters());
                } catch (RuntimeException e) {
                    old.removeClient(q.state);
                    q.state = null;
                    refused.add(q);
                    continue;
                }
                old.removeClient(q.state);
                q.state = next;
                if (q.inReadySet) {
                    fresh.clientReady(next);
                }
            }
        }
        for (SchedulerNode child : children) {
            if (child.state == null || child.removed) {
                continue;
            }
            ClientState next = fresh.addClient(child, child.host.spec.cpuClientParameters());
            old.removeClient(child.state);
            child.state = next;
            if (child.readyAtParent) {
                fresh.clientReady(next);
            }
        }
        node.hooks = fresh;
        for (RequestQueue q : refused) {
            destroyQueue(q, node.host.spec.scheduler() + " refused " + q.activity + " when it replaced the scheduler of "
                    + r.name(), true);
        }
        repoll(node);
    }

    /** Makes a scheduler a client of its parent on this core (compartment or resource scheduler). */
    void addNode(SchedulerNode n) {
        try {
            n.state = n.parent.hooks.addClient(n, n.host.spec.cpuClientParameters());
        } catch (RuntimeException e) {
            n.removed = true;
            LOG.log(Level.ERROR, n.parent + " refused " + n + " as a client (" + n.host.spec.cpuClientParameters()
                    + "): " + e.getMessage() + "; its messages will not run on core " + index);
            return;
        }
        repoll(n);
    }

    /** Removes a scheduler from its parent on this core for good. */
    void removeNode(SchedulerNode n) {
        if (n.state != null && !n.removed) {
            n.parent.hooks.removeClient(n.state);
        }
        n.removed = true;
        repoll(n.parent);
    }
}
