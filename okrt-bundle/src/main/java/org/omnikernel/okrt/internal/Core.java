package org.omnikernel.okrt.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import org.omnikernel.hal.Clocks;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.internal.SchedulerHost.CpuClient;
import org.omnikernel.okrt.scheduler.ClientState;

/**
 * A core: one kernel thread running the dispatch loop (seed §3.1.5, Fig 3.14).
 *
 * <pre>
 *  loop:  inbox (ready notices, cross-core calls) ─► due timers
 *         CPU scheduler.pollReady ── -1/N ─► idle until a notice or the next deadline
 *                │ 0
 *         CPU scheduler.schedule ─► resource scheduler ─► its schedule ─► request queue
 *         run ≤ batch messages to completion ─► records to the resource scheduler, cpu to the CPU scheduler
 *         queue still non-empty ─► clientReady; resource scheduler pollReady ─► CPU clientReady / timer
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
    private Thread thread;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Runnable> localInbox = new ArrayDeque<>();
    private volatile boolean sleeping;
    private volatile boolean running = true;
    final TimerHeap timers = new TimerHeap();
    final CoreLedger ledger = new CoreLedger();
    private final ExecutionContextImpl ctx;
    /** The CPU scheduler's per-core half on this core; set before the thread starts. */
    CoreHooks cpu;
    private final boolean measureMemory = Clocks.allocationMeasured();
    private long lastCpuSample;

    volatile long messages;
    volatile long batches;

    Core(int index, Kernel kernel) {
        this.index = index;
        this.kernel = kernel;
        this.ctx = new ExecutionContextImpl(kernel, this);
    }

    void start() {
        thread = new Thread(this, "okrt-core-" + index);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(10_000);
    }

    /** @return whether the dispatch loop is running and will process posted tasks */
    boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    boolean onThisCore() {
        return Thread.currentThread() == thread;
    }

    /** Runs a task on this core's thread, from its loop (a cross-core call, seed §3.1.8). */
    void post(Runnable task) {
        if (Thread.currentThread() == thread) {
            localInbox.add(task);
            return;
        }
        inbox.add(task);
        if (sleeping) {
            LockSupport.unpark(thread);
        }
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
                turn();
            }
        } finally {
            ledger.end(Clocks.monotonicNanos());
            ledger.sampleThreadCpu(Clocks.currentThreadCpuNanos());
        }
    }

    private void turn() {
        drainInbox();
        long now = Clocks.monotonicNanos();
        timers.runDue(now);
        if (now - lastCpuSample > CPU_SAMPLE_NANOS) {
            lastCpuSample = now;
            ledger.sampleThreadCpu(Clocks.currentThreadCpuNanos());
        }
        long poll = cpu.pollReady();
        if (poll == 0) {
            ClientState s = cpu.schedule();
            if (s != null) {
                dispatch((CpuClient) s.client());
            }
            return;
        }
        if (!localInbox.isEmpty() || !inbox.isEmpty()) {
            return;
        }
        long deadline = timers.nextDeadline();
        if (poll > 0) {
            deadline = Math.min(deadline, now + poll * 1000);
        }
        idle(deadline);
    }

    private void drainInbox() {
        for (;;) {
            Runnable r = localInbox.poll();
            if (r == null) {
                r = inbox.poll();
                if (r == null) {
                    return;
                }
            }
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "okrt-core-" + index + ": a kernel task failed; the core carries on", e);
            }
        }
    }

    private void idle(long deadline) {
        long start = Clocks.monotonicNanos();
        ledger.chargeOverhead(start);
        sleeping = true;
        if (inbox.isEmpty() && running) {
            if (deadline == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else if (deadline - start > 0) {
                LockSupport.parkNanos(this, deadline - start);
            }
        }
        sleeping = false;
        ledger.chargeIdle(Clocks.monotonicNanos());
    }

    private void onQueueReady(RequestQueue q) {
        if (q.isClosed()) {
            return;
        }
        SchedulerHost h = q.resource.host;
        CoreHooks rs = h.hooks[q.localCore];
        register(q, rs);
        rs.clientReady(q.state);
        repoll(h.cpuClients[q.localCore]);
    }

    /** Makes the queue a client of its scheduler on this core, once (seed's add_client). */
    void register(RequestQueue q, CoreHooks rs) {
        if (q.state == null) {
            q.state = rs.addClient(q, q.activity.parameters());
        }
    }

    /** Asks the resource scheduler whether it wants CPU time and tells the CPU scheduler (Fig 3.13 step 3). */
    void repoll(CpuClient cc) {
        if (cc.removed || cc.cpuReady || cc.state == null) {
            return;
        }
        if (cc.host.resource.suspended) {
            cpu.clientSuspended(cc.state);
            return;
        }
        long p = cc.host.hooks[cc.local].pollReady();
        if (p == 0) {
            cc.cpuReady = true;
            cpu.clientReady(cc.state);
        } else if (p > 0) {
            long deadline = Clocks.monotonicNanos() + p * 1000;
            if (cc.timerDeadline == 0 || deadline - cc.timerDeadline < 0) {
                cc.timerDeadline = deadline;
                timers.add(deadline, () -> {
                    cc.timerDeadline = 0;
                    repoll(cc);
                });
            }
        }
    }

    private void dispatch(CpuClient cc) {
        cc.cpuReady = false;
        SchedulerHost h = cc.host;
        ResourceEntry r = h.resource;
        if (r.suspended || cc.removed) {
            if (!cc.removed) {
                cpu.clientSuspended(cc.state);
            }
            return;
        }
        CoreHooks rs = h.hooks[cc.local];
        ClientState qs = rs.pollReady() == 0 ? rs.schedule() : null;
        if (qs == null) {
            repoll(cc);
            return;
        }
        RequestQueue q = (RequestQueue) qs.client();
        Metric metric = h.spec.metric();
        long cpuSum = 0;
        long charged = 0;
        boolean rejected = false;
        int limit = h.spec.batch();
        for (int n = 0; n < limit; n++) {
            MessageImpl m = q.poll();
            if (m == null) {
                break;
            }
            long t0 = Clocks.monotonicNanos();
            ledger.chargeOverhead(t0);
            long a0 = measureMemory ? Clocks.currentThreadAllocatedBytes() : 0;
            ctx.begin(q, m, metric);
            boolean failed = false;
            try {
                m.request.handler().handle(ctx, m);
            } catch (Throwable t) {
                failed = true;
                kernel.handlerFailed(r, m, t);
            }
            long a1 = measureMemory ? Clocks.currentThreadAllocatedBytes() : 0;
            long t1 = Clocks.monotonicNanos();
            ledger.chargeHandler(t1);
            long cpuNanos = t1 - t0;
            long mem = Math.max(0, a1 - a0);
            RequestQueue payer = ctx.payer();
            boolean rejectedNow = ctx.rejected() && !failed;
            long metricUse = metric.equals(Metric.CPU) ? cpuNanos : metric.equals(Metric.MEMORY) ? mem : ctx.metricTotal();
            payer.cpuNanos += cpuNanos;
            payer.memoryBytes += mem;
            payer.nbytes += ctx.nbytes();
            q.waitingNanos += t0 - m.enqueuedAt;
            ctx.end();
            cpuSum += cpuNanos;
            if (payer != q) {
                register(payer, rs);
                rs.resourceRecord(payer.state, new ResourceRecord(metric, metricUse));
            } else {
                charged += metricUse;
            }
            if (rejectedNow) {
                q.rejected++;
                rejected = true;
                if (!m.route.rejected(m)) {
                    kernel.undeliverable(m, r.name() + " rejected it and its queue was closed meanwhile");
                    m.destroy();
                }
                break;
            }
            payer.executed++;
            messages++;
            m.route.ran();
        }
        batches++;
        rs.resourceRecord(qs, new ResourceRecord(metric, charged));
        cpu.resourceRecord(cc.state, new ResourceRecord(Metric.CPU, cpuSum));
        if (q.stillReady()) {
            rs.clientReady(qs);
        }
        if (rejected) {
            r.suspended = true;
        }
        repoll(cc);
    }

    /** Destroys a queue on this core: the scheduler forgets it, its messages are discarded. */
    void destroyQueue(RequestQueue q, String reason, boolean notifySenders) {
        List<MessageImpl> dropped = q.close();
        SchedulerHost h = q.resource.host;
        if (q.state != null) {
            h.hooks[q.localCore].removeClient(q.state);
        }
        q.resource.retire(q);
        q.activity.forget(q);
        for (MessageImpl m : dropped) {
            m.route.discarded();
            if (notifySenders) {
                kernel.undeliverable(m, reason);
            }
            m.destroy();
        }
        repoll(h.cpuClients[q.localCore]);
    }

    /** Registers a resource scheduler with the CPU scheduler on this core. */
    void addCpuClient(CpuClient cc) {
        cc.state = cpu.addClient(cc, cc.host.spec.cpuClientParameters());
        repoll(cc);
    }

    /** Removes a resource scheduler from the CPU scheduler on this core. */
    void removeCpuClient(CpuClient cc) {
        if (cc.state != null && !cc.removed) {
            cpu.removeClient(cc.state);
        }
        cc.removed = true;
    }

    /** Resumes a suspended resource scheduler on this core. */
    void resume(CpuClient cc) {
        repoll(cc);
    }
}
