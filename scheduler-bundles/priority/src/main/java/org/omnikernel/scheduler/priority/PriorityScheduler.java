package org.omnikernel.scheduler.priority;

import org.omnikernel.okrt.scheduler.LoadSharing;
import java.util.Set;
import java.util.TreeSet;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;

/**
 * The shared half of a strict-priority scheduler instance: the load-share policy and the number of
 * clients on each core.
 *
 * <p>Scheduler parameters: {@code loadshare} = {@code fewest-clients} (default) or
 * {@code affinity-sticky}; {@code ttl}, how long a label stays on its core in µs (default 1 000 000).
 * Client parameter: {@code priority}, a whole number from -1000 to 1000, larger first, default 0.
 */
final class PriorityScheduler implements Scheduler {

    static final Set<String> PARAMETERS = Set.of(LoadSharing.LOADSHARE, LoadSharing.TTL);

    private final LoadSharing sharing;

    PriorityScheduler(Parameters parameters, int cores) {
        for (String key : parameters.asMap().keySet()) {
            if (!PARAMETERS.contains(key)) {
                throw new IllegalArgumentException(PriorityFactory.NAME + ": unknown parameter \"" + key
                        + "\"; valid: " + new TreeSet<>(PARAMETERS)
                        + " (loadshare = fewest-clients | affinity-sticky, ttl in µs); the client parameter "
                        + PriorityCore.PRIORITY + " belongs to activities");
            }
        }
        this.sharing = new LoadSharing(PriorityFactory.NAME, parameters, cores);
    }

    @Override
    public CoreScheduler<?> initCore(int core) {
        return new PriorityCore(core, sharing);
    }

    @Override
    public LoadShare loadShare(LoadShareRequest request) {
        return sharing.loadShare(request);
    }

    @Override
    public String describe() {
        return PriorityFactory.NAME + " (highest priority first, FIFO among equals) " + sharing.describe();
    }
}
