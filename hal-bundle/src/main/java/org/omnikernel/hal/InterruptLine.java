package org.omnikernel.hal;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One interrupt source, as a device sees it: {@link #raise(Object)} from the device's own thread
 * delivers the interrupt to a core, whose thread runs the line's low-level {@link InterruptHandler}.
 *
 * <p>Until the kernel sets a handler, raised interrupts are held (up to {@value #BACKLOG_LIMIT}, then
 * counted as lost) and delivered when it does, so that a device started before the kernel's side of
 * it is ready loses nothing it can keep. A handler that throws is counted and logged; the core
 * carries on.
 */
public final class InterruptLine {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.hal");

    /** Interrupts held while no handler is set, at most. */
    public static final int BACKLOG_LIMIT = 4096;

    private final int number;
    private final String name;
    private final InterruptController controller;
    private volatile InterruptHandler handler;
    private volatile int affinity = -1;
    private final ConcurrentLinkedQueue<Object> backlog = new ConcurrentLinkedQueue<>();
    private final AtomicLong backlogSize = new AtomicLong();
    private final LongAdder raised = new LongAdder();
    private final LongAdder serviced = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private volatile boolean released;
    /** Interrupts delivered to a core and not yet serviced; with {@link #lastCore} keeps the line in order. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int lastCore;

    InterruptLine(int number, String name, InterruptController controller, InterruptHandler handler) {
        this.number = number;
        this.name = name;
        this.controller = controller;
        this.handler = handler;
    }

    /** @return the line's number, unique in the machine */
    public int number() {
        return number;
    }

    /** @return what the line serves, e.g. a device's name */
    public String name() {
        return name;
    }

    /**
     * Raises the interrupt: from any thread, typically the device's completion thread. Never blocks.
     *
     * @param payload what the handler gets
     * @return false when the line was released or the interrupt had to be dropped (held backlog full)
     */
    public boolean raise(Object payload) {
        if (released) {
            lost.increment();
            return false;
        }
        raised.increment();
        if (handler == null) {
            if (backlogSize.incrementAndGet() > BACKLOG_LIMIT) {
                backlogSize.decrementAndGet();
                lost.increment();
                return false;
            }
            backlog.add(payload);
            if (handler != null) {
                replayBacklog(); // the handler arrived while we queued
            }
            return true;
        }
        controller.route(this, payload);
        return true;
    }

    /**
     * Sets the low-level handler; interrupts held until now are delivered.
     *
     * @param h the handler, or null to hold interrupts again
     */
    public void handler(InterruptHandler h) {
        this.handler = h;
        if (h != null) {
            replayBacklog();
        }
    }

    private void replayBacklog() {
        for (Object p = backlog.poll(); p != null; p = backlog.poll()) {
            backlogSize.decrementAndGet();
            controller.route(this, p);
        }
    }

    /**
     * Sends this line's interrupts to one core, or to any (an idle one when there is one).
     *
     * @param core a core number, or -1 for any
     * @throws IllegalArgumentException for a core the machine does not have
     */
    public void affinity(int core) {
        if (core < -1 || core >= controller.coreCount()) {
            throw new IllegalArgumentException("interrupt line " + name + ": core " + core
                    + " does not exist; use -1 (any) or 0.." + (controller.coreCount() - 1));
        }
        this.affinity = core;
    }

    /** @return the core this line's interrupts go to, or -1 for any */
    public int affinity() {
        return affinity;
    }

    /** Frees the line: later raises are counted as lost. */
    public void release() {
        released = true;
        controller.release(this);
    }

    int pendingOnCore() {
        return pending.get();
    }

    int lastCore() {
        return lastCore;
    }

    /** Called by the controller, under this line's monitor, as it hands an interrupt to a core. */
    void delivering(int core) {
        lastCore = core;
        pending.incrementAndGet();
    }

    /** Runs the handler; called by the core that services the interrupt. */
    void service(Object payload, int core) {
        pending.decrementAndGet();
        InterruptHandler h = handler;
        serviced.increment();
        if (h == null) {
            lost.increment();
            return;
        }
        try {
            h.interrupt(payload, core);
        } catch (RuntimeException | Error e) {
            failures.increment();
            LOG.log(Level.ERROR, "interrupt handler of " + name + " failed on core " + core + "; the core carries on", e);
        }
    }

    void charge(long handlerNanos) {
        nanos.add(handlerNanos);
    }

    /** @return this line's figures */
    public InterruptStatistics statistics() {
        return new InterruptStatistics(number, name, raised.sum(), serviced.sum(), failures.sum(), lost.sum(),
                nanos.sum(), backlogSize.get());
    }

    @Override
    public String toString() {
        return "irq " + number + " (" + name + ")";
    }
}
