package org.omnikernel.scheduler.roundrobin;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;

/**
 * The shared half of a round-robin scheduler instance: the number of clients on each core, which
 * {@link #loadShare} reads to send a new affinity label to the core with the fewest (seed §5.4).
 *
 * <p>Parameters: {@code quantum}, dispatches a client gets in a row before the next ready client
 * (default 1, at least 1); {@code ttl}, how long a label stays on its core in µs (default 1 000 000).
 */
final class RoundRobinScheduler implements Scheduler {

    private final int quantum;
    private final long ttlMicros;
    /** Clients per core: written by each core's own hooks, read by any sender in loadShare. */
    private final AtomicIntegerArray clients;

    RoundRobinScheduler(Parameters parameters, int cores) {
        this.quantum = (int) Math.min(parameters.getLong("quantum", 1, 1), 1_000_000);
        this.ttlMicros = parameters.getLong("ttl", 1_000_000, 1);
        for (String key : parameters.asMap().keySet()) {
            if (!key.equals("quantum") && !key.equals("ttl")) {
                throw new IllegalArgumentException("unknown parameter \"" + key + "\"; roundrobin takes quantum and ttl");
            }
        }
        this.clients = new AtomicIntegerArray(cores);
    }

    @Override
    public CoreScheduler<?> initCore(int core) {
        return new RoundRobinCore(core, quantum, clients);
    }

    @Override
    public LoadShare loadShare(LoadShareRequest request) {
        int best = request.previous() >= 0 ? request.previous() : 0;
        int fewest = clients.get(best);
        for (int c = 0; c < request.cores(); c++) {
            int n = clients.get(c);
            if (n < fewest) {
                fewest = n;
                best = c;
            }
        }
        return new LoadShare(best, ttlMicros);
    }

    @Override
    public String describe() {
        return "roundrobin quantum=" + quantum + " ttl=" + ttlMicros + "us";
    }
}
