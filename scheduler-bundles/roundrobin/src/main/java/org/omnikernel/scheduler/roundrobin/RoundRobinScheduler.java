package org.omnikernel.scheduler.roundrobin;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.LoadSharing;
import org.omnikernel.okrt.scheduler.Scheduler;

/**
 * The shared half of a round-robin scheduler instance: the number of clients on each core, which
 * {@link #loadShare} reads to send a new affinity label to the core with the fewest (seed §5.4).
 *
 * <p>Parameters: {@code quantum}, dispatches a client gets in a row before the next ready client
 * (default 1, at least 1); {@code loadshare} ({@code fewest-clients}, the default, or
 * {@code affinity-sticky}) and {@code ttl}, how long a label stays on its core in µs (default
 * 1 000 000), as {@link LoadSharing} reads them.
 */
final class RoundRobinScheduler implements Scheduler {

    private final int quantum;
    /** Clients per core: written by each core's own hooks, read by any sender in loadShare. */
    private final LoadSharing sharing;

    RoundRobinScheduler(Parameters parameters, int cores) {
        for (String key : parameters.asMap().keySet()) {
            if (!key.equals("quantum") && !key.equals(LoadSharing.TTL) && !key.equals(LoadSharing.LOADSHARE)) {
                throw new IllegalArgumentException("unknown parameter \"" + key
                        + "\"; roundrobin takes quantum, loadshare and ttl");
            }
        }
        this.quantum = (int) Math.min(parameters.getLong("quantum", 1, 1), 1_000_000);
        this.sharing = new LoadSharing(RoundRobinFactory.NAME, parameters, cores);
    }

    @Override
    public CoreScheduler<?> initCore(int core) {
        return new RoundRobinCore(core, quantum, sharing);
    }

    @Override
    public LoadShare loadShare(LoadShareRequest request) {
        return sharing.loadShare(request);
    }

    @Override
    public String describe() {
        return "roundrobin quantum=" + quantum + " " + sharing.describe();
    }
}
