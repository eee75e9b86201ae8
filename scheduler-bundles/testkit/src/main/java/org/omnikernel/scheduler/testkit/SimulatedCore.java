package org.omnikernel.scheduler.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import java.util.function.ToLongFunction;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.CoreScheduler;

/**
 * One simulated core driving a core scheduler's hooks in OKRT's order: {@code pollReady},
 * {@code schedule}, the dispatch's record, and {@code clientReady} again only for clients that are
 * still backlogged. Keeps what each client was served, its largest dispatch and the dispatch order.
 *
 * <p>Without a clock the core is work-conserving: every decision must dispatch at once. On a
 * {@link ManualClock} a positive {@code pollReady} idles the core for that long, and a dispatch takes
 * the time its consumption costs.
 *
 * <p>Extend it to add a policy's own ways of adding clients or checking its bounds.
 *
 * @param <S> the scheduler's client state
 */
public class SimulatedCore<S extends ClientState> {

    private final CoreScheduler<S> core;
    private final Metric metric;
    private final ManualClock clock;
    private final LongUnaryOperator dispatchNanos;
    private final Set<S> backlogged = new LinkedHashSet<>();
    private final Map<S, Long> served = new HashMap<>();
    private final Map<S, Long> largest = new HashMap<>();
    private final List<S> order = new ArrayList<>();
    private ToLongFunction<? super S> cost;
    private long idleNanos;
    private long nextId = 1;

    /**
     * A work-conserving core, without a clock.
     *
     * @param core          the core scheduler to drive
     * @param metric        the metric of the dispatches' records
     * @param unitsPerDispatch what a dispatch consumes until {@link #cost} says otherwise
     */
    public SimulatedCore(CoreScheduler<S> core, Metric metric, long unitsPerDispatch) {
        this(core, metric, unitsPerDispatch, null, units -> 0);
    }

    /**
     * A core on a simulated clock, for schedulers that hold ready clients back.
     *
     * @param core             the core scheduler to drive, reading {@code clock}
     * @param metric           the metric of the dispatches' records
     * @param unitsPerDispatch what a dispatch consumes until {@link #cost} says otherwise
     * @param clock            the clock the scheduler reads; idling and dispatches advance it
     * @param dispatchNanos    how long a dispatch of so many units takes
     */
    public SimulatedCore(CoreScheduler<S> core, Metric metric, long unitsPerDispatch, ManualClock clock,
            LongUnaryOperator dispatchNanos) {
        this.core = Objects.requireNonNull(core);
        this.metric = Objects.requireNonNull(metric);
        this.clock = clock;
        this.dispatchNanos = Objects.requireNonNull(dispatchNanos);
        this.cost = e -> unitsPerDispatch;
    }

    /** @return the core scheduler, for calling hooks directly */
    public CoreScheduler<S> core() {
        return core;
    }

    /**
     * Adds a client that has no work yet; its id is the next of 1, 2, 3…
     *
     * @param label      its label
     * @param parameters its client parameters
     * @return its state
     */
    public S add(String label, Parameters parameters) {
        S e = core.addClient(new TestClient(nextId++, label), parameters);
        served.put(e, 0L);
        largest.put(e, 0L);
        return e;
    }

    /** @param e a client that now has work, and keeps it until {@link #lastDispatch}, {@link #suspend} or {@link #remove} */
    public void ready(S e) {
        backlogged.add(e);
        core.clientReady(e);
    }

    /** @param e a client that loses its work and is suspended, as OKRT suspends a client */
    public void suspend(S e) {
        backlogged.remove(e);
        core.clientSuspended(e);
    }

    /** @param e a client to remove from the core */
    public void remove(S e) {
        backlogged.remove(e);
        core.removeClient(e);
    }

    /** @param e a client whose next dispatch is its last: it is not made ready again after it */
    public void lastDispatch(S e) {
        backlogged.remove(e);
    }

    /** @param cost what each dispatch of a client consumes from now on */
    public void cost(ToLongFunction<? super S> cost) {
        this.cost = Objects.requireNonNull(cost);
    }

    /**
     * Records consumption outside a dispatch (work a handler re-attributed to {@code e}) and counts it
     * as served.
     *
     * @param e     the client charged
     * @param units what it consumed
     */
    public void charge(S e, long units) {
        core.resourceRecord(e, new ResourceRecord(metric, units));
        served.merge(e, units, Long::sum);
    }

    /**
     * Runs one decision: a dispatch, or on a clock, idling until the time {@code pollReady} names.
     *
     * @return the client dispatched, or null when the core idled
     * @throws AssertionError when nothing is ready, or a work-conserving core is told to wait
     */
    public S step() {
        long poll = core.pollReady();
        if (poll < 0) {
            fail("nothing ready");
        }
        if (poll > 0) {
            if (clock == null) {
                fail("a work-conserving scheduler with ready clients must decide now, not in " + poll + " µs");
            }
            clock.advance(poll * 1000);
            idleNanos += poll * 1000;
            return null;
        }
        S e = core.schedule();
        assertNotNull(e, "pollReady said 0 but schedule returned null");
        long c = cost.applyAsLong(e);
        if (clock != null) {
            clock.advance(dispatchNanos.applyAsLong(c));
        }
        core.resourceRecord(e, new ResourceRecord(metric, c));
        served.merge(e, c, Long::sum);
        largest.merge(e, c, Math::max);
        order.add(e);
        if (backlogged.contains(e)) {
            core.clientReady(e);
        }
        return e;
    }

    /**
     * Runs {@code n} dispatches; idle periods do not count.
     *
     * @param n how many dispatches
     * @return the number of dispatches of each client dispatched in them
     */
    public Map<S, Integer> dispatches(int n) {
        Map<S, Integer> count = new HashMap<>();
        while (n > 0) {
            S e = step();
            if (e != null) {
                count.merge(e, 1, Integer::sum);
                n--;
            }
        }
        return count;
    }

    /**
     * @param e a client added through {@link #add}
     * @return what it has consumed, in dispatches and {@link #charge}s
     */
    public long served(S e) {
        return served.get(e);
    }

    /** @return what every client added through {@link #add} has consumed so far, a copy to compare with later */
    public Map<S, Long> served() {
        return new HashMap<>(served);
    }

    /**
     * @param e a client added through {@link #add}
     * @return the consumption of its largest dispatch so far, or 0
     */
    public long largest(S e) {
        return largest.get(e);
    }

    /**
     * @param e     a client added through {@link #add}
     * @param since what {@link #served()} returned earlier; empty for since the start
     * @return {@code e}'s fraction of everything served since then
     */
    public double fraction(S e, Map<S, Long> since) {
        long total = 0;
        for (Map.Entry<S, Long> x : served.entrySet()) {
            total += x.getValue() - since.getOrDefault(x.getKey(), 0L);
        }
        return (double) (served.get(e) - since.getOrDefault(e, 0L)) / total;
    }

    /** @return every client dispatched, in order; a live, unmodifiable view */
    public List<S> order() {
        return Collections.unmodifiableList(order);
    }

    /**
     * @return the clock's time now
     * @throws IllegalStateException for a core without a clock
     */
    public long nanos() {
        if (clock == null) {
            throw new IllegalStateException("a work-conserving simulated core has no clock");
        }
        return clock.nanos();
    }

    /** @return the time the core has idled, waiting for {@code pollReady}'s time */
    public long idleNanos() {
        return idleNanos;
    }

    /**
     * @param entries clients
     * @return their labels run together, such as {@code "xyxyx"}
     */
    public static String labels(List<? extends ClientState> entries) {
        StringBuilder sb = new StringBuilder();
        for (ClientState e : entries) {
            sb.append(e.client().label());
        }
        return sb.toString();
    }
}
