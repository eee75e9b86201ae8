package org.omnikernel.scheduler.wfq;

import java.util.List;
import java.util.function.LongSupplier;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;

/**
 * The shared half of a {@code propshare.wfq} instance (the seed's {@code wfqsched_t} array and
 * {@code wfq_load_share}): the policies chosen by the scheduler parameters and the per-core figures
 * that {@link #loadShare} reads. Per-core scheduling lives in the {@link WfqCore}s it creates.
 *
 * <p>Scheduler parameters (all optional; any other key is refused):
 * <ul>
 * <li>{@code burst} — {@code clamp} (default) or {@code reset:<µs>}; see {@link BurstPolicy}.</li>
 * <li>{@code loadshare} — {@code least-utilized} (default, the seed's), {@code affinity-sticky} or
 * {@code fewest-clients}; see {@link LoadSharePolicy}.</li>
 * <li>{@code ttl} — how long a label stays mapped to its core, in µs (default 1 000 000, at least 1).</li>
 * </ul>
 *
 * <p>Client parameter: {@code share}, the weight (default 10000, from 1 to 10^9). Consumption is in
 * the configured metric ({@link SchedulerContext#metric()}), whatever it is.
 *
 * <p>Thread-safety: {@link #initCore} runs on the attaching thread before messages flow;
 * {@link #loadShare} on any sending thread, concurrently with everything, reading only the
 * thread-safe {@link CoreFigures}. The fields are final and immutable otherwise.
 */
final class WfqScheduler implements Scheduler {

    /** The key of the time to live of a mapping, in µs. */
    static final String TTL = "ttl";
    /** The default time to live, as in Fig 3.3. */
    static final long DEFAULT_TTL_MICROS = 1_000_000;
    /** Every parameter key this scheduler takes. */
    static final List<String> KEYS = List.of(BurstPolicy.KEY, LoadSharePolicy.KEY, TTL);

    private final BurstPolicy burst;
    private final LoadSharePolicy loadSharePolicy;
    private final long ttlMicros;
    private final CoreFigures figures;
    private final LongSupplier nanoClock;
    private final String resource;
    private final Metric metric;

    /**
     * The seed's {@code init}.
     *
     * @param parameters the scheduler parameters
     * @param context    the governed resource, the core count and the metric
     * @param nanoClock  a monotonic clock in ns, for {@code burst=reset:<µs>}
     * @throws IllegalArgumentException naming an unknown key and the valid ones, or a bad value
     */
    WfqScheduler(Parameters parameters, SchedulerContext context, LongSupplier nanoClock) {
        for (String key : parameters.asMap().keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown parameter \"" + key + "\"; " + WfqFactory.NAME
                        + " takes " + String.join(", ", KEYS));
            }
        }
        this.burst = BurstPolicy.parse(parameters.get(BurstPolicy.KEY));
        this.loadSharePolicy = LoadSharePolicy.parse(parameters.get(LoadSharePolicy.KEY));
        long ttl = parameters.getLong(TTL, DEFAULT_TTL_MICROS, 1);
        if (ttl > Long.MAX_VALUE / 1000) {
            throw new IllegalArgumentException("parameter " + TTL + "=" + ttl + " is above its maximum " + Long.MAX_VALUE / 1000);
        }
        this.ttlMicros = ttl;
        if (burst instanceof BurstPolicy.Reset r && r.periodMicros() > Long.MAX_VALUE / 1000) {
            throw new IllegalArgumentException("parameter " + BurstPolicy.KEY + "=\"" + parameters.get(BurstPolicy.KEY)
                    + "\": the reset period is above its maximum " + Long.MAX_VALUE / 1000 + " µs");
        }
        if (context.cores() < 1) {
            throw new IllegalArgumentException(WfqFactory.NAME + " needs at least one core, got " + context.cores());
        }
        this.figures = new CoreFigures(context.cores());
        this.nanoClock = nanoClock;
        this.resource = context.resource();
        this.metric = context.metric();
    }

    /**
     * The seed's {@code init_core}. Called by: OKRT on the attaching thread, once per core index
     * before any message flows.
     */
    @Override
    public CoreScheduler<?> initCore(int core) {
        if (core < 0 || core >= figures.cores()) {
            throw new IllegalArgumentException("core " + core + " is outside 0-" + (figures.cores() - 1));
        }
        return new WfqCore(core, burst, figures, nanoClock);
    }

    /**
     * Checks a future client's {@code share}. Called by: any thread, before OKRT creates a request
     * queue for an activity or changes its parameters.
     */
    @Override
    public void checkClient(Parameters parameters) {
        WfqClient.weightOf(parameters, "with parameters " + parameters);
    }

    /**
     * The seed's {@code load_share}. Called by: the sending thread (any core, or a thread outside the
     * kernel), on a route miss or an expired mapping, concurrently with every hook. Chooses a core by
     * the configured {@link LoadSharePolicy} from racy reads of the per-core figures.
     */
    @Override
    public LoadShare loadShare(LoadShareRequest request) {
        return new LoadShare(loadSharePolicy.choose(request, figures), ttlMicros);
    }

    @Override
    public String describe() {
        return WfqFactory.NAME + " of " + resource + " metric=" + metric + " burst=" + burst + " loadshare="
                + loadSharePolicy + " ttl=" + ttlMicros + "us cores=" + figures.cores();
    }

    /** @return the burst policy */
    BurstPolicy burst() {
        return burst;
    }

    /** @return the load-share policy */
    LoadSharePolicy loadSharePolicy() {
        return loadSharePolicy;
    }

    /** @return the figures shared between the cores and {@code loadShare} */
    CoreFigures figures() {
        return figures;
    }
}
