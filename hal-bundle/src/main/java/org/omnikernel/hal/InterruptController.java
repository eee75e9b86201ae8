package org.omnikernel.hal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Allocates {@link InterruptLine interrupt lines} and delivers what they raise to cores (seed §3.3.2).
 * A line with no core affinity goes to an idle core when there is one, so that an interrupt does not
 * wait behind a running handler, else to the cores in turn.
 */
public final class InterruptController {

    private final List<HardwareCore> cores;
    private final Map<Integer, InterruptLine> lines = new ConcurrentHashMap<>();
    private final AtomicInteger numbers = new AtomicInteger();
    private final AtomicInteger nextCore = new AtomicInteger();

    InterruptController(List<HardwareCore> cores) {
        this.cores = cores;
    }

    /**
     * Allocates a line.
     *
     * @param name    what it serves, e.g. a device's name
     * @param handler its low-level handler, or null to hold interrupts until one is set
     * @return the line
     */
    public InterruptLine allocate(String name, InterruptHandler handler) {
        InterruptLine line = new InterruptLine(numbers.incrementAndGet(), name, this, handler);
        lines.put(line.number(), line);
        return line;
    }

    /** @return the lines allocated and not released, with their figures */
    public List<InterruptStatistics> statistics() {
        List<InterruptStatistics> out = new ArrayList<>();
        lines.values().forEach(l -> out.add(l.statistics()));
        out.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return out;
    }

    int coreCount() {
        return cores.size();
    }

    void release(InterruptLine line) {
        lines.remove(line.number());
    }

    /**
     * Delivers one interrupt. A line's interrupts are serviced in the order raised: while any of them
     * waits on a core, the next goes to the same core (a NIC's frames must not overtake each other).
     */
    void route(InterruptLine line, Object payload) {
        synchronized (line) {
            HardwareCore target;
            int a = line.affinity();
            if (a >= 0) {
                target = cores.get(a);
            } else if (line.pendingOnCore() > 0) {
                target = cores.get(line.lastCore());
            } else {
                target = idleOrNext();
            }
            line.delivering(target.index());
            target.deliver(line, payload);
        }
    }

    private HardwareCore idleOrNext() {
        for (HardwareCore c : cores) {
            if (c.isIdle()) {
                return c;
            }
        }
        return cores.get(Math.floorMod(nextCore.getAndIncrement(), cores.size()));
    }
}
