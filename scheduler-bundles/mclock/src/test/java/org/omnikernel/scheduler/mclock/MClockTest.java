package org.omnikernel.scheduler.mclock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.scheduler.testkit.ManualClock;
import org.omnikernel.scheduler.testkit.SimulatedCore;
import org.omnikernel.scheduler.testkit.TestClient;
import org.omnikernel.scheduler.testkit.TestContext;

/**
 * mClock's hooks against a simulated core: a clock the test advances, a capacity of
 * {@value #CAPACITY} units per second, and dispatches that each consume {@value #UNIT} units (so one
 * takes 1 ms). Expectations are closed-form counts of dispatches.
 */
class MClockTest {

    static final long CAPACITY = 1_000_000;
    static final long UNIT = 1_000;
    static final long DISPATCH_NANOS = UNIT * 1_000_000_000L / CAPACITY;

    static SchedulerContext context(int cores) {
        return TestContext.of(cores, Metric.NBYTES);
    }

    /**
     * One simulated core, on a clock that starts at 7 s. Clients made ready keep work until suspended
     * or removed; a dispatch of c units takes c / {@code CAPACITY} s.
     */
    static final class Sim extends SimulatedCore<MClockCore.Entry> {

        Sim() {
            this(Parameters.EMPTY);
        }

        Sim(Parameters schedulerParameters) {
            this(schedulerParameters, new ManualClock(7_000_000_000L));
        }

        private Sim(Parameters schedulerParameters, ManualClock clock) {
            super((MClockCore) new MClockScheduler(schedulerParameters, context(1), clock).initCore(0), Metric.NBYTES, UNIT,
                    clock, units -> units * 1_000_000_000L / CAPACITY);
        }

        MClockCore.Entry add(String label, String... parameters) {
            return add(label, Parameters.of(parameters));
        }
    }

    private static int n(Map<MClockCore.Entry, Integer> counts, MClockCore.Entry e) {
        return counts.getOrDefault(e, 0);
    }

    @Test
    void aReservationIsMetEvenWithATinyWeightAndTheRestIsSharedByWeight() {
        Sim sim = new Sim();
        MClockCore.Entry a = sim.add("a", "reservation", Long.toString(CAPACITY * 30 / 100), "share", "1");
        MClockCore.Entry b = sim.add("b", "share", "20000");
        MClockCore.Entry c = sim.add("c", "share", "10000");
        long start = sim.nanos();
        sim.ready(a);
        sim.ready(b);
        sim.ready(c);
        Map<MClockCore.Entry, Integer> n = sim.dispatches(1000);
        double elapsedSeconds = (sim.nanos() - start) / 1e9;
        assertEquals(1.0, elapsedSeconds, 1e-9, "work-conserving: 1000 dispatches of 1 ms");
        assertTrue(n(n, a) >= 300, "a's reservation of 30% is met: " + n);
        assertTrue(sim.served(a) >= 0.30 * CAPACITY * elapsedSeconds, "a served " + sim.served(a));
        assertEquals(sim.served(a), sim.core().clientStatistics(a).details().get("reserved_served"),
                "a's weight is too small to win the weight-based phase in a second");
        // b and c share the rest 2:1, to within the start-time fairness bound of one dispatch each
        double lag = (double) sim.served(b) / 20000 - (double) sim.served(c) / 10000;
        assertTrue(Math.abs(lag) <= (double) UNIT / 20000 + (double) UNIT / 10000, "b " + n(n, b) + ", c " + n(n, c));
        assertEquals(1000, n(n, a) + n(n, b) + n(n, c));
    }

    @Test
    void twoFeasibleReservationsAreBothMet() {
        Sim sim = new Sim();
        MClockCore.Entry a = sim.add("a", "reservation", "300000", "share", "1");
        MClockCore.Entry b = sim.add("b", "reservation", "200000", "share", "1");
        MClockCore.Entry c = sim.add("c", "share", "10000");
        sim.ready(a);
        sim.ready(b);
        sim.ready(c);
        Map<MClockCore.Entry, Integer> n = sim.dispatches(2000);
        assertTrue(n(n, a) >= 600, "30% of 2000: " + n);
        assertTrue(n(n, b) >= 400, "20% of 2000: " + n);
        assertTrue(n(n, c) >= 2000 - 600 - 400 - 2, "c takes the rest: " + n);
    }

    @Test
    void aReservationBelowTheWeightedShareAddsNothing() {
        Sim sim = new Sim();
        MClockCore.Entry a = sim.add("a", "reservation", "100000");
        MClockCore.Entry b = sim.add("b");
        sim.ready(a);
        sim.ready(b);
        Map<MClockCore.Entry, Integer> n = sim.dispatches(1000);
        assertTrue(Math.abs(n(n, a) - n(n, b)) <= 2, "equal shares, the 10% reservation inside a's 50%: " + n);
        long reserved = sim.core().clientStatistics(a).details().get("reserved_served");
        assertTrue(reserved >= 100 * UNIT && reserved <= 101 * UNIT, "a reserved_served " + reserved);
    }

    @Test
    void aLimitIsNeverExceededAndOthersTakeWhatItLeaves() {
        Sim sim = new Sim();
        long limit = CAPACITY * 20 / 100;
        MClockCore.Entry a = sim.add("a", "share", "1000000", "limit", Long.toString(limit));
        MClockCore.Entry b = sim.add("b", "share", "1");
        MClockCore.Entry c = sim.add("c", "share", "1");
        long start = sim.nanos();
        sim.ready(a);
        sim.ready(b);
        sim.ready(c);
        for (int i = 0; i < 2000; i++) {
            sim.step();
            double elapsed = (sim.nanos() - start) / 1e9;
            assertTrue(sim.served(a) <= limit * elapsed + UNIT, "a served " + sim.served(a) + " after " + elapsed + " s");
        }
        assertEquals(0, sim.idleNanos(), "b and c are ready whenever a is over its limit");
        assertTrue(sim.served(a) >= 399 * UNIT, "a gets its limit, its weight being the largest: " + sim.served(a));
        assertTrue(Math.abs(sim.served(b) - sim.served(c)) <= UNIT, "b " + sim.served(b) + ", c " + sim.served(c));
        assertEquals(limit, sim.core().clientStatistics(a).details().get("limit"));
        assertEquals(-1L, sim.core().clientStatistics(b).details().get("limit"));
    }

    /**
     * A client served in both phases: weight-based service moves L but not R, so R can come due while
     * the client is at its limit. The constraint-based phase must not then push it past the limit (the
     * paper's, which ignores L, exceeds the bound here by 0.3 of a dispatch).
     */
    @Test
    void theReservationPhaseNeverPushesAClientPastItsLimit() {
        Sim sim = new Sim();
        long reservation = CAPACITY * 25 / 100;
        long limit = CAPACITY * 30 / 100;
        MClockCore.Entry a = sim.add("a", "reservation", Long.toString(reservation), "limit", Long.toString(limit),
                "share", "1000000");
        MClockCore.Entry b = sim.add("b", "share", "1");
        long start = sim.nanos();
        sim.ready(a);
        sim.ready(b);
        for (int i = 0; i < 3000; i++) {
            sim.step();
            double elapsed = (sim.nanos() - start) / 1e9;
            assertTrue(sim.served(a) <= limit * elapsed + UNIT, "a served " + sim.served(a) + " after " + elapsed + " s");
        }
        double elapsed = (sim.nanos() - start) / 1e9;
        assertTrue(sim.served(a) >= limit * elapsed - UNIT, "a gets its limit, its weight being the largest: "
                + sim.served(a) + " in " + elapsed + " s");
        assertTrue(sim.core().clientStatistics(a).details().get("reserved_served") >= reservation * elapsed - UNIT,
                "of which its reservation in the constraint-based phase");
    }

    @Test
    void aClientAloneOverItsLimitMakesTheCoreWaitForItsLimitTag() {
        Sim sim = new Sim();
        long limit = CAPACITY * 20 / 100;
        MClockCore.Entry a = sim.add("a", "limit", Long.toString(limit));
        long start = sim.nanos();
        sim.ready(a);
        assertEquals(0, sim.core().pollReady());
        assertEquals(a, sim.step());
        // 1000 units at 200000/s put the L tag 5 ms after the start; 1 ms has passed
        assertEquals(4000, sim.core().pollReady());
        for (int i = 0; i < 1000; i++) {
            sim.step();
            double elapsed = (sim.nanos() - start) / 1e9;
            assertTrue(sim.served(a) <= limit * elapsed + UNIT, "a served " + sim.served(a) + " after " + elapsed + " s");
        }
        double elapsed = (sim.nanos() - start) / 1e9;
        assertEquals(0.8, (double) sim.idleNanos() / (sim.nanos() - start), 0.01, "the core idles 80% of the time");
        assertTrue(sim.served(a) >= limit * elapsed - UNIT, "and a still gets its limit: " + sim.served(a));
        sim.suspend(a);
        assertEquals(-1, sim.core().pollReady(), "nothing ready");
        assertNull(sim.core().schedule());
    }

    @Test
    void aClientArrivingLateGetsItsShareFromThenOnWithoutABurst() {
        Sim sim = new Sim();
        MClockCore.Entry b = sim.add("b");
        MClockCore.Entry c = sim.add("c");
        sim.ready(b);
        sim.ready(c);
        sim.dispatches(500);
        MClockCore.Entry d = sim.add("d");
        sim.ready(d);
        Map<MClockCore.Entry, Integer> n = sim.dispatches(300);
        for (MClockCore.Entry e : new MClockCore.Entry[] {b, c, d}) {
            assertTrue(Math.abs(n(n, e) - 100) <= 1, "a third each after d arrived: " + n);
        }
        sim.remove(c);
        n = sim.dispatches(200);
        assertEquals(0, n(n, c), "a removed client is never scheduled");
        assertTrue(Math.abs(n(n, b) - n(n, d)) <= 1, "b and d halve the core: " + n);

        // a reserved client arriving after a second of others' work gets its rate, not a second's backlog
        MClockCore.Entry a = sim.add("a", "reservation", "300000", "share", "1");
        sim.ready(a);
        n = sim.dispatches(10);
        assertTrue(n(n, a) >= 3 && n(n, a) <= 4, "30% of 10 dispatches, no catch-up: " + n);
    }

    @Test
    void aSuspendedClientIsSkippedAndReturnsWithoutCredit() {
        Sim sim = new Sim();
        MClockCore.Entry a = sim.add("a", "reservation", "300000", "share", "1");
        MClockCore.Entry b = sim.add("b");
        sim.ready(a);
        sim.ready(b);
        Map<MClockCore.Entry, Integer> n = sim.dispatches(100);
        assertTrue(n(n, a) >= 30, "a's reservation before: " + n);
        sim.suspend(a);
        n = sim.dispatches(200);
        assertEquals(0, n(n, a), "a suspended is not scheduled: " + n);
        sim.ready(a);
        n = sim.dispatches(10);
        assertTrue(n(n, a) <= 4, "a's reservation resumes at its rate, without the 200 ms it missed: " + n);
        n = sim.dispatches(990);
        assertTrue(n(n, a) >= 297, "and is met from then on: " + n);
    }

    @Test
    void aLimitedClientReturningFromIdleGetsNoBurst() {
        Sim sim = new Sim();
        long limit = CAPACITY * 20 / 100;
        MClockCore.Entry a = sim.add("a", "limit", Long.toString(limit));
        MClockCore.Entry b = sim.add("b");
        sim.ready(b);
        sim.dispatches(500);
        long start = sim.nanos();
        sim.ready(a);
        for (int i = 0; i < 100; i++) {
            sim.step();
            double elapsed = (sim.nanos() - start) / 1e9;
            assertTrue(sim.served(a) <= limit * elapsed + UNIT, "a served " + sim.served(a) + " after " + elapsed + " s");
        }
    }

    @Test
    void unequalDispatchSizesAreChargedByConsumption() {
        Sim sim = new Sim();
        MClockCore.Entry a = sim.add("a", "reservation", "300000", "share", "1");
        MClockCore.Entry b = sim.add("b");
        MClockCore.Entry c = sim.add("c");
        Map<MClockCore.Entry, Long> cost = Map.of(a, 3 * UNIT, c, 5 * UNIT);
        sim.cost(e -> cost.getOrDefault(e, UNIT));
        long start = sim.nanos();
        sim.ready(a);
        sim.ready(b);
        sim.ready(c);
        sim.dispatches(3000);
        double elapsed = (sim.nanos() - start) / 1e9;
        assertTrue(sim.served(a) >= 0.30 * CAPACITY * elapsed - 3 * UNIT, "a " + sim.served(a) + " in " + elapsed + " s");
        double lag = (double) sim.served(b) / 10000 - (double) sim.served(c) / 10000;
        assertTrue(Math.abs(lag) <= (UNIT + 5.0 * UNIT) / 10000, "b " + sim.served(b) + ", c " + sim.served(c));
    }

    @Test
    void updateClientAppliesNewParametersAndKeepsTheOldOnesWhenRefused() {
        Sim sim = new Sim();
        MClockCore.Entry a = sim.add("a", "share", "1");
        MClockCore.Entry b = sim.add("b");
        sim.ready(a);
        sim.ready(b);
        sim.dispatches(100);
        sim.core().updateClient(a, Parameters.of("share", "1", "reservation", "500000"));
        Map<MClockCore.Entry, Integer> n = sim.dispatches(1000);
        assertTrue(n(n, a) >= 500, "a reservation set at run time is met: " + n);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sim.core().updateClient(a, Parameters.of("reservation", "500000", "limit", "100000")));
        assertTrue(e.getMessage().contains("limit=100000 below reservation=500000"), e.getMessage());
        assertEquals(Map.of("reservation", 500000L, "limit", -1L, "share", 1L, "reserved_served",
                sim.core().clientStatistics(a).details().get("reserved_served"), "weight_served",
                sim.core().clientStatistics(a).details().get("weight_served")), sim.core().clientStatistics(a).details());
        n = sim.dispatches(1000);
        assertTrue(n(n, a) >= 500, "the old parameters stay in force: " + n);
    }

    @Test
    void refusesBadClientParametersNamingKeyValueAndValidOnes() {
        Sim sim = new Sim();
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> sim.add("x", "reservation", "200", "limit", "100"));
        assertTrue(below.getMessage().contains("limit=100 below reservation=200"), below.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> sim.add("x", "reservation", "-5"));
        assertTrue(negative.getMessage().contains("reservation=-5") && negative.getMessage().contains("share (at least 1"),
                negative.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> sim.add("x", "share", "0"));
        assertTrue(zero.getMessage().contains("share=0"), zero.getMessage());
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class, () -> sim.add("x", "limit", "lots"));
        assertTrue(word.getMessage().contains("limit=\"lots\""), word.getMessage());
        // other schedulers' client keys are not this policy's business
        MClockCore.Entry ok = sim.add("x", "priority", "3", "share", "7");
        assertEquals(7L, sim.core().clientStatistics(ok).details().get("share"));
    }

    @Test
    void refusesBadSchedulerParametersNamingKeyValueAndValidOnes() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new MClockFactory().create(Parameters.of("quantum", "3"), context(1)));
        assertTrue(unknown.getMessage().contains("\"quantum\"") && unknown.getMessage().contains("[loadshare, ttl]"),
                unknown.getMessage());
        IllegalArgumentException policy = assertThrows(IllegalArgumentException.class,
                () -> new MClockFactory().create(Parameters.of("loadshare", "random"), context(1)));
        assertTrue(policy.getMessage().contains("loadshare=\"random\"") && policy.getMessage().contains("affinity-sticky"),
                policy.getMessage());
        IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class,
                () -> new MClockFactory().create(Parameters.of("ttl", "0"), context(1)));
        assertTrue(ttl.getMessage().contains("ttl=0"), ttl.getMessage());
    }

    @Test
    void loadSharePoliciesFewestClientsAndAffinitySticky() {
        Scheduler fewest = new MClockFactory().create(Parameters.of("ttl", "500"), context(3));
        MClockCore c0 = (MClockCore) fewest.initCore(0);
        MClockCore c1 = (MClockCore) fewest.initCore(1);
        fewest.initCore(2);
        c0.addClient(new TestClient(1, "x"), Parameters.EMPTY);
        c0.addClient(new TestClient(2, "y"), Parameters.EMPTY);
        MClockCore.Entry z = c1.addClient(new TestClient(3, "z"), Parameters.EMPTY);
        assertEquals(2, fewest.loadShare(new LoadShareRequest(5, 9, 3, -1)).core());
        assertEquals(500, fewest.loadShare(new LoadShareRequest(5, 9, 3, -1)).ttlMicros());
        assertEquals(2, fewest.loadShare(new LoadShareRequest(5, 9, 3, 0)).core(), "an expired label moves to the least loaded");
        c1.removeClient(z);
        assertEquals(1, fewest.loadShare(new LoadShareRequest(5, 9, 3, 1)).core(), "the previous core wins ties");

        Scheduler sticky = new MClockFactory().create(Parameters.of("loadshare", "affinity-sticky"), context(2));
        MClockCore s0 = (MClockCore) sticky.initCore(0);
        sticky.initCore(1);
        s0.addClient(new TestClient(1, "x"), Parameters.EMPTY);
        assertEquals(1, sticky.loadShare(new LoadShareRequest(5, 9, 2, -1)).core(), "first mapping: fewest clients");
        assertEquals(0, sticky.loadShare(new LoadShareRequest(5, 9, 2, 0)).core(), "then it stays");
        assertEquals(1_000_000, sticky.loadShare(new LoadShareRequest(5, 9, 2, 0)).ttlMicros());
    }
}
