package org.omnikernel.okrt.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Takes a {@link GridSample} every interval on its own daemon thread and keeps the last two, so that
 * every reader computes rates over the same completed interval. One writer (the sampler thread);
 * readers get the pair through one volatile read.
 */
final class GridSampler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.okrt");

    /** Two consecutive samples; the rates of a snapshot are over the time between them. */
    record Interval(GridSample from, GridSample to) {
        long nanos() {
            return to.nanos() - from.nanos();
        }
    }

    private final Supplier<GridSample> source;
    private final ScheduledExecutorService thread;
    private volatile GridSample latest;
    private volatile Interval last;

    /**
     * @param source        takes one sample
     * @param intervalMillis how often
     */
    GridSampler(Supplier<GridSample> source, long intervalMillis) {
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("sampling interval " + intervalMillis + " ms is below 1 ms");
        }
        this.source = source;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "okrt-grid-sampler");
            t.setDaemon(true);
            return t;
        });
        thread.execute(this::sample);
        thread.scheduleAtFixedRate(this::sample, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            GridSample s = source.get();
            GridSample before = latest;
            latest = s;
            if (before != null) {
                last = new Interval(before, s);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "grid sample failed; rates keep the previous interval", e);
        }
    }

    /** @return the most recent completed interval, or null before the first one completed */
    Interval lastInterval() {
        return last;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
