package org.omnikernel.experiments.internal;

import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * How the cores' ledgers changed between two snapshots, summed over the cores (seed §5.3). Each
 * category is measured directly by OKRT; unaccounted is computed here as elapsed minus the four,
 * per core and without clamping, so that a negative remainder is not hidden.
 *
 * @param elapsedNanos     elapsed time
 * @param handlerNanos     time in handlers
 * @param overheadNanos    time in OKRT itself
 * @param idleNanos        time waiting for work
 * @param interruptNanos   time in low-level interrupt handlers
 * @param unaccountedNanos elapsed minus the four
 * @param threadCpuNanos   CPU time the operating system gave the core threads (sampled every 10 ms)
 */
record CoreDelta(long elapsedNanos, long handlerNanos, long overheadNanos, long idleNanos, long interruptNanos,
        long unaccountedNanos,
        long threadCpuNanos) {

    /**
     * @param from the earlier snapshot
     * @param to   the later snapshot
     * @return the change, summed over the cores
     * @throws IllegalStateException when the snapshots do not have the same cores
     */
    static CoreDelta between(KernelSnapshot from, KernelSnapshot to) {
        if (from.cores().size() != to.cores().size()) {
            throw new IllegalStateException("the kernel had " + from.cores().size() + " cores, then "
                    + to.cores().size());
        }
        long elapsed = 0;
        long handler = 0;
        long overhead = 0;
        long idle = 0;
        long interrupt = 0;
        long threadCpu = 0;
        for (int i = 0; i < to.cores().size(); i++) {
            CoreStatistics a = from.cores().get(i);
            CoreStatistics b = to.cores().get(i);
            elapsed += b.elapsedNanos() - a.elapsedNanos();
            handler += b.handlerNanos() - a.handlerNanos();
            overhead += b.overheadNanos() - a.overheadNanos();
            idle += b.idleNanos() - a.idleNanos();
            interrupt += b.interruptNanos() - a.interruptNanos();
            threadCpu += b.threadCpuNanos() - a.threadCpuNanos();
        }
        return new CoreDelta(elapsed, handler, overhead, idle, interrupt, elapsed - handler - overhead - idle - interrupt,
                threadCpu);
    }

    /**
     * @param part a figure of this delta
     * @return its fraction of the elapsed core time; 0 when nothing elapsed
     */
    double fraction(long part) {
        return elapsedNanos > 0 ? (double) part / elapsedNanos : 0;
    }
}
