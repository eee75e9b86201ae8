package org.omnikernel.scheduler.wfq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.omnikernel.scheduler.wfq.WfqTesting.add;
import static org.omnikernel.scheduler.wfq.WfqTesting.core;
import static org.omnikernel.scheduler.wfq.WfqTesting.serve;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.scheduler.testkit.TestClient;
import org.omnikernel.scheduler.testkit.TestContext;

/** Closed-form outcomes of the per-core hooks, driven as OKRT drives them. */
class WfqCoreTest {

    private static final long[] SHARES = {50, 33, 17};
    private static final String[] NAMES = {"a", "b", "c"};

    private static WfqClient[] threeReady(WfqCore core) {
        WfqClient[] cs = new WfqClient[3];
        for (int i = 0; i < 3; i++) {
            cs[i] = add(core, NAMES[i], SHARES[i]);
            core.clientReady(cs[i]);
        }
        return cs;
    }

    @Test
    void equalChargesGiveDispatchesWithinOneOfTheWeights() {
        WfqCore core = core(Parameters.EMPTY);
        WfqClient[] cs = threeReady(core);
        long[] counts = new long[3];
        for (int n = 1; n <= 3000; n++) {
            WfqClient e = core.schedule();
            counts[List.of(cs).indexOf(e)]++;
            core.resourceRecord(e, new ResourceRecord(Metric.CPU, 40_000));
            core.clientReady(e);
            for (int i = 0; i < 3; i++) {
                double ideal = n * SHARES[i] / 100.0;
                assertTrue(Math.abs(counts[i] - ideal) <= 1.0,
                        "after " + n + " dispatches " + NAMES[i] + " had " + counts[i] + ", ideal " + ideal);
            }
        }
        assertEquals(1500, counts[0]);
        assertEquals(990, counts[1]);
        assertEquals(510, counts[2]);
    }

    @Test
    void unequalChargesGiveConsumptionInProportionToWeightsInAnyMetric() {
        WfqScheduler s = new WfqScheduler(Parameters.EMPTY, TestContext.of(1, Metric.NBYTES), System::nanoTime);
        WfqCore core = (WfqCore) s.initCore(0);
        WfqClient[] cs = threeReady(core);
        Random random = new Random(42);
        long maxCost = 9000;
        long total = 0;
        for (int n = 0; n < 20_000; n++) {
            WfqClient e = core.schedule();
            // a is cheap per dispatch, c expensive, and every dispatch varies
            long base = e == cs[0] ? 1000 : e == cs[1] ? 3000 : 7000;
            long cost = base + random.nextInt(2001);
            total += cost;
            core.resourceRecord(e, new ResourceRecord(Metric.NBYTES, cost));
            core.clientReady(e);
            for (int i = 0; i < 3; i++) {
                long consumed = core.clientStatistics(cs[i]).consumed();
                double ideal = total * SHARES[i] / 100.0;
                assertTrue(Math.abs(consumed - ideal) <= maxCost,
                        NAMES[i] + " consumed " + consumed + " of " + total + ", ideal " + ideal + " (bound: one dispatch)");
            }
        }
        assertTrue(core.clientStatistics(cs[0]).details().get("dispatches") > 10 * core.clientStatistics(cs[2]).details().get("dispatches"),
                "the cheap heavy client runs far more often");
    }

    @Test
    void clampKeepsAClientThatWasIdleFromMonopolizing() {
        WfqCore core = core(Parameters.EMPTY);
        WfqClient a = add(core, "a", 50);
        WfqClient b = add(core, "b", 33);
        WfqClient c = add(core, "c", 17);
        core.clientReady(a);
        core.clientReady(b);
        serve(core, 10_000, 40_000);
        assertTrue(c.vft < core.virtualTime(), "c fell behind while idle");
        core.clientReady(c);
        assertEquals(core.virtualTime(), c.vft, "clamped to the virtual time on becoming ready");
        for (int window = 0; window < 5; window++) {
            long got = serve(core, 100, 40_000).getOrDefault("c", 0L);
            assertTrue(got >= 16 && got <= 18, "window " + window + ": c had " + got + " of 100 dispatches, share 17");
        }
    }

    @Test
    void resetHonoursCreditOfTheCurrentPeriodOnlyAndForgetsOlderCredit() {
        AtomicLong clock = new AtomicLong();
        WfqCore core = (WfqCore) WfqTesting.scheduler(Parameters.of("burst", "reset:1000"), 1, clock::get).initCore(0);
        WfqClient a = add(core, "a", 50);
        WfqClient b = add(core, "b", 33);
        WfqClient c = add(core, "c", 17);
        core.clientReady(a);
        core.clientReady(b);
        // each dispatch takes 1 µs of the fake clock: a reset every 1000 dispatches
        long served = 0;
        for (; served < 10_300; served++) {
            step(core, clock);
        }
        // c was idle for 10 periods; credit older than the last reset (at 10 000) is gone:
        // it may catch up for the ~300 dispatches since, about 300 × 17/83 ≈ 61 of its own
        core.clientReady(c);
        int burst = 0;
        while (core.schedule() == c) {
            burst++;
            core.resourceRecord(c, new ResourceRecord(Metric.CPU, 1000));
            core.clientReady(c);
            clock.addAndGet(1000);
        }
        assertTrue(burst >= 55 && burst <= 65, "c's burst was " + burst + " dispatches; credit since the last reset is ~61");
    }

    @Test
    void resetWithoutAnElapsedPeriodLetsTheIdleClientCatchUpAndAfterOneItDoesNot() {
        AtomicLong clock = new AtomicLong();
        WfqCore core = (WfqCore) WfqTesting.scheduler(Parameters.of("burst", "reset:1000000"), 1, clock::get).initCore(0);
        WfqClient a = add(core, "a", 50);
        WfqClient b = add(core, "b", 33);
        WfqClient c = add(core, "c", 17);
        core.clientReady(a);
        core.clientReady(b);
        serve(core, 1000, 1000);
        core.clientReady(c);
        assertEquals(100L, serve(core, 100, 1000).get("c"), "within one period c spends its credit as a burst");
        core.clientSuspended(c);
        serve(core, 1000, 1000);
        clock.addAndGet(1_000_000_000L);
        core.clientReady(c);
        long got = serve(core, 100, 1000).getOrDefault("c", 0L);
        assertTrue(got >= 16 && got <= 18, "after a reset c's credit is gone: " + got);
    }

    private static void step(WfqCore core, AtomicLong clock) {
        WfqClient e = core.schedule();
        core.resourceRecord(e, new ResourceRecord(Metric.CPU, 1000));
        core.clientReady(e);
        clock.addAndGet(1000);
    }

    @Test
    void updateClientChangesTheRatioFromTheNextChargeAndAnInvalidUpdateKeepsTheOldWeight() {
        WfqCore core = core(Parameters.EMPTY);
        WfqClient a = add(core, "a", 10);
        WfqClient b = add(core, "b", 10);
        core.clientReady(a);
        core.clientReady(b);
        Map<String, Long> before = serve(core, 1000, 40_000);
        assertEquals(500L, before.get("a"));
        core.updateClient(a, Parameters.of("share", "30"));
        Map<String, Long> after = serve(core, 1000, 40_000);
        assertTrue(Math.abs(after.get("a") - 750) <= 2, "3:1 after the update: " + after);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> core.updateClient(a, Parameters.of("share", "0")));
        assertTrue(bad.getMessage().contains("share=0"), bad.getMessage());
        assertEquals(30L, core.clientStatistics(a).details().get("weight"));
        Map<String, Long> still = serve(core, 1000, 40_000);
        assertTrue(Math.abs(still.get("a") - 750) <= 2, "the old weight stays in force: " + still);
    }

    @Test
    void suspendedAndRemovedClientsAreNeverScheduledAndTheOthersShareTheCapacity() {
        WfqCore core = core(Parameters.EMPTY);
        WfqClient[] cs = threeReady(core);
        serve(core, 300, 1000);
        core.clientSuspended(cs[1]);
        Map<String, Long> ac = serve(core, 670, 1000);
        assertNull(ac.get("b"), "suspended b ran: " + ac);
        assertTrue(Math.abs(ac.get("a") - 500) <= 1 && Math.abs(ac.get("c") - 170) <= 1, "a:c = 50:17 of all 670: " + ac);
        core.clientReady(cs[1]);
        core.removeClient(cs[2]);
        Map<String, Long> ab = serve(core, 830, 1000);
        assertNull(ab.get("c"), "removed c ran: " + ab);
        assertTrue(Math.abs(ab.get("a") - 500) <= 1 && Math.abs(ab.get("b") - 330) <= 1, "a:b = 50:33 of all 830: " + ab);
        core.removeClient(cs[0]);
        core.clientSuspended(cs[1]);
        assertEquals(-1, core.pollReady());
        assertNull(core.schedule());
        core.clientReady(cs[2]);
        assertEquals(-1, core.pollReady(), "a removed client never becomes ready again");
        core.clientReady(cs[1]);
        assertEquals(0, core.pollReady());
        assertSame(cs[1], core.schedule());
        assertEquals(-1, core.pollReady());
    }

    @Test
    void readyIsIdempotentAndAChargeWhileReadyReordersTheHeap() {
        WfqCore core = core(Parameters.EMPTY);
        WfqClient a = add(core, "a", 10);
        WfqClient b = add(core, "b", 10);
        core.clientReady(a);
        core.clientReady(b);
        core.clientReady(a);
        assertEquals(2, core.readyCount());
        // work re-attributed to a while it waits (an infrastructure resource's reattribute)
        core.resourceRecord(a, new ResourceRecord(Metric.CPU, 5000));
        assertSame(b, core.schedule());
        assertSame(a, core.schedule());
        assertNull(core.schedule());
    }

    @Test
    void statisticsReportConsumptionVftWeightAndDispatches() {
        WfqCore core = core(Parameters.EMPTY);
        WfqClient a = core.addClient(new TestClient(1, "a"), Parameters.of("priority", "7"));
        core.clientReady(a);
        serve(core, 3, 2000);
        var st = core.clientStatistics(a);
        assertEquals(6000, st.consumed());
        assertEquals(Map.of("vft", 6000L * 65536 / 10_000, "weight", 10_000L, "dispatches", 3L), st.details(),
                "share defaults to 10000, keys for other schedulers are left alone");
    }

    @Test
    void vftsAreRebasedLongBeforeOverflowAndSharesSurviveIt() {
        WfqCore core = core(Parameters.EMPTY);
        WfqClient a = add(core, "a", 2);
        WfqClient b = add(core, "b", 1);
        core.clientReady(a);
        core.clientReady(b);
        long cost = 1L << 39; // a VFT step of 2^54 at weight 2, 2^55 at weight 1
        Map<String, Long> counts = serve(core, 3000, cost);
        assertTrue(core.virtualTime() < WfqCore.REBASE_AT, "rebased: " + core.virtualTime());
        assertTrue(Math.abs(counts.get("a") - 2000) <= 1, "2:1 across rebases: " + counts);
        assertTrue(a.vft >= 0 && b.vft >= 0);
        // a single absurd record saturates the step instead of overflowing
        core.resourceRecord(b, new ResourceRecord(Metric.CPU, Long.MAX_VALUE));
        assertTrue(b.vft > 0, "no overflow: " + b.vft);
    }

    @Test
    void sharesMustBeWholeNumbersFromOneAndAreNamedWhenRefused() {
        WfqCore core = core(Parameters.EMPTY);
        for (String bad : List.of("0", "-3", "abc", "1.5", "", "2000000000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> core.addClient(new TestClient(1, "x"), Parameters.of("share", bad)), bad);
            assertTrue(e.getMessage().contains("share") && e.getMessage().contains(bad.isEmpty() ? "share=\"\"" : bad),
                    e.getMessage());
        }
        assertEquals(-1, core.pollReady(), "a refused client leaves no trace");
        assertEquals(0, core.readyCount());
    }

    @Test
    void schedulerParametersAreCheckedAndNamedWhenRefused() {
        refused(Parameters.of("weight", "3"), "\"weight\"", "burst, loadshare, ttl");
        refused(Parameters.of("burst", "bogus"), "burst=\"bogus\"", "clamp", "reset:<µs>");
        refused(Parameters.of("burst", "reset:0"), "burst=\"reset:0\"", "reset:<µs>");
        refused(Parameters.of("burst", "reset:soon"), "burst=\"reset:soon\"");
        refused(Parameters.of("burst", "reset:"), "burst=\"reset:\"");
        refused(Parameters.of("loadshare", "random"), "loadshare=\"random\"", "least-utilized", "affinity-sticky",
                "fewest-clients");
        refused(Parameters.of("ttl", "0"), "ttl=0");
        refused(Parameters.of("ttl", "soon"), "ttl=\"soon\"");
        WfqScheduler ok = WfqTesting.scheduler(
                Parameters.of("burst", "reset:500", "loadshare", "affinity-sticky", "ttl", "250"), 2);
        assertEquals(new BurstPolicy.Reset(500), ok.burst());
        assertEquals(LoadSharePolicy.AFFINITY_STICKY, ok.loadSharePolicy());
        assertTrue(ok.describe().contains("burst=reset:500") && ok.describe().contains("ttl=250us"), ok.describe());
        WfqScheduler defaults = WfqTesting.scheduler(Parameters.EMPTY, 1);
        assertEquals(new BurstPolicy.Clamp(), defaults.burst());
        assertEquals(LoadSharePolicy.LEAST_UTILIZED, defaults.loadSharePolicy());
    }

    private static void refused(Parameters p, String... mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WfqTesting.scheduler(p, 1));
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "\"" + e.getMessage() + "\" should mention " + m);
        }
    }
}
