package org.omnikernel.resource.thread.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.CpuAggregate;

/**
 * A CPU aggregate (seed §4.1.1): an activity and the TR instance that runs its threads.
 *
 * <p>Suspending it holds every thread that comes up for dispatch (the RUN handler parks the thread
 * here instead of running it) and makes running threads give up their core at their next preemption
 * point; resuming sends a RUN for each held thread. The seed suspends the TR scheduler at the CPU
 * scheduler instead; holding the threads has the same effect — the instance has nothing to run —
 * without racing a rejection against the resume.
 */
final class CpuAggregateImpl implements CpuAggregate {

    private final Okrt okrt;
    private final Activity activity;
    private final TrInstance tr;
    private final String policy;
    private final long share;
    private final Set<KernelThread> live = ConcurrentHashMap.newKeySet();
    private final List<KernelThread> held = new ArrayList<>();
    private volatile boolean suspended;
    private boolean closed;
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    CpuAggregateImpl(Okrt okrt, Activity activity, TrInstance tr, String policy, long share) {
        this.okrt = okrt;
        this.activity = activity;
        this.tr = tr;
        this.policy = policy;
        this.share = share;
    }

    TrInstance tr() {
        return tr;
    }

    @Override
    public Activity activity() {
        return activity;
    }

    @Override
    public String resourceName() {
        return tr.name();
    }

    @Override
    public String policy() {
        return policy;
    }

    @Override
    public long share() {
        return share;
    }

    @Override
    public String kind() {
        return CPU_AGGREGATE;
    }

    /** @return false once closed: no thread may join it */
    synchronized boolean admit(KernelThread t) {
        if (closed) {
            return false;
        }
        live.add(t);
        return true;
    }

    void forget(KernelThread t) {
        live.remove(t);
    }

    /** @return the threads that have not exited */
    List<KernelThread> live() {
        return List.copyOf(live);
    }

    /** Closes the aggregate whatever threads remain: the thread resource is going away. */
    synchronized void forceClose() {
        live.clear();
        close();
    }

    @Override
    public int liveThreads() {
        return live.size();
    }

    @Override
    public void suspend() {
        suspended = true;
    }

    @Override
    public void resume() {
        List<KernelThread> release;
        synchronized (this) {
            suspended = false;
            release = new ArrayList<>(held);
            held.clear();
        }
        release.forEach(KernelThread::release);
    }

    @Override
    public boolean suspended() {
        return suspended;
    }

    /** Called by a thread's RUN handler under the thread's lock: holds it while the aggregate is suspended. */
    synchronized boolean holdIfSuspended(KernelThread t) {
        if (!suspended) {
            return false;
        }
        held.add(t);
        return true;
    }

    /** A held thread was killed: it leaves the held set to unwind. */
    synchronized void unhold(KernelThread t) {
        held.remove(t);
    }

    /**
     * Detaches the TR instance and terminates the activity; refused while threads live.
     */
    @Override
    public synchronized Result<Void> close() {
        if (closed) {
            return Result.ok();
        }
        if (!live.isEmpty()) {
            return Result.error(Err.BUSY, "CPU aggregate " + activity.name() + " still has " + live.size()
                    + " live threads");
        }
        closed = true;
        okrt.detach(tr.name()).thenCompose(v -> okrt.terminate(activity)).whenComplete((v, e) -> {
            if (e == null) {
                released.complete(null);
            } else {
                released.completeExceptionally(e);
            }
        });
        return Result.ok();
    }

    @Override
    public CompletionStage<Void> released() {
        return released;
    }

    @Override
    public String toString() {
        return "CPUA " + activity.name() + " (" + policy + ", share " + share + ")";
    }
}
