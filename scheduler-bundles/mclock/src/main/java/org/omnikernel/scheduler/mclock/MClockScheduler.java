package org.omnikernel.scheduler.mclock;

import org.omnikernel.okrt.scheduler.LoadSharing;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;

/**
 * The shared half of a {@value MClockFactory#NAME} instance: the load-share policy, the per-core
 * client counts it reads, and the clock every core's tags are kept against.
 *
 * <p>Scheduler parameters ({@code <param>} in the configuration): {@code loadshare} =
 * {@code fewest-clients} (default) or {@code affinity-sticky}; {@code ttl}, how long a label stays on
 * its core in µs (default 1 000 000). Anything else is refused. Reservations, limits and shares are
 * client parameters: they belong to activities (see {@link MClockCore}).
 *
 * <p>Each core runs mClock on its own clients: reservations and limits are per core (a request queue
 * is one activity on one core), as the seed's schedulers keep all decisions per core.
 */
final class MClockScheduler implements Scheduler {

    static final Set<String> PARAMETERS = Set.of(LoadSharing.LOADSHARE, LoadSharing.TTL);

    private final LoadSharing sharing;
    private final LongSupplier clock;
    private final Metric metric;

    /**
     * @param parameters the scheduler parameters
     * @param context    the instance's place in the grid
     * @param clock      monotonic nanoseconds; OKRT's clock in the bundle, a simulated one in tests
     * @throws IllegalArgumentException naming a bad or unknown parameter and the valid ones
     */
    MClockScheduler(Parameters parameters, SchedulerContext context, LongSupplier clock) {
        for (String key : parameters.asMap().keySet()) {
            if (!PARAMETERS.contains(key)) {
                throw new IllegalArgumentException(MClockFactory.NAME + ": unknown parameter \"" + key + "\"; valid: "
                        + new TreeSet<>(PARAMETERS) + " (loadshare = fewest-clients | affinity-sticky, ttl in µs); "
                        + MClockCore.RESERVATION + ", " + MClockCore.LIMIT + " and " + MClockCore.SHARE
                        + " are client parameters of activities");
            }
        }
        this.sharing = new LoadSharing(MClockFactory.NAME, parameters, context.cores());
        this.clock = clock;
        this.metric = context.metric();
    }

    @Override
    public CoreScheduler<?> initCore(int core) {
        return new MClockCore(core, sharing, clock);
    }

    /** Refuses a future client's invalid parameters before OKRT makes a queue for it. Any thread. */
    @Override
    public void checkClient(Parameters parameters) {
        MClockCore.Settings.parse(parameters);
    }

    @Override
    public LoadShare loadShare(LoadShareRequest request) {
        return sharing.loadShare(request);
    }

    @Override
    public String describe() {
        return MClockFactory.NAME + " (reservation, share, limit per client in " + metric + " units/s) "
                + sharing.describe();
    }
}
