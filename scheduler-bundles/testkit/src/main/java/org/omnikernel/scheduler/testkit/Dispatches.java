package org.omnikernel.scheduler.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.CoreScheduler;

/**
 * The dispatch loop OKRT runs on one core while every ready client keeps work: {@code pollReady}
 * (which must answer 0), {@code schedule}, one record of the dispatch's consumption, and
 * {@code clientReady} for the client dispatched. For clients that run out of work, come and go, or are
 * held back by a clock, see {@link SimulatedCore}.
 */
public final class Dispatches {

    private Dispatches() {
    }

    /**
     * Runs {@code n} dispatches.
     *
     * @param core   the core scheduler, with ready clients
     * @param n      how many dispatches
     * @param metric the metric of the records
     * @param cost   what each dispatch of a client consumes
     * @param <S>    the scheduler's client state
     * @return the labels of the clients dispatched, in order
     * @throws AssertionError when {@code pollReady} does not answer 0, or {@code schedule} returns null
     */
    public static <S extends ClientState> List<String> serve(CoreScheduler<S> core, int n, Metric metric,
            ToLongFunction<? super S> cost) {
        List<String> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            assertEquals(0, core.pollReady(), "a scheduler with ready clients must decide now, at dispatch " + i);
            S e = core.schedule();
            assertNotNull(e, "pollReady said 0 but schedule returned null, at dispatch " + i);
            order.add(e.client().label());
            core.resourceRecord(e, new ResourceRecord(metric, cost.applyAsLong(e)));
            core.clientReady(e);
        }
        return order;
    }

    /**
     * Runs {@code n} dispatches that each consume {@code units}.
     *
     * @param core   the core scheduler, with ready clients
     * @param n      how many dispatches
     * @param metric the metric of the records
     * @param units  what every dispatch consumes
     * @param <S>    the scheduler's client state
     * @return the labels of the clients dispatched, in order
     */
    public static <S extends ClientState> List<String> serve(CoreScheduler<S> core, int n, Metric metric, long units) {
        return serve(core, n, metric, e -> units);
    }

    /**
     * @param labels labels in dispatch order
     * @return how many times each label occurs, in order of first occurrence
     */
    public static Map<String, Long> countByLabel(List<String> labels) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String label : labels) {
            counts.merge(label, 1L, Long::sum);
        }
        return counts;
    }
}
