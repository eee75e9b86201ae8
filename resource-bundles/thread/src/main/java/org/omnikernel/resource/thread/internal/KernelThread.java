package org.omnikernel.resource.thread.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import org.omnikernel.hal.Clocks;
import org.omnikernel.hal.HardwareCore;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.CpuAggregate;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.ThreadMain;
import org.omnikernel.syscall.spi.ThreadStats;
import org.omnikernel.syscall.spi.WaitOutcome;

/**
 * A kernel thread: the thread control block and the hand-off between the core that dispatched it
 * and the JVM thread that runs its code (seed §3.4).
 *
 * <pre>
 *  core (TR's RUN handler)                         JVM thread of the kernel thread
 *  ─────────────────────────                       ───────────────────────────────
 *  state RUNNABLE → RUNNING, slice end = now + ts
 *  turn = PROGRAM, unpark ──────────────────────►  runs program code …
 *  wait while turn == PROGRAM (servicing the      … preempt()/system call: slice over? blocking? exit?
 *  core's interrupts, HardwareCore.await)
 *                           ◄──────────────────── handBack = reason, turn = CORE, unpark core
 *  SLICE_END/YIELD: send RUN again (behind others)  park while turn == CORE   (not after EXIT)
 *  BLOCK: woken already? send RUN : BLOCKED (+ delayed TIMEOUT)
 *  EXIT: exit listeners (joiners, the process)
 * </pre>
 *
 * <p>Only one of the two threads runs at a time, so the handler's time is the program's CPU time, and
 * OKRT's per-message measurement attributes it to the CPU aggregate's activity. The volatile
 * {@code turn} orders everything written before a hand-off before everything read after it.
 *
 * <p>State changes (RUNNABLE, BLOCKED, HELD, wake tokens) happen under this object's lock, so that a
 * wake-up racing with a thread that is about to block is never lost and a stale timeout is ignored.
 * Lock order: a thread, then its aggregate; never the other way.
 */
final class KernelThread implements KThread {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.thread");
    private static final int CORE = 0;
    private static final int PROGRAM = 1;
    private static final long NO_REQUEST = Long.MIN_VALUE;

    private final long id;
    private final String name;
    private final CpuAggregateImpl cpua;
    private final ThreadMain main;
    private final ThreadResources owner;

    // ---- hand-off; written by the side that holds the turn, published by the volatile turn
    private volatile int turn = CORE;
    private volatile Thread jvmThread;
    private Thread coreThread;
    private HandBack handBack;
    private long blockToken;
    private long blockTimeoutMicros;
    private long sliceEnd;

    // ---- state, guarded by this
    private ThreadState state = ThreadState.NEW;
    private long waitToken;
    private boolean woken;
    private WaitOutcome wakeReason;
    private long suspendToken;
    private long suspendRequest = NO_REQUEST;
    private long exitStatus;
    private final List<LongConsumer> exitListeners = new ArrayList<>();
    private volatile boolean killed;
    private volatile boolean abandoned;
    private volatile long killStatus = Sys.EXIT_KILLED;

    // ---- figures, written by the core side (cpu, slices) and the program side (thread cpu)
    private volatile long cpuNanos;
    private volatile long slices;
    private volatile long threadCpuNanos;

    KernelThread(long id, String name, CpuAggregateImpl cpua, ThreadMain main, ThreadResources owner) {
        this.id = id;
        this.name = name;
        this.cpua = cpua;
        this.main = main;
        this.owner = owner;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return THREAD;
    }

    @Override
    public CpuAggregate cpua() {
        return cpua;
    }

    @Override
    public synchronized void start() {
        if (state == ThreadState.NEW) {
            makeRunnable();
        }
    }

    // ---- the core side ---------------------------------------------------------------------------

    /**
     * TR's RUN handler: runs one timeslice of this thread on the calling core, then acts on why the
     * thread gave the core back. Returns at once for a RUN that is stale (the thread is not runnable).
     */
    void runSlice(ExecutionContext ctx) {
        synchronized (this) {
            if (state != ThreadState.RUNNABLE) {
                return;
            }
            if (!killed && cpua.holdIfSuspended(this)) {
                state = ThreadState.HELD;
                return;
            }
            state = ThreadState.RUNNING;
        }
        long t0 = Clocks.monotonicNanos();
        handBack = null;
        sliceEnd = t0 + owner.timesliceNanos();
        coreThread = Thread.currentThread();
        turn = PROGRAM;
        if (jvmThread == null) {
            jvmThread = new Thread(this::root, "okrt-thread-" + id + "-" + name);
            jvmThread.setDaemon(true);
            jvmThread.start();
        } else {
            LockSupport.unpark(jvmThread);
        }
        HardwareCore core = HardwareCore.current();
        long irq0 = core == null ? 0 : core.interruptNanos();
        if (core != null) {
            // the core services its interrupts while the thread runs; their time is not the thread's
            core.await(() -> turn != PROGRAM);
        } else {
            while (turn == PROGRAM) {
                LockSupport.park(this);
            }
        }
        cpuNanos += Clocks.monotonicNanos() - t0 - (core == null ? 0 : core.interruptNanos() - irq0);
        slices++;
        afterSlice(ctx);
    }

    private void afterSlice(ExecutionContext ctx) {
        switch (handBack) {
            case SLICE_END, YIELD -> {
                synchronized (this) {
                    state = ThreadState.RUNNABLE;
                }
                runAgain(ctx.send(cpua.tr().name(), TrInstance.RUN, this));
            }
            case BLOCK -> {
                synchronized (this) {
                    if (woken || killed) {
                        state = ThreadState.RUNNABLE;
                        runAgain(ctx.send(cpua.tr().name(), TrInstance.RUN, this));
                    } else {
                        state = ThreadState.BLOCKED;
                        if (blockTimeoutMicros >= 0) {
                            ctx.sendDelayed(blockTimeoutMicros, cpua.tr().name(), TrInstance.TIMEOUT, this, blockToken);
                        }
                    }
                }
            }
            case EXIT -> exited();
            default -> throw new IllegalStateException("no hand-back reason from thread " + id);
        }
    }

    private void runAgain(SendResult r) {
        if (!r.isOk()) {
            LOG.log(Level.ERROR, "thread " + id + " (" + name + ") cannot be made ready again, so it ends: " + r);
            abandon();
        }
    }

    /**
     * No core will run this thread again (its TR instance or activity is gone): it exits as killed,
     * and its JVM thread, if parked waiting for a core, unwinds and ends without one.
     */
    private void abandon() {
        abandoned = true;
        killed = true;
        Thread j = jvmThread;
        if (j != null) {
            LockSupport.unpark(j);
        }
        synchronized (this) {
            exitStatus = killStatus;
        }
        exited();
    }

    /** Sends a RUN from outside a handler (a wake-up, a resume, a kill). Caller holds this lock. */
    private void makeRunnable() {
        state = ThreadState.RUNNABLE;
        runAgain(cpua.tr().sendRun(this));
    }

    /** TR's TIMEOUT handler: the wait with this token timed out, unless it was woken meanwhile. */
    synchronized void timeout(long token) {
        if (token != waitToken || woken) {
            return;
        }
        woken = true;
        wakeReason = WaitOutcome.TIMED_OUT;
        if (state == ThreadState.BLOCKED) {
            makeRunnable();
        }
    }

    /** The aggregate was resumed: a held thread is ready again. */
    synchronized void release() {
        if (state == ThreadState.HELD) {
            makeRunnable();
        }
    }

    private void exited() {
        List<LongConsumer> listeners;
        long status;
        synchronized (this) {
            state = ThreadState.EXITED;
            status = exitStatus;
            listeners = new ArrayList<>(exitListeners);
            exitListeners.clear();
        }
        owner.forget(this);
        for (LongConsumer l : listeners) {
            try {
                l.accept(status);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "an exit listener of thread " + id + " failed", e);
            }
        }
    }

    // ---- the program side ------------------------------------------------------------------------

    private void root() {
        owner.enter(this);
        long status;
        try {
            if (killed) {
                throw new ThreadUnwind(killStatus);
            }
            status = main.run(this);
        } catch (ThreadUnwind u) {
            status = u.status;
        } catch (Throwable t) {
            status = Sys.EXIT_FAILED;
            LOG.log(Level.INFO, "thread " + id + " (" + name + ") failed: " + t);
        } finally {
            owner.leave();
        }
        synchronized (this) {
            exitStatus = status;
        }
        if (turn == PROGRAM) {
            giveBack(HandBack.EXIT);   // an abandoned thread that held a core still gives it back
        }
    }

    /** Gives the core back to the handler that dispatched this thread, and waits for the next dispatch. */
    private void giveBack(HandBack reason) {
        threadCpuNanos = Clocks.currentThreadCpuNanos();
        handBack = reason;
        Thread core = coreThread;
        turn = CORE;
        LockSupport.unpark(core);
        if (reason == HandBack.EXIT) {
            return;
        }
        while (turn != PROGRAM && !abandoned) {
            LockSupport.park(this);
        }
        if (killed) {
            throw new ThreadUnwind(killStatus);
        }
    }

    private void checkCaller(String call) {
        if (owner.current().orElse(null) != this) {
            throw new IllegalStateException(call + " of thread " + id + " called from another thread");
        }
    }

    @Override
    public void preempt() {
        checkCaller("preempt");
        if (killed) {
            throw new ThreadUnwind(killStatus);
        }
        long request;
        synchronized (this) {
            request = suspendRequest;
            suspendRequest = NO_REQUEST;
        }
        if (request != NO_REQUEST) {
            suspendSelf(request);
        } else if (Clocks.monotonicNanos() - sliceEnd >= 0 || cpua.suspended()) {
            giveBack(HandBack.SLICE_END);
        }
    }

    @Override
    public void yieldCore() {
        checkCaller("yield");
        giveBack(HandBack.YIELD);
    }

    @Override
    public void exit(long status) {
        checkCaller("exit");
        throw new ThreadUnwind(status);
    }

    @Override
    public synchronized long prepareWait() {
        waitToken = owner.nextToken();
        woken = false;
        wakeReason = null;
        return waitToken;
    }

    @Override
    public WaitOutcome await(long token, long timeoutMicros) {
        checkCaller("await");
        blockToken = token;
        blockTimeoutMicros = timeoutMicros;
        giveBack(HandBack.BLOCK);
        synchronized (this) {
            return wakeReason == null ? WaitOutcome.WOKEN : wakeReason;
        }
    }

    @Override
    public synchronized void wake(long token) {
        if (token != waitToken || woken) {
            return;
        }
        woken = true;
        wakeReason = WaitOutcome.WOKEN;
        if (state == ThreadState.BLOCKED) {
            makeRunnable();
        }
    }

    @Override
    public Result<Void> suspend(long timeoutMicros) {
        if (timeoutMicros < Sys.FOREVER || timeoutMicros == 0) {
            return Result.error(Err.BAD_PARAMETER, "suspend timeout " + timeoutMicros
                    + " µs: give at least 1 µs, or FOREVER (-1)");
        }
        if (owner.current().orElse(null) == this) {
            return suspendSelf(timeoutMicros);
        }
        synchronized (this) {
            if (state == ThreadState.EXITED) {
                return Result.error(Err.GONE, "thread " + id + " has exited");
            }
            suspendRequest = timeoutMicros;
        }
        return Result.ok();
    }

    private Result<Void> suspendSelf(long timeoutMicros) {
        long token = prepareWait();
        synchronized (this) {
            suspendToken = token;
        }
        WaitOutcome o = await(token, timeoutMicros);
        synchronized (this) {
            suspendToken = 0;
        }
        return o == WaitOutcome.TIMED_OUT ? Result.error(Err.TIMEOUT, "no resume within " + timeoutMicros + " µs")
                : Result.ok();
    }

    @Override
    public synchronized Result<Void> resume() {
        if (suspendToken != 0 && suspendToken == waitToken && !woken) {
            wake(suspendToken);
            return Result.ok();
        }
        if (suspendRequest != NO_REQUEST) {
            suspendRequest = NO_REQUEST;
            return Result.ok();
        }
        return Result.error(Err.NOT_PERMITTED, "thread " + id + " is neither suspended nor asked to suspend");
    }

    @Override
    public void kill() {
        killStatus(Sys.EXIT_KILLED);
    }

    /**
     * Kills the thread with a status: a blocked or held thread is made ready so that it can unwind.
     *
     * @param status its exit status
     */
    synchronized void killStatus(long status) {
        if (killed || state == ThreadState.EXITED) {
            return;
        }
        killStatus = status;
        killed = true;
        if (state == ThreadState.BLOCKED || state == ThreadState.HELD || state == ThreadState.NEW) {
            cpua.unhold(this);
            makeRunnable();
        }
    }

    @Override
    public void onExit(LongConsumer listener) {
        long status;
        synchronized (this) {
            if (state != ThreadState.EXITED) {
                exitListeners.add(listener);
                return;
            }
            status = exitStatus;
        }
        listener.accept(status);
    }

    @Override
    public synchronized boolean isAlive() {
        return state != ThreadState.EXITED;
    }

    @Override
    public ThreadStats stats() {
        return new ThreadStats(cpuNanos, threadCpuNanos, slices);
    }

    @Override
    public Result<Void> close() {
        kill();
        return Result.ok();
    }

    @Override
    public String toString() {
        return "thread " + id + " (" + name + ")";
    }
}
