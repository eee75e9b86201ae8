package org.omnikernel.scheduler.sfq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.omnikernel.scheduler.testkit.SimulatedCore.labels;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.scheduler.testkit.SimulatedCore;
import org.omnikernel.scheduler.testkit.TestClient;
import org.omnikernel.scheduler.testkit.TestContext;

/**
 * SFQ's hooks against a simulated saturated core. A dispatch's consumption is what the test says it
 * is; the expectations are SFQ's fairness bound: while two clients are both backlogged,
 * {@code |W_f/w_f - W_m/w_m| <= cmax_f/w_f + cmax_m/w_m}.
 */
class SfqTest {

    static SchedulerContext context(int cores) {
        return TestContext.of(cores, Metric.CPU);
    }

    /**
     * One simulated saturated core, following OKRT's hook order: schedule, the dispatch's record,
     * clientReady if still backlogged. A dispatch consumes 1000 units of cpu until a test sets its cost.
     */
    static final class Sim extends SimulatedCore<SfqCore.Entry> {
        final Map<SfqCore.Entry, Long> share = new HashMap<>();

        Sim() {
            super((SfqCore) new SfqFactory().create(Parameters.EMPTY, context(1)).initCore(0), Metric.CPU, 1000);
        }

        SfqCore.Entry add(String label, long weight) {
            SfqCore.Entry e = add(label, Parameters.of("share", Long.toString(weight)));
            share.put(e, weight);
            return e;
        }

        /** Runs n dispatches, checking the fairness bound between every pair of the given clients after each. */
        void run(int n, SfqCore.Entry... fair) {
            Map<SfqCore.Entry, Long> base = served();
            for (int i = 0; i < n; i++) {
                step();
                for (SfqCore.Entry f : fair) {
                    for (SfqCore.Entry m : fair) {
                        if (f != m) {
                            double lag = (double) (served(f) - base.get(f)) / share.get(f)
                                    - (double) (served(m) - base.get(m)) / share.get(m);
                            double bound = (double) largest(f) / share.get(f) + (double) largest(m) / share.get(m);
                            assertTrue(Math.abs(lag) <= bound + 1e-9, "after dispatch " + i + ": " + f.client().label()
                                    + " vs " + m.client().label() + " lag " + lag + " above the bound " + bound);
                        }
                    }
                }
            }
        }
    }

    @Test
    void sharesFollowWeightsUnderSaturationWithUnequalDispatches() {
        Sim sim = new Sim();
        SfqCore.Entry a = sim.add("a", 30000);
        SfqCore.Entry b = sim.add("b", 20000);
        SfqCore.Entry c = sim.add("c", 10000);
        Map<SfqCore.Entry, Long> cost = Map.of(a, 1000L, b, 3000L, c, 500L);
        sim.cost(cost::get);
        sim.ready(a);
        sim.ready(b);
        sim.ready(c);
        sim.run(6000, a, b, c);
        assertEquals(0.5, sim.fraction(a, Map.of()), 0.002, "a: weight 3 of 6");
        assertEquals(1.0 / 3, sim.fraction(b, Map.of()), 0.002, "b: weight 2 of 6");
        assertEquals(1.0 / 6, sim.fraction(c, Map.of()), 0.002, "c: weight 1 of 6");
        Map<String, Long> stats = sim.core().clientStatistics(b).details();
        assertEquals(20000L, stats.get("share"));
        assertEquals(sim.served(b), sim.core().clientStatistics(b).consumed());
        assertTrue(stats.get("finish_tag") >= stats.get("start_tag"), stats.toString());
    }

    @Test
    void aNewlyReadyClientStartsAtVirtualTimeWithoutCatchingUp() {
        Sim sim = new Sim();
        SfqCore.Entry a = sim.add("a", 10000);
        SfqCore.Entry b = sim.add("b", 10000);
        SfqCore.Entry c = sim.add("c", 10000);
        sim.ready(a);
        sim.ready(b);
        sim.ready(c);
        sim.run(300, a, b, c);
        // c goes idle while a and b run on for a long time
        sim.lastDispatch(c);
        sim.run(3000, a, b);
        long behind = sim.served(a) - sim.served(c);
        assertTrue(behind > 1_000_000, "c is far behind: " + behind);
        SfqCore.Entry d = sim.add("d", 10000);
        sim.ready(c);
        sim.ready(d);
        long vNow = Math.min(sim.core().clientStatistics(a).details().get("start_tag"),
                sim.core().clientStatistics(b).details().get("start_tag"));
        // v is the start tag of the client served last, at most one dispatch (1000 at share 10000) behind a and b
        assertTrue(sim.core().clientStatistics(c).details().get("start_tag") >= vNow - 1000, "c starts at v, not where it left");
        assertTrue(sim.core().clientStatistics(d).details().get("start_tag") >= vNow - 1000, "a new client starts at v");
        int before = sim.order().size();
        sim.run(400, a, b, c, d);
        List<SfqCore.Entry> next = sim.order().subList(before, before + 8);
        assertTrue(next.stream().filter(x -> x == c).count() <= 2, "no burst for c: " + labels(next));
        assertTrue(next.stream().filter(x -> x == d).count() <= 2, "no burst for d: " + labels(next));
    }

    /** After a busy period v is the largest finish tag: a client arriving then is not owed the last dispatch. */
    @Test
    void aBusyPeriodEndsAtTheLargestFinishTag() {
        Sim sim = new Sim();
        SfqCore.Entry x = sim.add("x", 10000);
        SfqCore.Entry y = sim.add("y", 10000);
        sim.cost(e -> sim.order().isEmpty() ? 100_000 : 1000);
        sim.core().clientReady(x); // one dispatch, then idle
        sim.step();
        assertEquals(-1, sim.core().pollReady(), "the core is idle");
        sim.ready(y);
        sim.ready(x);
        assertEquals(100_000L, sim.core().clientStatistics(y).details().get("start_tag"), "y starts at x's finish tag");
        sim.run(4, x, y);
        assertEquals("xyxyx", labels(sim.order()), "y gets no credit for x's long dispatch before the idle period");
    }

    @Test
    void sharesStayProportionalWhenCapacityFluctuates() {
        Sim sim = new Sim();
        SfqCore.Entry a = sim.add("a", 50);
        SfqCore.Entry b = sim.add("b", 33);
        SfqCore.Entry c = sim.add("c", 17);
        Map<SfqCore.Entry, Long> work = new HashMap<>(Map.of(a, 1000L, b, 1500L, c, 700L));
        long[] slowdown = {1};
        // a dispatch of the same work consumes more of the metric when the core or device slows down
        sim.cost(e -> work.get(e) * slowdown[0]);
        sim.ready(a);
        sim.ready(b);
        sim.ready(c);
        sim.run(2000, a, b, c);
        Map<SfqCore.Entry, Long> mark = sim.served();
        slowdown[0] = 4; // capacity drops to a quarter mid-run
        sim.run(2000, a, b, c);
        assertEquals(0.50, sim.fraction(a, mark), 0.01);
        assertEquals(0.33, sim.fraction(b, mark), 0.01);
        assertEquals(0.17, sim.fraction(c, mark), 0.01);
        // and then varies dispatch by dispatch, differently for each client (a device whose speed depends on the request)
        mark = sim.served();
        long[] lcg = {12345};
        sim.cost(e -> {
            lcg[0] = lcg[0] * 6364136223846793005L + 1442695040888963407L;
            return work.get(e) * (1 + ((lcg[0] >>> 33) % 8));
        });
        SfqCore.Entry d = sim.add("d", 50);
        work.put(d, 1200L);
        sim.ready(d); // arrives in the middle of the fluctuation
        sim.run(6000, a, b, c, d);
        assertEquals(50.0 / 150, sim.fraction(a, mark), 0.01);
        assertEquals(33.0 / 150, sim.fraction(b, mark), 0.01);
        assertEquals(17.0 / 150, sim.fraction(c, mark), 0.01);
        assertEquals(50.0 / 150, sim.fraction(d, mark), 0.01);
    }

    @Test
    void suspendedAndRemovedClientsAreSkippedAndASuspendedOneReturnsWithoutCredit() {
        Sim sim = new Sim();
        SfqCore.Entry a = sim.add("a", 10000);
        SfqCore.Entry b = sim.add("b", 10000);
        sim.ready(a);
        sim.ready(b);
        sim.run(10, a, b);
        sim.suspend(a);
        int before = sim.order().size();
        sim.run(100);
        assertTrue(sim.order().subList(before, sim.order().size()).stream().allMatch(x -> x == b), "only b while a is suspended");
        sim.ready(a);
        before = sim.order().size();
        sim.run(10, a, b);
        assertEquals(5, sim.order().subList(before, sim.order().size()).stream().filter(x -> x == a).count(),
                "a alternates with b again: " + labels(sim.order().subList(before, sim.order().size())));
        sim.remove(b);
        before = sim.order().size();
        sim.run(5);
        assertTrue(sim.order().subList(before, sim.order().size()).stream().allMatch(x -> x == a), "a removed client is gone");
        sim.suspend(a);
        assertEquals(-1, sim.core().pollReady());
        assertNull(sim.core().schedule());
    }

    @Test
    void consumptionChargedOutsideADispatchDelaysTheClient() {
        Sim sim = new Sim();
        SfqCore.Entry a = sim.add("a", 10000);
        SfqCore.Entry b = sim.add("b", 10000);
        sim.ready(a);
        sim.ready(b);
        sim.run(10, a, b);
        // a handler of b's reattributed 5 dispatches' worth to a
        sim.charge(a, 5000);
        int before = sim.order().size();
        sim.run(5);
        assertTrue(sim.order().subList(before, sim.order().size()).stream().allMatch(x -> x == b),
                "b catches up first: " + labels(sim.order().subList(before, sim.order().size())));
    }

    @Test
    void updateClientChangesTheWeightAndKeepsTheOldOneWhenRefused() {
        Sim sim = new Sim();
        SfqCore.Entry a = sim.add("a", 10000);
        SfqCore.Entry b = sim.add("b", 10000);
        sim.ready(a);
        sim.ready(b);
        sim.run(100, a, b);
        sim.core().updateClient(a, Parameters.of("share", "30000"));
        sim.share.put(a, 30000L);
        Map<SfqCore.Entry, Long> mark = sim.served();
        sim.run(400);
        assertEquals(0.75, sim.fraction(a, mark), 0.01);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sim.core().updateClient(a, Parameters.of("share", "0")));
        assertTrue(e.getMessage().contains("share=0") && e.getMessage().contains("at least 1"), e.getMessage());
        assertEquals(30000L, sim.core().clientStatistics(a).details().get("share"), "the old weight stays");
    }

    @Test
    void refusesBadParametersNamingKeyValueAndValidOnes() {
        Sim sim = new Sim();
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
                () -> sim.core().addClient(new TestClient(9, "x"), Parameters.of("share", "half")));
        assertTrue(word.getMessage().contains("share=\"half\""), word.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> sim.core().addClient(new TestClient(9, "x"), Parameters.of("share", "-3")));
        assertTrue(negative.getMessage().contains("share=-3"), negative.getMessage());
        SfqCore.Entry ok = sim.core().addClient(new TestClient(9, "x"), Parameters.of("reservation", "5", "priority", "2"));
        assertEquals(10000L, sim.core().clientStatistics(ok).details().get("share"), "other policies' keys are ignored");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new SfqFactory().create(Parameters.of("quantum", "3"), context(1)));
        assertTrue(unknown.getMessage().contains("\"quantum\"") && unknown.getMessage().contains("[loadshare, ttl]"),
                unknown.getMessage());
        IllegalArgumentException policy = assertThrows(IllegalArgumentException.class,
                () -> new SfqFactory().create(Parameters.of("loadshare", "roundrobin"), context(1)));
        assertTrue(policy.getMessage().contains("loadshare=\"roundrobin\"") && policy.getMessage().contains("fewest-clients"),
                policy.getMessage());
        IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class,
                () -> new SfqFactory().create(Parameters.of("ttl", "soon"), context(1)));
        assertTrue(ttl.getMessage().contains("ttl=\"soon\""), ttl.getMessage());
    }

    @Test
    void loadSharePoliciesFewestClientsAndAffinitySticky() {
        Scheduler fewest = new SfqFactory().create(Parameters.EMPTY, context(2));
        SfqCore c0 = (SfqCore) fewest.initCore(0);
        fewest.initCore(1);
        c0.addClient(new TestClient(1, "x"), Parameters.EMPTY);
        assertEquals(1, fewest.loadShare(new LoadShareRequest(5, 9, 2, -1)).core());
        assertEquals(1, fewest.loadShare(new LoadShareRequest(5, 9, 2, 0)).core(), "an expired label moves to the least loaded");
        Scheduler sticky = new SfqFactory().create(Parameters.of("loadshare", "affinity-sticky", "ttl", "250"), context(2));
        SfqCore s0 = (SfqCore) sticky.initCore(0);
        sticky.initCore(1);
        s0.addClient(new TestClient(1, "x"), Parameters.EMPTY);
        assertEquals(1, sticky.loadShare(new LoadShareRequest(5, 9, 2, -1)).core(), "first mapping: fewest clients");
        assertEquals(0, sticky.loadShare(new LoadShareRequest(5, 9, 2, 0)).core(), "then it stays");
        assertEquals(250, sticky.loadShare(new LoadShareRequest(5, 9, 2, 0)).ttlMicros());
    }
}
