package org.omnikernel.scheduler.roundrobin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.scheduler.testkit.Dispatches;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.scheduler.testkit.TestClient;
import org.omnikernel.scheduler.testkit.TestContext;
import org.omnikernel.scheduler.testkit.Window;

class RoundRobinTest {

    private static SchedulerContext context(int cores) {
        return TestContext.of(cores, Metric.CPU);
    }

    @Test
    void servesReadyClientsInTurnAQuantumAtATime() {
        Scheduler s = new RoundRobinFactory().create(Parameters.of("quantum", "2"), context(1));
        RoundRobinCore core = (RoundRobinCore) s.initCore(0);
        RoundRobinCore.Entry a = core.addClient(new TestClient(1, "a"), Parameters.EMPTY);
        RoundRobinCore.Entry b = core.addClient(new TestClient(2, "b"), Parameters.EMPTY);
        assertEquals(-1, core.pollReady());
        core.clientReady(a);
        core.clientReady(b);
        List<String> order = Dispatches.serve(core, 8, Metric.CPU, 10);
        assertEquals(List.of("a", "a", "b", "b", "a", "a", "b", "b"), order);
        assertEquals(40, core.clientStatistics(a).consumed());
        assertEquals(Map.of("dispatches", 4L, "ready", 1L), core.clientStatistics(a).details());
        core.clientSuspended(a);
        core.removeClient(b);
        assertEquals(-1, core.pollReady(), "a suspended and a removed client are not ready");
        assertNull(core.schedule());
    }

    @Test
    void loadShareSendsANewLabelToTheCoreWithFewestClients() {
        Scheduler s = new RoundRobinFactory().create(Parameters.EMPTY, context(3));
        RoundRobinCore c0 = (RoundRobinCore) s.initCore(0);
        RoundRobinCore c1 = (RoundRobinCore) s.initCore(1);
        s.initCore(2);
        c0.addClient(new TestClient(1, "x"), Parameters.EMPTY);
        c0.addClient(new TestClient(2, "y"), Parameters.EMPTY);
        c1.addClient(new TestClient(3, "z"), Parameters.EMPTY);
        assertEquals(2, s.loadShare(new LoadShareRequest(5, 9, 3, -1)).core());
        assertEquals(1_000_000, s.loadShare(new LoadShareRequest(5, 9, 3, -1)).ttlMicros());
    }

    @Test
    void refusesUnknownAndOutOfRangeParameters() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new RoundRobinFactory().create(Parameters.of("weight", "3"), context(1)));
        assertTrue(unknown.getMessage().contains("\"weight\""), unknown.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new RoundRobinFactory().create(Parameters.of("quantum", "0"), context(1)));
        assertTrue(zero.getMessage().contains("quantum=0"), zero.getMessage());
    }

    /** Two activities that keep one core saturated get equal numbers of messages, CPU scheduler included. */
    @Test
    void saturatingActivitiesShareACoreEquallyInARealKernel() throws Exception {
        String xml = "<schedulerconfig batch='4'><cpuscheduler scheduler='roundrobin' core='0'/>"
                + "<resourcescheduler resource='*' scheduler='roundrobin' core='0'/></schedulerconfig>";
        Window run;
        Activity a;
        Activity b;
        try (KernelRig rig = KernelRig.boot(xml, 1, Set.of("resource.spin"), new RoundRobinFactory())) {
            rig.attachSpinner("resource.spin", 5_000);
            a = rig.createActivity("a", Parameters.EMPTY);
            b = rig.createActivity("b", Parameters.EMPTY);
            rig.fill("resource.spin", 8, a, b);
            KernelRig.spinFor(500_000_000L);
            run = rig.sinceBoot();
        }
        long ma = run.messages(a);
        long mb = run.messages(b);
        assertTrue(ma > 1000 && mb > 1000, "both ran: " + ma + ", " + mb);
        // Whoever was sent first runs alone until the other's first message arrives, which on a loaded
        // machine can be milliseconds; from then on round robin alternates batches of 4.
        assertTrue(Math.abs(ma - mb) <= Math.max(8, (ma + mb) / 100),
                "round robin keeps them within 1% (or two batches) of each other: " + ma + " vs " + mb);
    }
}
