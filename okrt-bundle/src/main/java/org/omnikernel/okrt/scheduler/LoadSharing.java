package org.omnikernel.okrt.scheduler;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.omnikernel.okrt.Parameters;

/**
 * Ready-made load sharing for schedulers whose policy is about per-core decisions (seed §5.4): where a
 * new or expired affinity label goes, chosen by scheduler parameters. A scheduler creates one in
 * {@link SchedulerFactory#create}, tells it from its per-core hooks when clients come and go
 * ({@link #added}, {@link #removed}), and answers {@link Scheduler#loadShare} with
 * {@link #loadShare}.
 *
 * <ul>
 * <li>{@code fewest-clients} (default): the core with the fewest clients now; the label's previous
 *     core wins ties, so a label only moves for a core that is strictly less loaded.</li>
 * <li>{@code affinity-sticky}: a label's first mapping goes to the core with the fewest clients; after
 *     that it stays where it was (locality over balance).</li>
 * </ul>
 *
 * <p>Client counts are written by each core's own hooks and read racily by any sender, which is
 * good enough for a coarse decision. Thread-safe.
 */
public final class LoadSharing {

    /** The load-share policies by their parameter value. */
    public enum Policy {
        FEWEST_CLIENTS("fewest-clients"), AFFINITY_STICKY("affinity-sticky");

        private final String value;

        Policy(String value) {
            this.value = value;
        }

        /** @return the parameter value naming this policy */
        public String value() {
            return value;
        }

        static Policy parse(String scheduler, String v) {
            for (Policy p : values()) {
                if (p.value.equals(v.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException(scheduler + ": parameter " + LOADSHARE + "=\"" + v
                    + "\" is not a load-share policy; valid: fewest-clients (default), affinity-sticky");
        }
    }

    /** Scheduler parameter choosing the policy. */
    public static final String LOADSHARE = "loadshare";
    /** Scheduler parameter: how long a mapping persists, in µs. */
    public static final String TTL = "ttl";
    /** The time to live when {@link #TTL} is not given: one second. */
    public static final long DEFAULT_TTL_MICROS = 1_000_000;

    private final Policy policy;
    private final long ttlMicros;
    private final AtomicIntegerArray clients;

    /**
     * @param scheduler  the scheduler's name, for messages
     * @param parameters the scheduler parameters; only {@code loadshare} and {@code ttl} are read
     * @param cores      the cores the scheduler may use
     * @throws IllegalArgumentException naming a bad {@code loadshare} or {@code ttl}
     */
    public LoadSharing(String scheduler, Parameters parameters, int cores) {
        String p = parameters.get(LOADSHARE);
        this.policy = p == null ? Policy.FEWEST_CLIENTS : Policy.parse(scheduler, p);
        this.ttlMicros = parameters.getLong(TTL, DEFAULT_TTL_MICROS, 1);
        this.clients = new AtomicIntegerArray(Math.max(1, cores));
    }

    /** @return the chosen policy */
    public Policy policy() {
        return policy;
    }

    /** @return the time to live of a mapping, in µs */
    public long ttlMicros() {
        return ttlMicros;
    }

    /**
     * A client was added on a core. Called from that core's {@code addClient}.
     *
     * @param core the local core index
     */
    public void added(int core) {
        clients.incrementAndGet(core);
    }

    /**
     * A client was removed on a core. Called from that core's {@code removeClient}.
     *
     * @param core the local core index
     */
    public void removed(int core) {
        clients.decrementAndGet(core);
    }

    /**
     * @param core the local core index
     * @return the clients on that core now
     */
    public int clients(int core) {
        return clients.get(core);
    }

    /**
     * Answers {@link Scheduler#loadShare}. Any thread.
     *
     * @param request the affinity, activity, cores and previous core
     * @return the core and time to live
     */
    public LoadShare loadShare(LoadShareRequest request) {
        int cores = Math.min(request.cores(), clients.length());
        int previous = request.previous() >= 0 && request.previous() < cores ? request.previous() : -1;
        if (policy == Policy.AFFINITY_STICKY && previous >= 0) {
            return new LoadShare(previous, ttlMicros);
        }
        int best = previous >= 0 ? previous : 0;
        int fewest = clients.get(best);
        for (int c = 0; c < cores; c++) {
            int n = clients.get(c);
            if (n < fewest) {
                fewest = n;
                best = c;
            }
        }
        return new LoadShare(best, ttlMicros);
    }

    /** @return the parameters in force, for descriptions */
    public String describe() {
        return LOADSHARE + "=" + policy.value + " " + TTL + "=" + ttlMicros + "us";
    }
}
