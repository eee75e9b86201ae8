package org.omnikernel.bench;

/**
 * One measured window of one side of a comparison.
 *
 * @param completions          handler calls completed in the window
 * @param windowNanos          the window's wall time
 * @param overheadNsPerMsg     OKRT only: the cores' overhead time over the window divided by the
 *                             messages they executed in it, from OKRT's own ledger; NaN for the executor
 * @param unaccountedFraction  OKRT only: unaccounted time over elapsed time, summed over cores; NaN otherwise
 * @param busiestCoreShare     OKRT only: the busiest core's share of the window's messages (1/cores is even)
 * @param cpuShare             CPU time the operating system gave the side's threads (OKRT cores or executor
 *                             workers) over their wall time in the window: below 1 when other processes
 *                             took the processors (a check on machine noise) or when the threads blocked
 *                             (executor workers contending for their queue's lock)
 * @param msgsPerCpuSecond     messages per second of CPU time the side's threads got: throughput with
 *                             other processes' interference divided out as long as the threads never block;
 *                             NaN when the JVM cannot read thread CPU time
 */
record Trial(long completions, long windowNanos, double overheadNsPerMsg, double unaccountedFraction,
        double busiestCoreShare, double cpuShare, double msgsPerCpuSecond) {

    /** @return completions per second of wall time */
    double msgsPerSecond() {
        return completions * 1e9 / windowNanos;
    }

    static Trial executor(long completions, long windowNanos, double cpuShare, double msgsPerCpuSecond) {
        return new Trial(completions, windowNanos, Double.NaN, Double.NaN, Double.NaN, cpuShare, msgsPerCpuSecond);
    }
}
