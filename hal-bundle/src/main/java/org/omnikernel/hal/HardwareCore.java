package org.omnikernel.hal;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One core of the machine as the kernel sees it (seed §3.1.8): a thread that runs the kernel's
 * dispatch loop, its microsecond {@link CoreTimers timers}, a mailbox for cross-core calls, and the
 * interrupts delivered to it.
 *
 * <p>The thread that runs the core's loop owns the timers and is the only one that services the
 * core's interrupts. Other threads reach the core through {@link #post(Runnable)} and {@link #call};
 * an {@link InterruptLine} delivers interrupts and wakes the core when it idles or waits.
 *
 * <p>Interrupt cost: every low-level interrupt handler run here is timed; {@link #interruptNanos()}
 * is their total. A message handler that waits on the core ({@link #await(BooleanSupplier)}) services
 * interrupts meanwhile, and the kernel subtracts that time from the handler's measurement, giving it
 * back to the interrupted activity (seed §3.3.2).
 */
public final class HardwareCore {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.hal");

    private static final int RUNNING = 0;
    private static final int IDLE = 1;
    private static final int WAITING = 2;

    private final int index;
    private final ConcurrentLinkedQueue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Runnable> localMail = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<PendingInterrupt> interrupts = new ConcurrentLinkedQueue<>();
    private final CoreTimers timers = new CoreTimers();
    private volatile Thread thread;
    private volatile int state = RUNNING;
    private volatile long interruptNanos;
    private long taskFailures;

    /** An interrupt waiting to be serviced on this core. */
    record PendingInterrupt(InterruptLine line, Object payload) {
    }

    /** The thread of a core: lets {@link #current()} find its core without a thread-local lookup. */
    private static final class CoreThread extends Thread {
        final HardwareCore core;

        CoreThread(HardwareCore core, Runnable loop, String name) {
            super(loop, name);
            this.core = core;
            setDaemon(true);
        }
    }

    HardwareCore(int index) {
        this.index = index;
    }

    /** @return this core's number, from 0 */
    public int index() {
        return index;
    }

    /** @return the core whose thread is calling, or null when called from any other thread */
    public static HardwareCore current() {
        return Thread.currentThread() instanceof CoreThread t ? t.core : null;
    }

    /**
     * Starts a thread that runs the kernel's loop on this core.
     *
     * @param name the thread's name
     * @param loop the loop; it returns when the kernel stops
     * @throws IllegalStateException when the core runs a loop already
     */
    public synchronized void start(String name, Runnable loop) {
        Thread t = thread;
        if (t != null && t.isAlive()) {
            throw new IllegalStateException("core " + index + " runs " + t.getName() + " already");
        }
        thread = new CoreThread(this, loop, name);
        thread.start();
    }

    /**
     * Waits for the loop to return (after the kernel told it to stop and {@link #wake() woke} it), then
     * forgets the stopped kernel's mail and timers so that a kernel started later on this core starts
     * clean. Pending interrupts stay: they belong to devices, not to the kernel.
     *
     * @param timeoutMillis how long to wait
     * @throws InterruptedException when the caller is interrupted
     */
    public synchronized void join(long timeoutMillis) throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.join(timeoutMillis);
        if (!t.isAlive()) {
            mailbox.clear();
            localMail.clear();
            timers.clear();
        }
    }

    /** @return whether a loop runs on this core */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** @return whether the caller is this core's thread */
    public boolean onThisCore() {
        return Thread.currentThread() == thread;
    }

    /** @return this core's timers; only its own thread may touch them */
    public CoreTimers timers() {
        return timers;
    }

    // ---- cross-core calls ---------------------------------------------------------------------

    /**
     * Runs a task on this core, from its loop (a cross-core call). From the core's own thread the task
     * runs at the loop's next turn, never re-entrantly.
     *
     * @param task the task; an exception it throws is logged and the core carries on
     */
    public void post(Runnable task) {
        if (Thread.currentThread() == thread) {
            localMail.add(task);
            return;
        }
        mailbox.add(task);
        if (state != RUNNING) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Runs a function on this core and completes with its result.
     *
     * @param <T>      the result type
     * @param function the function
     * @return completes on this core, exceptionally when the function throws
     */
    public <T> CompletionStage<T> call(Supplier<T> function) {
        CompletableFuture<T> done = new CompletableFuture<>();
        post(() -> {
            try {
                done.complete(function.get());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** @return whether cross-core calls wait to run */
    public boolean hasMail() {
        return !localMail.isEmpty() || !mailbox.isEmpty();
    }

    /**
     * Runs every waiting cross-core call. Called by the core's loop.
     *
     * @return how many ran
     */
    public int runMail() {
        int n = 0;
        for (;;) {
            Runnable r = localMail.poll();
            if (r == null) {
                r = mailbox.poll();
                if (r == null) {
                    return n;
                }
            }
            n++;
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                taskFailures++;
                LOG.log(Level.ERROR, "core " + index + ": a cross-core call failed (failure " + taskFailures
                        + "); the core carries on", e);
            }
        }
    }

    // ---- idling and waiting ------------------------------------------------------------------

    /**
     * Idles the core until a cross-core call or an interrupt arrives, the deadline passes, or
     * {@link #wake()} is called. Returns at once when mail or an interrupt is already waiting.
     *
     * @param deadlineNanos a {@link Clocks#monotonicNanos()} value, or {@link Long#MAX_VALUE}
     */
    public void idle(long deadlineNanos) {
        state = IDLE;
        if (mailbox.isEmpty() && interrupts.isEmpty()) {
            if (deadlineNanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long wait = deadlineNanos - Clocks.monotonicNanos();
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                }
            }
        }
        state = RUNNING;
    }

    /**
     * Lets a message handler wait on this core — for a thread it handed the core to, say — while the
     * core keeps servicing its interrupts. Whoever makes {@code done} true must {@link #wake()} the core.
     *
     * @param done checked after every wake-up
     * @throws IllegalStateException when called from another thread than the core's
     */
    public void await(BooleanSupplier done) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("only core " + index + "'s own thread may wait on it");
        }
        state = WAITING;
        try {
            while (!done.getAsBoolean()) {
                if (!interrupts.isEmpty()) {
                    serviceInterrupts();
                    continue;
                }
                LockSupport.park(this);
            }
        } finally {
            state = RUNNING;
        }
    }

    /** Wakes the core's thread if it idles or waits; harmless otherwise. */
    public void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ---- interrupts ------------------------------------------------------------------------------

    /** Called by an interrupt line, on the device's thread. */
    void deliver(InterruptLine line, Object payload) {
        interrupts.add(new PendingInterrupt(line, payload));
        if (state != RUNNING) {
            LockSupport.unpark(thread);
        }
    }

    /** @return whether the core idles, so an interrupt sent here runs at once */
    boolean isIdle() {
        return state == IDLE;
    }

    /** @return whether interrupts wait to be serviced */
    public boolean interruptsPending() {
        return !interrupts.isEmpty();
    }

    /**
     * Runs the low-level handler of every pending interrupt, timing each. Called by the core's own
     * thread, from its loop or while a handler {@link #await waits}.
     *
     * @return nanoseconds spent in the handlers
     */
    public long serviceInterrupts() {
        long spent = 0;
        for (PendingInterrupt p = interrupts.poll(); p != null; p = interrupts.poll()) {
            long t0 = Clocks.monotonicNanos();
            p.line().service(p.payload(), index);
            long t = Clocks.monotonicNanos() - t0;
            spent += t;
            p.line().charge(t);
        }
        if (spent > 0) {
            // single writer: this core's thread
            interruptNanos += spent;
        }
        return spent;
    }

    /** @return nanoseconds this core spent in low-level interrupt handlers, in total */
    public long interruptNanos() {
        return interruptNanos;
    }

    @Override
    public String toString() {
        return "core " + index;
    }
}
