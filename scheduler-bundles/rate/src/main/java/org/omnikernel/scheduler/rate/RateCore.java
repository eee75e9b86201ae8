package org.omnikernel.scheduler.rate;

import org.omnikernel.okrt.scheduler.LoadSharing;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.scheduler.CoreScheduler;

/**
 * The per-core half of {@code rate}: a token bucket per client and a ring of ready clients.
 *
 * <p><b>Buckets.</b> A client's bucket holds at most {@code burst} units and refills continuously at
 * {@code rate} units per second of the monotonic clock. It starts full. Consumption is known only
 * after a dispatch ran ({@link #resourceRecord}) and is then taken out, so a bucket may go negative.
 * A client is <i>eligible</i> while its bucket holds more than 0 tokens. Tokens are kept exactly: whole
 * units plus a remainder in unit·nanoseconds, so that refilling in many small steps gives the same
 * count as one big step.
 *
 * <p><b>Decisions.</b> {@link #schedule()} serves the first eligible client in ring order (round robin
 * among eligible clients: a client that is ready again after its dispatch goes to the back).
 * {@link #pollReady()} answers 0 when a ready client is eligible, otherwise the whole µs until the
 * earliest ready client will be (at least 1), so OKRT sets a timer and the core may idle although
 * work is queued: the scheduler is not work-conserving.
 *
 * <p><b>What the limit means.</b> A client is dispatched only while its tokens are above 0, so at the
 * start of every dispatch the consumption charged so far is below {@code burst + rate × t}, t being
 * the time since the client was added. Each dispatch's own consumption is charged after it ran and
 * may overshoot that line by at most itself; the bucket then stays negative until the overshoot is
 * paid back.
 *
 * <p>All hooks run on this core's thread.
 */
final class RateCore implements CoreScheduler<RateCore.Entry> {

    static final long NANOS = 1_000_000_000L;
    /** The lowest a bucket goes; keeps the arithmetic from overflowing on absurd records. */
    static final long FLOOR = -(1L << 62);
    private static final BigInteger BIG_NANOS = BigInteger.valueOf(NANOS);

    /** A client's bucket and figures. */
    static final class Entry implements ClientState {
        private final Client client;
        private long rate;
        private long burst;
        /** Whole tokens; at most burst, at least FLOOR. */
        private long tokens;
        /** The fraction of a token beyond {@link #tokens}, in unit·ns: 0 ≤ frac < NANOS. */
        private long frac;
        /** Clock of the last refill. */
        private long last;
        private boolean ready;
        private long consumed;
        private long dispatches;
        private long throttledNanos;

        Entry(Client client, long rate, long burst, long now) {
            this.client = client;
            this.rate = rate;
            this.burst = burst;
            this.tokens = burst;
            this.last = now;
        }

        @Override
        public Client client() {
            return client;
        }

        boolean eligible() {
            return tokens > 0 || (tokens == 0 && frac > 0);
        }

        /** @return ns from {@link #last} until the bucket holds more than 0 tokens; 0 when it does */
        long nanosUntilEligible() {
            if (eligible()) {
                return 0;
            }
            // deficit in unit·ns, ≥ 0; the smallest t with rate·t > deficit
            long whole = mulSat(-tokens, NANOS);
            if (whole == Long.MAX_VALUE) {
                BigInteger t = BigInteger.valueOf(-tokens).multiply(BIG_NANOS).subtract(BigInteger.valueOf(frac))
                        .divide(BigInteger.valueOf(rate)).add(BigInteger.ONE);
                return t.bitLength() < 63 ? t.longValue() : Long.MAX_VALUE;
            }
            return (whole - frac) / rate + 1;
        }

        /** Adds what the rate brought since the last refill, up to burst; counts throttled time. */
        void refill(long now) {
            long dt = now - last;
            if (dt <= 0) {
                return;
            }
            last = now;
            if (ready) {
                // ready and not eligible from the last refill until it became eligible, or until now
                throttledNanos += Math.min(dt, nanosUntilEligible());
            }
            if (tokens >= burst) {
                tokens = burst;
                frac = 0;
                return;
            }
            long sum = addSat(frac, mulSat(rate, dt));
            long room = mulSat(burst - tokens, NANOS);
            if (sum == Long.MAX_VALUE || room == Long.MAX_VALUE) {
                // more than 9.2·10^9 units at stake: exact in big numbers (rare, never on the usual path)
                BigInteger bigSum = BigInteger.valueOf(rate).multiply(BigInteger.valueOf(dt)).add(BigInteger.valueOf(frac));
                if (bigSum.compareTo(BigInteger.valueOf(burst - tokens).multiply(BIG_NANOS)) >= 0) {
                    tokens = burst;
                    frac = 0;
                } else {
                    BigInteger[] qr = bigSum.divideAndRemainder(BIG_NANOS);
                    tokens += qr[0].longValue();
                    frac = qr[1].longValue();
                }
            } else if (sum >= room) {
                tokens = burst;
                frac = 0;
            } else {
                tokens += sum / NANOS;
                frac = sum % NANOS;
            }
        }

        void charge(long consumption) {
            tokens = Math.max(FLOOR, tokens - Math.min(consumption, 1L << 62));
            consumed += consumption;
        }
    }

    private final int core;
    private final RateScheduler shared;
    private final LoadSharing sharing;
    private final ArrayDeque<Entry> ready = new ArrayDeque<>();

    RateCore(int core, RateScheduler shared, LoadSharing sharing) {
        this.core = core;
        this.shared = shared;
        this.sharing = sharing;
    }

    static long mulSat(long a, long b) {
        long lo = a * b;
        return Math.multiplyHigh(a, b) != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    static long addSat(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public Entry addClient(Client client, Parameters parameters) {
        long[] b = shared.bucketOf(client.label(), parameters);
        Entry e = new Entry(client, b[0], b[1], shared.clock.getAsLong());
        sharing.added(core);
        return e;
    }

    @Override
    public void updateClient(Entry state, Parameters parameters) {
        long[] b = shared.bucketOf(state.client.label(), parameters);
        state.refill(shared.clock.getAsLong());
        state.rate = b[0];
        state.burst = b[1];
        if (state.tokens >= state.burst) {
            state.tokens = state.burst;
            state.frac = 0;
        }
    }

    @Override
    public void removeClient(Entry state) {
        drop(state);
        sharing.removed(core);
    }

    @Override
    public Entry schedule() {
        long now = shared.clock.getAsLong();
        for (Iterator<Entry> it = ready.iterator(); it.hasNext();) {
            Entry e = it.next();
            e.refill(now);
            if (e.eligible()) {
                it.remove();
                e.ready = false;
                e.dispatches++;
                return e;
            }
        }
        return null;
    }

    @Override
    public void clientReady(Entry state) {
        if (state.ready) {
            return;
        }
        state.refill(shared.clock.getAsLong());
        state.ready = true;
        ready.addLast(state);
    }

    @Override
    public void clientSuspended(Entry state) {
        drop(state);
    }

    private void drop(Entry state) {
        if (state.ready) {
            state.refill(shared.clock.getAsLong());
            ready.remove(state);
            state.ready = false;
        }
    }

    @Override
    public long pollReady() {
        if (ready.isEmpty()) {
            return -1;
        }
        long now = shared.clock.getAsLong();
        long soonest = Long.MAX_VALUE;
        for (Entry e : ready) {
            e.refill(now);
            long wait = e.nanosUntilEligible();
            if (wait == 0) {
                return 0;
            }
            soonest = Math.min(soonest, wait);
        }
        return Math.max(1, soonest / 1000 + (soonest % 1000 == 0 ? 0 : 1));
    }

    @Override
    public void resourceRecord(Entry state, ResourceRecord record) {
        state.refill(shared.clock.getAsLong());
        state.charge(record.consumption());
    }

    @Override
    public ClientStatistics clientStatistics(Entry state) {
        state.refill(shared.clock.getAsLong());
        return new ClientStatistics(state.consumed, Map.of("tokens", state.tokens, "rate", state.rate, "burst", state.burst,
                "throttled_us", state.throttledNanos / 1000, "dispatches", state.dispatches, "ready", state.ready ? 1L : 0L));
    }
}
