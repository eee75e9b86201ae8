package org.omnikernel.okrt.scheduler;

/**
 * The result of {@link Scheduler#loadShare}: the core whose request queue takes the affinity label
 * and how long the mapping persists. A long time to live makes routing cheap and keeps locality; a
 * short one lets the scheduler rebalance often (seed §3.1).
 *
 * @param core       the core index, from 0 to cores-1
 * @param ttlMicros  how long the mapping persists, in µs, at least 1
 */
public record LoadShare(int core, long ttlMicros) {

    /**
     * @param core      the core index
     * @param ttlMicros the time to live
     * @throws IllegalArgumentException for a negative core or a ttl below 1 µs
     */
    public LoadShare {
        if (core < 0) {
            throw new IllegalArgumentException("load share to negative core " + core);
        }
        if (ttlMicros < 1) {
            throw new IllegalArgumentException("load share ttl " + ttlMicros + " µs is below 1 µs");
        }
    }
}
