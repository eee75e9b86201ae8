package org.omnikernel.scheduler.mclock;

import org.omnikernel.okrt.scheduler.LoadSharing;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.LongSupplier;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.scheduler.CoreScheduler;

/**
 * The per-core half of {@value MClockFactory#NAME}: mClock (Gulati, Merchant, Varman, OSDI 2010,
 * Algorithm 1) over the clients of one core.
 *
 * <h2>Client parameters</h2>
 * Activity parameters, read by {@link #addClient} and {@link #updateClient}, in the unit of the
 * scheduler's metric ({@code ctx.metric()}: ns of handler time for {@code cpu}, bytes for
 * {@code nbytes}…):
 * <ul>
 * <li>{@value #RESERVATION}: units per second guaranteed while the client is backlogged, default 0
 *     (none). For the cpu metric, 400000000 is 40 % of a core.</li>
 * <li>{@value #SHARE}: the weight by which capacity beyond reservations is shared, at least 1, default
 *     10000.</li>
 * <li>{@value #LIMIT}: units per second never exceeded, default unlimited; at least the reservation.</li>
 * </ul>
 * Keys this policy does not know are ignored: an activity's parameters reach every scheduler that
 * governs a resource it uses, and the others' keys are theirs.
 *
 * <h2>Tags</h2>
 * Each client has three tags (the paper's R, L and P). R and L are instants on the scheduler's clock
 * (ns since the core was created); P is a virtual time in "metric units at share 10000".
 * OKRT reports consumption after a dispatch ({@link #resourceRecord}), so a tag is advanced then by
 * what the dispatch actually consumed, {@code c}, rather than by one request's {@code 1/rate} when it
 * arrives:
 * <ul>
 * <li>{@code R += c / reservation} for a dispatch chosen in the constraint-based phase only. The paper
 *     advances R on every arrival and takes {@code 1/r} back from the R tags of a client served in the
 *     weight-based phase; charging only reservation-phase service is the same thing after the fact:
 *     R measures how far the client is ahead of its reservation on service it got <em>for</em> its
 *     reservation.</li>
 * <li>{@code L += c / limit} for every dispatch.</li>
 * <li>{@code P += c * 10000 / share} for every dispatch, reservation phase included, so that service
 *     received through the reservation counts against the client's proportional share: a client
 *     receives the larger of its reservation and its weighted share, not their sum.</li>
 * </ul>
 *
 * <h2>Decision</h2>
 * {@link #schedule}: among ready clients with a reservation whose R tag is due ({@code R <= now}) and
 * that are under their limit, the smallest R (constraint-based phase); otherwise, among ready clients
 * under their limit
 * ({@code L <= now}, or no limit), the smallest P (weight-based phase); ties go to the client that
 * became ready first. When clients are ready but every one is over its limit, {@link #pollReady}
 * answers the µs until the earliest L tag: the core idles rather than exceed a limit (not
 * work-conserving with respect to limits, as the paper's limit).
 *
 * <p>One deviation from the paper: a client over its limit is not served in the constraint-based
 * phase either. The paper's constraint-based phase ignores L because R tags are spaced
 * {@code 1/reservation >= 1/limit}, but that holds for reservation-phase service alone: a client that
 * also got weight-based service, or whose R tag lags (a long dispatch of another client, reservations
 * that do not fit), would exceed its limit by the sum of both. Holding it back costs its reservation
 * nothing: being over its limit, it has received more than {@code limit >= reservation} already.
 * So served units never exceed {@code limit × elapsed} plus the dispatch in progress.
 *
 * <h2>Idle clients</h2>
 * A client that becomes ready after being idle, suspended, or new gets no credit for the time it was
 * away: {@code R = max(R, now)}, {@code L = max(L, now)} and {@code P = max(P, v)}, where {@code v} is
 * the smallest P tag among the ready clients (the paper's P-tag adjustment, which brings the smallest P
 * of active clients to now, expressed without shifting everybody), or, when none is ready, the largest
 * P tag any client has reached (as start-time fair queueing sets its virtual time at the end of a busy
 * period). A client that OKRT makes ready again right after its own dispatch is still backlogged and
 * keeps its tags: that is how mClock lets a backlogged client make up a reservation it fell behind on
 * while a long dispatch of another client ran.
 *
 * <p>OKRT's SPI does not say whether a {@link #clientReady} is "still backlogged after its dispatch" or
 * "ready again after being idle"; the scheduler tells them apart by the order of hooks OKRT documents:
 * the still-backlogged call comes right after the {@link #resourceRecord} of the client's own dispatch,
 * with no other hook of this core in between.
 *
 * <h2>Statistics</h2>
 * {@link #clientStatistics}: the consumption charged, and details {@value #RESERVATION}, {@value #LIMIT}
 * (-1 when unlimited), {@value #SHARE}, {@code reserved_served} and {@code weight_served} (consumption
 * of dispatches chosen in each phase; a record OKRT charges to a client outside its own dispatch, as
 * when a handler reattributes work, counts in the consumption and advances L and P only).
 *
 * <p>Cost: the ready set is a plain list scanned per decision, O(ready clients), which is small per
 * core and per resource.
 *
 * <p>Threading: every hook runs on this core's thread (see {@link CoreScheduler}); only the client
 * counts in {@link LoadSharing} are shared.
 */
final class MClockCore implements CoreScheduler<MClockCore.Entry> {

    static final String RESERVATION = "reservation";
    static final String LIMIT = "limit";
    static final String SHARE = "share";
    static final long DEFAULT_SHARE = 10_000;

    private static final double NANOS_PER_SECOND = 1e9;
    /** Tags within half a nanosecond of now are due: absorbs rounding of repeated additions. */
    private static final double DUE_SLACK_NANOS = 0.5;

    /**
     * One client's parameters, checked.
     *
     * @param reservation units/s guaranteed, 0 for none
     * @param limit       units/s cap, 0 for none
     * @param share       weight, at least 1
     */
    record Settings(long reservation, long limit, long share) {

        /**
         * @param p the client's parameters
         * @return them, checked
         * @throws IllegalArgumentException naming the key, the bad value and the valid ones
         */
        static Settings parse(Parameters p) {
            long reservation;
            long limit;
            long share;
            try {
                reservation = p.getLong(RESERVATION, 0, 0);
                share = p.getLong(SHARE, DEFAULT_SHARE, 1);
                limit = p.getLong(LIMIT, 0, 1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(MClockFactory.NAME + ": " + e.getMessage() + "; " + VALID, e);
            }
            if (limit != 0 && limit < reservation) {
                throw new IllegalArgumentException(MClockFactory.NAME + ": " + LIMIT + "=" + limit + " below "
                        + RESERVATION + "=" + reservation + ": a limit must be at least the reservation; " + VALID);
            }
            return new Settings(reservation, limit, share);
        }

        private static final String VALID = "client parameters: " + RESERVATION
                + " (units/s, at least 0, default 0), " + SHARE + " (at least 1, default " + DEFAULT_SHARE + "), "
                + LIMIT + " (units/s, at least 1 and at least the reservation, default unlimited)";
    }

    /** mClock's state for one client. */
    static final class Entry implements ClientState {
        private final Client client;
        private Settings settings;
        /** Reservation tag, ns on this core's time line; meaningful when the client has a reservation. */
        private double r = Double.NEGATIVE_INFINITY;
        /** Limit tag, ns on this core's time line; meaningful when the client has a limit. */
        private double l = Double.NEGATIVE_INFINITY;
        /** Proportional-share tag, virtual. */
        private double p = Double.NEGATIVE_INFINITY;
        /** Index in the ready list, or -1. */
        private int index = -1;
        /** Order of becoming ready, for ties. */
        private long readySeq;
        private boolean inService;
        private boolean servedByReservation;
        private long consumed;
        private long reservedServed;
        private long weightServed;

        Entry(Client client, Settings settings) {
            this.client = client;
            this.settings = settings;
        }

        @Override
        public Client client() {
            return client;
        }

        boolean ready() {
            return index >= 0;
        }

        private boolean reserved() {
            return settings.reservation > 0;
        }

        private boolean limited() {
            return settings.limit > 0;
        }
    }

    private final int core;
    private final LoadSharing sharing;
    private final LongSupplier clock;
    private final long epoch;
    private final ArrayList<Entry> ready = new ArrayList<>();
    private long readySeq;
    /** The largest P tag any client has reached: the virtual time when no client is ready. */
    private double maxP;
    /** The client whose dispatch was charged last, until the next hook: it may be ready again, still backlogged. */
    private Entry justCharged;

    MClockCore(int core, LoadSharing sharing, LongSupplier clock) {
        this.core = core;
        this.sharing = sharing;
        this.clock = clock;
        this.epoch = clock.getAsLong();
    }

    private double now() {
        return clock.getAsLong() - epoch;
    }

    @Override
    public Entry addClient(Client client, Parameters parameters) {
        justCharged = null;
        Entry e = new Entry(client, Settings.parse(parameters));
        sharing.added(core);
        return e;
    }

    @Override
    public void updateClient(Entry state, Parameters parameters) {
        justCharged = null;
        Settings next = Settings.parse(parameters);
        double now = now();
        if (!state.reserved() && next.reservation > 0) {
            state.r = Math.max(state.r, now);
        }
        if (!state.limited() && next.limit > 0) {
            state.l = Math.max(state.l, now);
        }
        state.settings = next;
    }

    @Override
    public void removeClient(Entry state) {
        justCharged = null;
        drop(state);
        state.inService = false;
        sharing.removed(core);
    }

    @Override
    public Entry schedule() {
        justCharged = null;
        double due = now() + DUE_SLACK_NANOS;
        Entry best = null;
        for (Entry e : ready) {
            if (e.reserved() && e.r <= due && underLimit(e, due)
                    && (best == null || e.r < best.r || e.r == best.r && e.readySeq < best.readySeq)) {
                best = e;
            }
        }
        boolean byReservation = best != null;
        if (best == null) {
            for (Entry e : ready) {
                if (underLimit(e, due) && (best == null || e.p < best.p || e.p == best.p && e.readySeq < best.readySeq)) {
                    best = e;
                }
            }
        }
        if (best == null) {
            return null;
        }
        drop(best);
        best.inService = true;
        best.servedByReservation = byReservation;
        return best;
    }

    private static boolean underLimit(Entry e, double due) {
        return !e.limited() || e.l <= due;
    }

    @Override
    public void clientReady(Entry state) {
        boolean stillBacklogged = justCharged == state;
        justCharged = null;
        if (state.ready()) {
            return;
        }
        if (!stillBacklogged) {
            double now = now();
            state.r = Math.max(state.r, now);
            state.l = Math.max(state.l, now);
            state.p = Math.max(state.p, virtualTime());
        }
        state.readySeq = readySeq++;
        state.index = ready.size();
        ready.add(state);
    }

    /** @return the smallest P tag among ready clients, or the largest reached when none is ready */
    private double virtualTime() {
        if (ready.isEmpty()) {
            return maxP;
        }
        double min = Double.POSITIVE_INFINITY;
        for (Entry e : ready) {
            min = Math.min(min, e.p);
        }
        return min;
    }

    @Override
    public void clientSuspended(Entry state) {
        justCharged = null;
        drop(state);
    }

    private void drop(Entry state) {
        int i = state.index;
        if (i < 0) {
            return;
        }
        Entry last = ready.remove(ready.size() - 1);
        if (last != state) {
            ready.set(i, last);
            last.index = i;
        }
        state.index = -1;
    }

    @Override
    public long pollReady() {
        justCharged = null;
        if (ready.isEmpty()) {
            return -1;
        }
        double now = now();
        double due = now + DUE_SLACK_NANOS;
        double earliest = Double.POSITIVE_INFINITY;
        for (Entry e : ready) {
            if (underLimit(e, due)) {
                return 0;
            }
            earliest = Math.min(earliest, e.l);
        }
        return Math.max(1, (long) Math.ceil((earliest - now) / 1000));
    }

    @Override
    public void resourceRecord(Entry state, ResourceRecord record) {
        long c = record.consumption();
        state.consumed += c;
        Settings s = state.settings;
        if (state.inService) {
            state.inService = false;
            justCharged = state;
            if (state.servedByReservation) {
                state.reservedServed += c;
                if (s.reservation > 0) {
                    state.r += c * NANOS_PER_SECOND / s.reservation;
                }
            } else {
                state.weightServed += c;
            }
        }
        if (s.limit > 0) {
            state.l += c * NANOS_PER_SECOND / s.limit;
        }
        state.p += (double) c * DEFAULT_SHARE / s.share;
        if (state.p > maxP) {
            maxP = state.p;
        }
    }

    @Override
    public ClientStatistics clientStatistics(Entry state) {
        Settings s = state.settings;
        return new ClientStatistics(state.consumed, Map.of(
                RESERVATION, s.reservation,
                LIMIT, s.limit > 0 ? s.limit : -1,
                SHARE, s.share,
                "reserved_served", state.reservedServed,
                "weight_served", state.weightServed));
    }
}
