package org.omnikernel.scheduler.sfq;

import org.omnikernel.okrt.scheduler.LoadSharing;
import java.util.Set;
import java.util.TreeSet;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;

/**
 * The shared half of a {@value SfqFactory#NAME} instance: the load-share policy and the per-core client
 * counts it reads.
 *
 * <p>Scheduler parameters ({@code <param>} in the configuration): {@code loadshare} =
 * {@code fewest-clients} (default) or {@code affinity-sticky}; {@code ttl}, how long a label stays on
 * its core in µs (default 1 000 000). Anything else is refused. The weight {@code share} is a client
 * parameter: it belongs to activities, or is a resource scheduler's {@code cpushare} when SFQ is the
 * CPU scheduler (see {@link SfqCore}).
 */
final class SfqScheduler implements Scheduler {

    static final Set<String> PARAMETERS = Set.of(LoadSharing.LOADSHARE, LoadSharing.TTL);

    private final LoadSharing sharing;
    private final Metric metric;

    /**
     * @param parameters the scheduler parameters
     * @param context    the instance's place in the grid
     * @throws IllegalArgumentException naming a bad or unknown parameter and the valid ones
     */
    SfqScheduler(Parameters parameters, SchedulerContext context) {
        for (String key : parameters.asMap().keySet()) {
            if (!PARAMETERS.contains(key)) {
                throw new IllegalArgumentException(SfqFactory.NAME + ": unknown parameter \"" + key + "\"; valid: "
                        + new TreeSet<>(PARAMETERS) + " (loadshare = fewest-clients | affinity-sticky, ttl in µs); "
                        + SfqCore.SHARE + " is a client parameter of activities");
            }
        }
        this.sharing = new LoadSharing(SfqFactory.NAME, parameters, context.cores());
        this.metric = context.metric();
    }

    @Override
    public CoreScheduler<?> initCore(int core) {
        return new SfqCore(core, sharing);
    }

    /** Refuses a future client's invalid parameters before OKRT makes a queue for it. Any thread. */
    @Override
    public void checkClient(Parameters parameters) {
        SfqCore.shareOf(parameters);
    }

    @Override
    public LoadShare loadShare(LoadShareRequest request) {
        return sharing.loadShare(request);
    }

    @Override
    public String describe() {
        return SfqFactory.NAME + " (start-time fair queueing by " + metric + ") " + sharing.describe();
    }
}
