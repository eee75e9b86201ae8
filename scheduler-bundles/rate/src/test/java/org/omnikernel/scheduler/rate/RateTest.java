package org.omnikernel.scheduler.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.scheduler.testkit.Dispatches;
import org.omnikernel.scheduler.testkit.TestClient;
import org.omnikernel.scheduler.testkit.TestContext;

/**
 * The hooks of {@code rate} on one core, against a simulated clock: every expectation is closed form.
 * Rates are in units per second; the simulated clock is in ns.
 */
class RateTest {

    private static SchedulerContext context(int cores) {
        return TestContext.of(cores, Metric.NBYTES);
    }

    /** The simulated monotonic clock, starting at an arbitrary instant. */
    private long now = 7_000_000_000L;

    private RateCore core(Parameters schedulerParameters) {
        return (RateCore) new RateScheduler(schedulerParameters, context(1), () -> now).initCore(0);
    }

    private static RateCore.Entry add(RateCore core, long id, String rate, String burst) {
        Parameters p = Parameters.of("rate", rate);
        if (burst != null) {
            p = p.with("burst", burst);
        }
        return core.addClient(new TestClient(id, "c" + id), p);
    }

    private static long stat(RateCore core, RateCore.Entry e, String key) {
        return core.clientStatistics(e).details().get(key);
    }

    private static void charge(RateCore core, RateCore.Entry e, long units) {
        core.resourceRecord(e, new ResourceRecord(Metric.NBYTES, units));
    }

    /**
     * One client with work all the time, dispatches of varying size taking 2 µs each: at the start of
     * every dispatch the consumption charged so far is below B + R·t, at the end it exceeds it by at
     * most the last dispatch, and the client gets its rate (not less).
     */
    @Test
    void chargedConsumptionNeverExceedsBurstPlusRateTimesTime() {
        long rate = 1_000_000; // 1 unit per µs
        long burst = 100;
        RateCore core = core(Parameters.EMPTY);
        long start = now;
        RateCore.Entry e = add(core, 1, Long.toString(rate), Long.toString(burst));
        core.clientReady(e);
        long consumed = 0;
        long largest = 0;
        int dispatches = 0;
        int waits = 0;
        while (now - start < 100_000_000L) { // 100 ms
            long poll = core.pollReady();
            if (poll > 0) {
                waits++;
                now += poll * 1000;
                continue;
            }
            assertEquals(0, poll);
            assertSame(e, core.schedule());
            long t = now - start;
            // consumed < B + R·t, exactly, in unit·ns
            assertTrue(consumed * 1_000_000_000L < burst * 1_000_000_000L + rate * t,
                    "dispatch " + dispatches + " at " + t + " ns with " + consumed + " charged");
            long units = 1 + (dispatches * 7919L) % 40; // 1..40
            largest = Math.max(largest, units);
            now += 2_000;
            charge(core, e, units);
            consumed += units;
            dispatches++;
            core.clientReady(e);
        }
        long allowed = burst + rate * (now - start) / 1_000_000_000L;
        assertTrue(consumed <= allowed + largest, consumed + " charged, " + allowed + " allowed");
        assertTrue(consumed >= allowed - 2 * largest, "it got its rate: " + consumed + " of " + allowed);
        assertTrue(waits > 1000, "it was throttled: " + waits + " waits");
        assertEquals(consumed, core.clientStatistics(e).consumed());
        assertEquals(dispatches, stat(core, e, "dispatches"));
    }

    @Test
    void pollReadyAnswersTheExactWaitUntilEligibility() {
        RateCore core = core(Parameters.EMPTY);
        RateCore.Entry e = add(core, 1, "3000", "20"); // 3 units per ms
        assertEquals(-1, core.pollReady(), "nothing ready");
        core.clientReady(e);
        assertEquals(0, core.pollReady(), "a bucket starts full");
        assertSame(e, core.schedule());
        charge(core, e, 30); // 20 - 30 = -10
        core.clientReady(e);
        assertEquals(-10, stat(core, e, "tokens"));
        // -10 + 3000/s · t > 0  ⇔  t > 3333.33… µs: the first whole µs is 3334
        assertEquals(3334, core.pollReady());
        assertNull(core.schedule(), "not eligible yet");
        now += 3_333_000;
        assertEquals(1, core.pollReady(), "at 3333 µs 0.001 token is missing");
        assertNull(core.schedule());
        now += 1_000;
        assertEquals(0, core.pollReady());
        assertEquals(0, stat(core, e, "tokens"), "0.002 tokens: eligible, 0 whole tokens");
        assertEquals(3333, stat(core, e, "throttled_us"), "ready and not eligible for 3333.334 µs, in whole µs");
        assertSame(e, core.schedule());

        // with two clients the earliest decides
        RateCore.Entry f = add(core, 2, "1000000", "5");
        charge(core, e, 3); // -2.998
        core.clientReady(e);
        core.clientReady(f);
        assertSame(f, core.schedule());
        charge(core, f, 25); // 5 - 25 = -20 → eligible after 20.001 µs; e after 999.334 µs
        core.clientReady(f);
        assertEquals(21, core.pollReady());
        now += 21_000;
        assertSame(f, core.schedule());
        charge(core, f, 1_000); // f: 1 - 1000 = -999 → 999.001 µs; e: -2.935 → 978.33… µs
        core.clientReady(f);
        assertEquals(979, core.pollReady());
        core.clientSuspended(e);
        assertEquals(1000, core.pollReady(), "a suspended client does not count");
        core.removeClient(f);
        assertEquals(-1, core.pollReady());
    }

    @Test
    void refillIsExactHoweverItIsSliced() {
        RateCore core = core(Parameters.EMPTY);
        RateCore.Entry sliced = add(core, 1, "3000", "1000");
        RateCore.Entry whole = add(core, 2, "3000", "1000");
        charge(core, sliced, 1000);
        charge(core, whole, 1000);
        for (int i = 0; i < 333_333; i++) { // 333.333 ms in 1 µs steps, each bringing 0.003 token
            now += 1_000;
            core.clientStatistics(sliced);
        }
        assertEquals(999, stat(core, sliced, "tokens"));
        assertEquals(999, stat(core, whole, "tokens"));
        now += 1_000;
        assertEquals(1000, stat(core, sliced, "tokens"));
        assertEquals(1000, stat(core, whole, "tokens"));
        now += 1_000_000_000L;
        assertEquals(1000, stat(core, whole, "tokens"), "never beyond burst");
    }

    @Test
    void largeQuantitiesStayExact() {
        RateCore core = core(Parameters.EMPTY);
        // a petabyte bucket at a terabyte per second: products beyond 64 bits
        RateCore.Entry e = add(core, 1, "1000000000000", "1000000000000000");
        charge(core, e, 1_000_000_000_000_000L);
        now += 100_000_000; // 0.1 s
        assertEquals(100_000_000_000L, stat(core, e, "tokens"));
        now += 2_000_000_000_000L; // 2000 s
        assertEquals(1_000_000_000_000_000L, stat(core, e, "tokens"), "full, not beyond");
        core.clientReady(e);
        assertSame(e, core.schedule());
        charge(core, e, 1_005_000_000_000_000L); // -5·10^12
        core.clientReady(e);
        assertEquals(5_000_001, core.pollReady(), "5 s and 1 ns, in whole µs");
        now += 5_000_000_000L;
        assertEquals(1, core.pollReady());
        now += 1_000;
        assertEquals(0, core.pollReady());
        assertEquals(1_000_000L, stat(core, e, "tokens"));
    }

    /**
     * Two clients saturating one simulated core, dispatches of 5 units taking 1 µs: each is held to
     * its own rate, and the core is idle most of the time although both always have work.
     */
    @Test
    void twoClientsEachGetTheirOwnRate() {
        RateCore core = core(Parameters.of("burst", "10"));
        long start = now;
        RateCore.Entry fast = add(core, 1, "1000000", null);
        RateCore.Entry slow = add(core, 2, "300000", null);
        core.clientReady(fast);
        core.clientReady(slow);
        long busy = 0;
        while (now - start < 1_000_000_000L) {
            long poll = core.pollReady();
            if (poll > 0) {
                now += poll * 1000;
                continue;
            }
            RateCore.Entry e = core.schedule();
            now += 1_000;
            busy += 1_000;
            charge(core, e, 5);
            core.clientReady(e);
        }
        long seconds = (now - start) / 1_000_000_000L;
        long elapsedMicros = (now - start) / 1_000;
        long fastAllowed = 10 + elapsedMicros;           // 1 unit per µs
        long slowAllowed = 10 + 3 * elapsedMicros / 10;   // 0.3 unit per µs
        long fastGot = core.clientStatistics(fast).consumed();
        long slowGot = core.clientStatistics(slow).consumed();
        assertEquals(1, seconds);
        assertTrue(fastGot <= fastAllowed + 5 && fastGot >= fastAllowed - 10, "fast: " + fastGot + " of " + fastAllowed);
        assertTrue(slowGot <= slowAllowed + 5 && slowGot >= slowAllowed - 10, "slow: " + slowGot + " of " + slowAllowed);
        assertEquals(10L, stat(core, slow, "burst"), "the scheduler's default burst");
        assertTrue(busy < (now - start) / 2, "the core was busy " + busy + " ns of " + (now - start) + ": not work-conserving");
        assertTrue(stat(core, fast, "throttled_us") > 500_000, "throttled " + stat(core, fast, "throttled_us") + " µs");
    }

    @Test
    void eligibleClientsTakeTurns() {
        RateCore core = core(Parameters.EMPTY);
        RateCore.Entry a = add(core, 1, "1000", "15");
        RateCore.Entry b = add(core, 2, "1000", "100");
        RateCore.Entry c = add(core, 3, "1000", "100");
        core.clientReady(a);
        core.clientReady(b);
        core.clientReady(c);
        List<String> order = Dispatches.serve(core, 9, Metric.NBYTES, 10);
        // a has 15: eligible at 15 and 5, then at -5 it waits while b and c go on
        assertEquals(List.of("c1", "c2", "c3", "c1", "c2", "c3", "c2", "c3", "c2"), order);
    }

    @Test
    void aSuspendedClientDoesNotAccumulateBeyondBurst() {
        RateCore core = core(Parameters.EMPTY);
        RateCore.Entry e = add(core, 1, "1000000", "100");
        core.clientReady(e);
        assertSame(e, core.schedule());
        charge(core, e, 100);
        core.clientReady(e);
        core.clientSuspended(e);
        assertEquals(-1, core.pollReady());
        now += 10_000_000_000L; // 10 s suspended: 10 000 000 units would have come
        assertEquals(100, stat(core, e, "tokens"));
        assertEquals(0, stat(core, e, "throttled_us"), "suspended time is not throttled time");
        core.clientReady(e);
        long burst = 0;
        while (core.pollReady() == 0) { // no time passes
            assertSame(e, core.schedule());
            charge(core, e, 30);
            burst += 30;
            core.clientReady(e);
        }
        assertEquals(120, burst, "100 tokens admit four dispatches of 30 (100, 70, 40, 10 before each)");
        assertEquals(21, core.pollReady(), "-20 tokens at 1 per µs: eligible after 20.001 µs");
    }

    @Test
    void defaultsAndUpdates() {
        RateCore core = core(Parameters.of("rate", "5000"));
        RateCore.Entry dflt = core.addClient(new TestClient(1, "d"), Parameters.EMPTY);
        assertEquals(Map.of("tokens", 50L, "rate", 5000L, "burst", 50L, "throttled_us", 0L, "dispatches", 0L, "ready", 0L),
                core.clientStatistics(dflt).details(), "burst defaults to 10 ms worth of the rate");
        RateCore.Entry own = core.addClient(new TestClient(2, "o"), Parameters.of("rate", "100", "burst", "7", "priority", "3"));
        assertEquals(100L, stat(core, own, "rate"));
        assertEquals(7L, stat(core, own, "burst"), "keys for other schedulers are ignored");
        RateCore.Entry child = core.addClient(new TestClient(-1, "resource.x"), Parameters.of("share", "10000"));
        assertEquals(5000L, stat(core, child, "rate"), "a child scheduler with its cpushare gets the default rate");
        RateCore.Entry tiny = core.addClient(new TestClient(3, "t"), Parameters.of("rate", "99"));
        assertEquals(1L, stat(core, tiny, "burst"), "a bucket holds at least one unit");

        core.updateClient(own, Parameters.of("rate", "1000", "burst", "3"));
        assertEquals(3L, stat(core, own, "tokens"), "a smaller bucket spills");
        assertEquals(1000L, stat(core, own, "rate"));
        assertThrows(IllegalArgumentException.class, () -> core.updateClient(own, Parameters.of("rate", "0")));
        assertThrows(IllegalArgumentException.class, () -> core.updateClient(own, Parameters.of("rate", "10", "burst", "x")));
        assertEquals(1000L, stat(core, own, "rate"), "a refused update keeps the old bucket");
        assertEquals(3L, stat(core, own, "burst"));
        core.updateClient(own, Parameters.EMPTY);
        assertEquals(5000L, stat(core, own, "rate"), "without its own rate a client falls back to the default");
    }

    @Test
    void refusesBadParametersNamingTheValidOnes() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new RateFactory().create(Parameters.of("quantum", "3"), context(1)));
        assertTrue(unknown.getMessage().contains("\"quantum\"") && unknown.getMessage().contains("[burst, loadshare, rate, ttl]"),
                unknown.getMessage());
        for (String bad : List.of("0", "-5", "fast", "1.5", "1000000000000000001")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new RateFactory().create(Parameters.of("rate", bad), context(1)));
            assertTrue(e.getMessage().contains("rate=\"" + bad + "\"") && e.getMessage().contains("from 1 to"), e.getMessage());
        }
        IllegalArgumentException burst = assertThrows(IllegalArgumentException.class,
                () -> new RateFactory().create(Parameters.of("burst", "0"), context(1)));
        assertTrue(burst.getMessage().contains("burst=\"0\""), burst.getMessage());
        IllegalArgumentException policy = assertThrows(IllegalArgumentException.class,
                () -> new RateFactory().create(Parameters.of("rate", "1", "loadshare", "random"), context(1)));
        assertTrue(policy.getMessage().contains("fewest-clients") && policy.getMessage().contains("affinity-sticky"),
                policy.getMessage());

        RateCore core = core(Parameters.of("burst", "10"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> core.addClient(new TestClient(1, "norate"), Parameters.of("burst", "5")));
        assertTrue(none.getMessage().contains("\"norate\" has no rate") && none.getMessage().contains("rate=<units of nbytes per second>"),
                none.getMessage());
        IllegalArgumentException clientRate = assertThrows(IllegalArgumentException.class,
                () -> core.addClient(new TestClient(1, "x"), Parameters.of("rate", "-1")));
        assertTrue(clientRate.getMessage().contains("client parameter rate=\"-1\""), clientRate.getMessage());
    }

    @Test
    void loadShareByFewestClientsOrStickyToTheFirstCore() {
        Scheduler fewest = new RateScheduler(Parameters.of("rate", "10", "ttl", "250"), context(2), () -> now);
        RateCore c0 = (RateCore) fewest.initCore(0);
        fewest.initCore(1);
        RateCore.Entry x = c0.addClient(new TestClient(1, "x"), Parameters.EMPTY);
        assertEquals(1, fewest.loadShare(new LoadShareRequest(5, 9, 2, -1)).core());
        assertEquals(1, fewest.loadShare(new LoadShareRequest(5, 9, 2, 0)).core());
        assertEquals(250, fewest.loadShare(new LoadShareRequest(5, 9, 2, 0)).ttlMicros());
        c0.removeClient(x);
        assertEquals(0, fewest.loadShare(new LoadShareRequest(5, 9, 2, 0)).core());

        Scheduler sticky = new RateScheduler(Parameters.of("rate", "10", "loadshare", "affinity-sticky"), context(2), () -> now);
        RateCore s0 = (RateCore) sticky.initCore(0);
        sticky.initCore(1);
        s0.addClient(new TestClient(1, "x"), Parameters.EMPTY);
        assertEquals(1, sticky.loadShare(new LoadShareRequest(5, 9, 2, -1)).core());
        assertEquals(0, sticky.loadShare(new LoadShareRequest(5, 9, 2, 0)).core());
    }
}
