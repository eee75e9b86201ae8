package org.omnikernel.scheduler.rate;

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
 * The shared half of a {@code rate} scheduler instance: the default bucket, the load-share policy and
 * the clock.
 *
 * <p>Scheduler parameters: {@code rate}, the default rate in units of the configured metric per second
 * for clients without their own; {@code burst}, the default bucket depth in units; {@code loadshare}
 * = {@code fewest-clients} (default) or {@code affinity-sticky}; {@code ttl} in µs (default 1 000 000).
 * A client's own {@code rate} and {@code burst} win. A client with no rate where the scheduler gives no
 * default is refused at {@code addClient}. Without any {@code burst} a bucket holds
 * {@value #DEFAULT_BURST_DIVISOR}th of its rate: 10 ms worth.
 */
final class RateScheduler implements Scheduler {

    static final String RATE = "rate";
    static final String BURST = "burst";
    static final long MAX = 1_000_000_000_000_000L;
    static final long DEFAULT_BURST_DIVISOR = 100;
    static final Set<String> PARAMETERS = Set.of(RATE, BURST, LoadSharing.LOADSHARE, LoadSharing.TTL);

    /** The default rate in units per second, or 0 when clients must bring their own. */
    final long defaultRate;
    /** The default bucket depth in units, or 0 for 10 ms worth of the client's rate. */
    final long defaultBurst;
    final Metric metric;
    final LongSupplier clock;
    private final LoadSharing sharing;

    /**
     * @param parameters the scheduler parameters
     * @param context    the instance's place in the grid
     * @param clock      monotonic nanoseconds ({@code System::nanoTime}; tests inject a simulated one)
     */
    RateScheduler(Parameters parameters, SchedulerContext context, LongSupplier clock) {
        for (String key : parameters.asMap().keySet()) {
            if (!PARAMETERS.contains(key)) {
                throw new IllegalArgumentException(RateFactory.NAME + ": unknown parameter \"" + key + "\"; valid: "
                        + new TreeSet<>(PARAMETERS) + " (rate in units of " + context.metric() + " per second, burst in units of "
                        + context.metric() + ", loadshare = fewest-clients | affinity-sticky, ttl in µs)");
            }
        }
        this.defaultRate = positive("scheduler", RATE, parameters.get(RATE), 0);
        this.defaultBurst = positive("scheduler", BURST, parameters.get(BURST), 0);
        this.metric = context.metric();
        this.clock = clock;
        this.sharing = new LoadSharing(RateFactory.NAME, parameters, context.cores());
    }

    /**
     * @return the value of a rate or burst parameter, or {@code absent} when it is not given
     * @throws IllegalArgumentException naming the key, the value and the valid range
     */
    static long positive(String scope, String key, String value, long absent) {
        if (value == null) {
            return absent;
        }
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            v = 0;
        }
        if (v < 1 || v > MAX) {
            throw new IllegalArgumentException(RateFactory.NAME + ": " + scope + " parameter " + key + "=\"" + value
                    + "\" is not valid; valid: a whole number from 1 to " + MAX
                    + (key.equals(RATE) ? " (units of the metric per second)" : " (units of the metric)"));
        }
        return v;
    }

    /**
     * A client's bucket: its own {@code rate} and {@code burst}, else the scheduler's defaults; a
     * burst of 10 ms of rate when neither gives one.
     *
     * @param label      the client, for messages
     * @param parameters the client parameters
     * @return {rate, burst}
     * @throws IllegalArgumentException when a value is invalid or no rate is given anywhere
     */
    long[] bucketOf(String label, Parameters parameters) {
        long rate = positive("client", RATE, parameters.get(RATE), defaultRate);
        if (rate == 0) {
            throw new IllegalArgumentException(RateFactory.NAME + ": client \"" + label
                    + "\" has no rate and the scheduler gives no default; give the activity the parameter rate=<units of "
                    + metric + " per second> or the scheduler <param name=\"rate\" value=\"...\"/>");
        }
        long burst = positive("client", BURST, parameters.get(BURST), defaultBurst);
        if (burst == 0) {
            burst = Math.max(1, rate / DEFAULT_BURST_DIVISOR);
        }
        return new long[] {rate, burst};
    }

    /** Refuses a future client without a usable rate or burst. Called by: any thread. */
    @Override
    public void checkClient(Parameters parameters) {
        bucketOf("with parameters " + parameters, parameters);
    }

    @Override
    public CoreScheduler<?> initCore(int core) {
        return new RateCore(core, this, sharing);
    }

    @Override
    public LoadShare loadShare(LoadShareRequest request) {
        return sharing.loadShare(request);
    }

    @Override
    public String describe() {
        return RateFactory.NAME + " (token buckets of " + metric + ", round robin among eligible clients, not work-conserving) "
                + RATE + "=" + (defaultRate == 0 ? "per client" : defaultRate + "/s") + " " + BURST + "="
                + (defaultBurst == 0 ? "10ms of rate" : Long.toString(defaultBurst)) + " " + sharing.describe();
    }
}
