package org.omnikernel.scheduler.wfq;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The per-core figures a WFQ scheduler instance shares between its cores and {@code loadShare}:
 * the number of clients on each core and each core's scheduler VFT (seed §3.1.1.2: a virtual client
 * whose weight is the sum of the weights of all clients on the core, advanced whenever one of them is
 * charged; the lowest marks the least-served core).
 *
 * <p>Thread-safety: each core writes only its own slots, from its own dispatch thread; any thread
 * may read any slot. Reads are racy with respect to one another, which coarse load-share decisions
 * tolerate. The scheduler VFT is a {@code double} (stored as its bits) so that it never overflows and
 * needs no rebasing; it is only ever compared across cores.
 */
final class CoreFigures {

    private final AtomicIntegerArray clients;
    private final AtomicLongArray schedulerVft;

    /**
     * @param cores the number of cores
     */
    CoreFigures(int cores) {
        this.clients = new AtomicIntegerArray(cores);
        this.schedulerVft = new AtomicLongArray(cores);
        for (int c = 0; c < cores; c++) {
            schedulerVft.set(c, Double.doubleToRawLongBits(0.0));
        }
    }

    /** @return the number of cores */
    int cores() {
        return clients.length();
    }

    /** @param core a core that gained a client; called on that core */
    void clientAdded(int core) {
        clients.incrementAndGet(core);
    }

    /** @param core a core that lost a client; called on that core */
    void clientRemoved(int core) {
        clients.decrementAndGet(core);
    }

    /**
     * @param core a core
     * @return its number of clients, idle ones included
     */
    int clients(int core) {
        return clients.get(core);
    }

    /**
     * Advances a core's scheduler VFT. Called by: that core only (single writer).
     *
     * @param core      the core
     * @param increment consumption divided by the sum of the weights of the core's clients
     */
    void served(int core, double increment) {
        double v = Double.longBitsToDouble(schedulerVft.get(core)) + increment;
        schedulerVft.set(core, Double.doubleToRawLongBits(v));
    }

    /**
     * @param core a core
     * @return its scheduler VFT: consumption charged there per unit of client weight, since boot
     */
    double schedulerVft(int core) {
        return Double.longBitsToDouble(schedulerVft.get(core));
    }
}
