package org.omnikernel.scheduler.priority;

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
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.scheduler.testkit.Dispatches;
import org.omnikernel.scheduler.testkit.TestClient;
import org.omnikernel.scheduler.testkit.TestContext;

/** The hooks of priority.strict, called as OKRT calls them on one core. */
class PriorityTest {

    static SchedulerContext context(int cores) {
        return TestContext.of(cores, Metric.CPU);
    }

    private static PriorityCore core(Parameters schedulerParameters) {
        return (PriorityCore) new PriorityFactory().create(schedulerParameters, context(1)).initCore(0);
    }

    private static PriorityCore.Entry add(PriorityCore core, long id, String label, Integer priority) {
        Parameters p = priority == null ? Parameters.EMPTY : Parameters.of("priority", priority.toString());
        return core.addClient(new TestClient(id, label), p);
    }

    /** n dispatches as OKRT does them for clients with work left: schedule, record, ready again. */
    private static List<String> run(PriorityCore core, int n) {
        return Dispatches.serve(core, n, Metric.CPU, 10);
    }

    @Test
    void theHighestReadyPriorityAlwaysRuns() {
        PriorityCore core = core(Parameters.EMPTY);
        PriorityCore.Entry low = add(core, 1, "low", -3);
        PriorityCore.Entry dflt = add(core, 2, "default", null);
        PriorityCore.Entry high = add(core, 3, "high", 5);
        assertEquals(-1, core.pollReady());
        assertNull(core.schedule());
        core.clientReady(low);
        core.clientReady(dflt);
        core.clientReady(high);
        assertEquals(List.of("high", "high", "high", "high"), run(core, 4));
        // high's work runs out: it is scheduled and not ready again
        assertSame(high, core.schedule());
        assertEquals(List.of("default", "default"), run(core, 2));
        assertSame(dflt, core.schedule());
        assertEquals(List.of("low", "low"), run(core, 2));
        assertSame(low, core.schedule());
        assertEquals(-1, core.pollReady());
        assertEquals(40, core.clientStatistics(high).consumed(), "four dispatches recorded 10 each; the fifth recorded nothing yet");
        assertEquals(Map.of("priority", 5L, "dispatches", 5L, "ready", 0L), core.clientStatistics(high).details());
        assertEquals(Map.of("priority", 0L, "dispatches", 3L, "ready", 0L), core.clientStatistics(dflt).details());
    }

    @Test
    void equalPrioritiesTakeTurnsInArrivalOrder() {
        PriorityCore core = core(Parameters.EMPTY);
        PriorityCore.Entry c = add(core, 3, "c", 2);
        PriorityCore.Entry a = add(core, 1, "a", 2);
        PriorityCore.Entry b = add(core, 2, "b", 2);
        PriorityCore.Entry lower = add(core, 4, "lower", 1);
        core.clientReady(lower);
        core.clientReady(a);
        core.clientReady(b);
        core.clientReady(c);
        core.clientReady(a); // ready twice in a row counts once
        assertEquals(List.of("a", "b", "c", "a", "b", "c", "a"), run(core, 7));
    }

    @Test
    void clientsArriveAndLeave() {
        PriorityCore core = core(Parameters.EMPTY);
        PriorityCore.Entry one = add(core, 1, "one", 1);
        PriorityCore.Entry two = add(core, 2, "two", 2);
        core.clientReady(one);
        core.clientReady(two);
        assertEquals(List.of("two", "two"), run(core, 2));
        PriorityCore.Entry nine = add(core, 9, "nine", 9);
        assertEquals(List.of("two"), run(core, 1), "a client that has not become ready yet is not served");
        core.clientReady(nine);
        assertEquals(List.of("nine", "nine"), run(core, 2), "a higher priority that arrives runs next");
        core.removeClient(nine);
        assertEquals(List.of("two"), run(core, 1));
        core.removeClient(two);
        assertEquals(List.of("one", "one"), run(core, 2));
        PriorityCore.Entry peer = add(core, 5, "peer", 1);
        core.clientReady(peer);
        assertEquals(List.of("one", "peer", "one", "peer"), run(core, 4), "an arriving equal joins the back of the turn");
        core.removeClient(one);
        core.removeClient(peer);
        assertEquals(-1, core.pollReady());
        assertNull(core.schedule());
    }

    @Test
    void suspendedClientsAreSkippedAndLowerPrioritiesServed() {
        PriorityCore core = core(Parameters.EMPTY);
        PriorityCore.Entry high = add(core, 1, "high", 10);
        PriorityCore.Entry high2 = add(core, 2, "high2", 10);
        PriorityCore.Entry low = add(core, 3, "low", -10);
        core.clientReady(high);
        core.clientReady(high2);
        core.clientReady(low);
        core.clientSuspended(high);
        assertEquals(List.of("high2", "high2"), run(core, 2));
        core.clientSuspended(high2);
        core.clientSuspended(high2); // suspending a client that is not ready changes nothing
        assertEquals(List.of("low", "low"), run(core, 2));
        core.clientReady(high);
        assertEquals(List.of("high", "high"), run(core, 2), "ready again: high runs before low again");
        core.clientSuspended(high);
        core.clientSuspended(low);
        assertEquals(-1, core.pollReady());
        assertNull(core.schedule());
    }

    @Test
    void updateClientMovesAReadyClientToItsNewPriority() {
        PriorityCore core = core(Parameters.EMPTY);
        PriorityCore.Entry a = add(core, 1, "a", 1);
        PriorityCore.Entry b = add(core, 2, "b", 2);
        core.clientReady(a);
        core.clientReady(b);
        assertEquals(List.of("b"), run(core, 1));
        core.updateClient(a, Parameters.of("priority", "3"));
        assertEquals(List.of("a", "a"), run(core, 2));
        core.updateClient(a, Parameters.EMPTY);
        assertEquals(List.of("b", "b"), run(core, 2), "without a priority parameter a client has priority 0");
        assertEquals(0L, core.clientStatistics(a).details().get("priority"));
        PriorityCore.Entry idle = add(core, 3, "idle", 0);
        core.updateClient(idle, Parameters.of("priority", "100"));
        assertEquals(List.of("b"), run(core, 1), "updating a client that is not ready does not make it ready");
    }

    @Test
    void refusesBadParametersNamingTheValidOnes() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new PriorityFactory().create(Parameters.of("quantum", "3"), context(1)));
        assertTrue(unknown.getMessage().contains("\"quantum\"") && unknown.getMessage().contains("loadshare")
                && unknown.getMessage().contains("ttl"), unknown.getMessage());
        IllegalArgumentException policy = assertThrows(IllegalArgumentException.class,
                () -> new PriorityFactory().create(Parameters.of("loadshare", "random"), context(1)));
        assertTrue(policy.getMessage().contains("loadshare=\"random\"") && policy.getMessage().contains("fewest-clients")
                && policy.getMessage().contains("affinity-sticky"), policy.getMessage());
        IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class,
                () -> new PriorityFactory().create(Parameters.of("ttl", "0"), context(1)));
        assertTrue(ttl.getMessage().contains("ttl=0"), ttl.getMessage());

        PriorityCore core = core(Parameters.EMPTY);
        for (String bad : List.of("1001", "-1001", "high", "2.5", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> core.addClient(new TestClient(1, "x"), Parameters.of("priority", bad)));
            assertTrue(e.getMessage().contains("priority=\"" + bad + "\"") && e.getMessage().contains("-1000 to 1000"),
                    e.getMessage());
        }
        assertEquals(1000L, core.clientStatistics(add(core, 2, "max", 1000)).details().get("priority"));
        assertEquals(-1000L, core.clientStatistics(add(core, 3, "min", -1000)).details().get("priority"));

        PriorityCore.Entry a = add(core, 4, "a", 7);
        PriorityCore.Entry b = add(core, 5, "b", 6);
        core.clientReady(b);
        core.clientReady(a);
        assertThrows(IllegalArgumentException.class, () -> core.updateClient(a, Parameters.of("priority", "5000")));
        assertEquals(7L, core.clientStatistics(a).details().get("priority"), "a refused update keeps the old priority");
        assertEquals(List.of("a", "a"), run(core, 2), "and the client stays where it was");
    }

    @Test
    void ignoresParametersMeantForOtherSchedulers() {
        PriorityCore core = core(Parameters.EMPTY);
        // a child scheduler at the CPU scheduler brings its cpushare as "share"; an activity may carry
        // parameters for the other resources it uses
        PriorityCore.Entry child = core.addClient(new TestClient(-1, "resource.x"), Parameters.of("share", "10000"));
        PriorityCore.Entry activity = core.addClient(new TestClient(2, "a"), Parameters.of("rate", "100", "priority", "3"));
        assertEquals(0L, core.clientStatistics(child).details().get("priority"));
        assertEquals(3L, core.clientStatistics(activity).details().get("priority"));
    }

    @Test
    void loadShareByFewestClientsOrStickyToTheFirstCore() {
        Scheduler fewest = new PriorityFactory().create(Parameters.of("ttl", "500"), context(3));
        PriorityCore c0 = (PriorityCore) fewest.initCore(0);
        PriorityCore c1 = (PriorityCore) fewest.initCore(1);
        fewest.initCore(2);
        c0.addClient(new TestClient(1, "x"), Parameters.EMPTY);
        c0.addClient(new TestClient(2, "y"), Parameters.EMPTY);
        PriorityCore.Entry z = c1.addClient(new TestClient(3, "z"), Parameters.EMPTY);
        assertEquals(2, fewest.loadShare(new LoadShareRequest(5, 9, 3, -1)).core());
        assertEquals(500, fewest.loadShare(new LoadShareRequest(5, 9, 3, -1)).ttlMicros());
        assertEquals(2, fewest.loadShare(new LoadShareRequest(5, 9, 3, 0)).core(), "an expired label moves to a less loaded core");
        c1.removeClient(z);
        assertEquals(1, fewest.loadShare(new LoadShareRequest(5, 9, 3, 1)).core(), "its previous core wins a tie");

        Scheduler sticky = new PriorityFactory().create(Parameters.of("loadshare", "affinity-sticky"), context(2));
        PriorityCore s0 = (PriorityCore) sticky.initCore(0);
        sticky.initCore(1);
        s0.addClient(new TestClient(1, "x"), Parameters.EMPTY);
        assertEquals(1, sticky.loadShare(new LoadShareRequest(5, 9, 2, -1)).core(), "a first mapping goes to the emptier core");
        assertEquals(0, sticky.loadShare(new LoadShareRequest(5, 9, 2, 0)).core(), "a mapped label stays");
        assertEquals(1_000_000, sticky.loadShare(new LoadShareRequest(5, 9, 2, 0)).ttlMicros());
        assertTrue(sticky.describe().contains("affinity-sticky"), sticky.describe());
    }
}
