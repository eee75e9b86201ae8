package org.omnikernel.scheduler.testkit;

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
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;

/** The kit against OKRT's own {@code okrt.fifo}, which serves ready clients in arrival order. */
class TestKitTest {

    private static CoreScheduler<?> fifoCore() {
        return new FifoScheduler().create(Parameters.EMPTY, TestContext.of(1, Metric.CPU)).initCore(0);
    }

    @Test
    void aTestClientIsTheQueueOfItsActivityWithOneMessage() {
        assertEquals(new TestClient(7, "x", 7, 1), new TestClient(7, "x"));
        assertEquals(new TestContext("resource.test", 2, Metric.NBYTES), TestContext.of(2, Metric.NBYTES));
    }

    @Test
    void dispatchesServeEveryReadyClientAgainAndAgain() {
        servesInTurn(fifoCore());
    }

    private static <S extends ClientState> void servesInTurn(CoreScheduler<S> core) {
        S a = core.addClient(new TestClient(1, "a"), Parameters.EMPTY);
        S b = core.addClient(new TestClient(2, "b"), Parameters.EMPTY);
        core.clientReady(a);
        core.clientReady(b);
        List<String> order = Dispatches.serve(core, 5, Metric.CPU, 10);
        assertEquals(List.of("a", "b", "a", "b", "a"), order);
        assertEquals(Map.of("a", 3L, "b", 2L), Dispatches.countByLabel(order));
        assertEquals(30, core.clientStatistics(a).consumed());
        core.clientSuspended(a);
        core.clientSuspended(b);
        assertThrows(AssertionError.class, () -> Dispatches.serve(core, 1, Metric.CPU, 10), "nothing is ready");
    }

    @Test
    void aSimulatedCoreReadiesOnlyBackloggedClientsAndKeepsTheirAccounts() {
        simulates(fifoCore());
    }

    private static <S extends ClientState> void simulates(CoreScheduler<S> fifo) {
        SimulatedCore<S> sim = new SimulatedCore<>(fifo, Metric.CPU, 100);
        S a = sim.add("a", Parameters.EMPTY);
        S b = sim.add("b", Parameters.EMPTY);
        sim.cost(e -> e == b ? 300 : 100);
        sim.ready(a);
        sim.ready(b);
        assertEquals(Map.of(a, 2, b, 2), sim.dispatches(4));
        Map<S, Long> mark = sim.served();
        sim.lastDispatch(a);
        sim.dispatches(3);
        assertEquals("abababb", SimulatedCore.labels(sim.order()), "a's last dispatch, then b alone");
        assertEquals(300, sim.served(a));
        assertEquals(1200, sim.served(b));
        assertEquals(300, sim.largest(b));
        assertEquals(100.0 / 700, sim.fraction(a, mark), 1e-12);
        sim.charge(a, 500);
        assertEquals(800, sim.served(a));
        sim.remove(b);
        assertThrows(AssertionError.class, sim::step, "nothing ready");
        assertThrows(IllegalStateException.class, sim::nanos, "no clock");
    }

    @Test
    void onAClockASimulatedCoreIdlesUntilPollReadysTimeAndDispatchesTakeTheirTime() {
        ManualClock clock = new ManualClock(1_000);
        CoreScheduler<?> fifo = fifoCore();
        clocked(fifo, clock);
        assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
    }

    private static <S extends ClientState> void clocked(CoreScheduler<S> fifo, ManualClock clock) {
        SimulatedCore<S> sim = new SimulatedCore<>(fifo, Metric.NBYTES, 5, clock, units -> units * 1000);
        S a = sim.add("a", Parameters.EMPTY);
        sim.ready(a);
        assertEquals(Map.of(a, 3), sim.dispatches(3));
        assertEquals(16_000, sim.nanos(), "three dispatches of 5 µs after 1 µs");
        assertEquals(0, sim.idleNanos());
        sim.suspend(a);
        assertEquals(-1, sim.core().pollReady());
        assertNull(sim.core().schedule());
    }

    @Test
    void aWindowSubtractsTheEarlierSnapshotAndCountsWhatItLacksFromZero() {
        Activity a = activity(1, "a");
        Activity b = activity(2, "b");
        KernelSnapshot from = snapshot(1_000, 400, List.of(stats(1, 10, 1_000)));
        KernelSnapshot to = snapshot(6_000, 2_400, List.of(stats(1, 30, 4_000), stats(2, 5, 1_000)));
        Window w = new Window(from, to);
        assertEquals(5_000, w.nanos());
        assertEquals(2_000, w.idleNanos(0));
        assertEquals(20, w.messages(a));
        assertEquals(5, w.messages(b), "b was not there before: from 0");
        Shares cpu = w.cpuShares(a, b);
        assertEquals(3_000, cpu.amount(0));
        assertEquals(4_000, cpu.total());
        assertEquals(0.75, cpu.fraction(0));
        assertEquals(25.0, cpu.percent(1));
        assertThrows(AssertionError.class, () -> w.cpuNanos(activity(3, "gone")));
    }

    /** A real kernel under okrt.fifo: a spinner keeps looping for one activity after it stops for another. */
    @Test
    void aKernelRigRunsSpinnersThatStopPerActivityAndAllAtOnce() throws Exception {
        String xml = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo' core='0'/></schedulerconfig>";
        try (KernelRig rig = KernelRig.boot(xml, 1, Set.of("resource.spin"), new FifoScheduler())) {
            Spinner spin = rig.attachSpinner("resource.spin", 2_000);
            Activity a = rig.startActivity("a", Parameters.EMPTY, "resource.spin", 4);
            Activity b = rig.createActivity("b", Parameters.EMPTY);
            rig.fill("resource.spin", new long[] {5, 6}, b);
            rig.await("both to run 1 000 messages", () -> rig.sinceBoot().messageShares(a, b).amount(1) >= 1_000
                    && rig.statistics().activity(a.id()).messages() >= 1_000);
            spin.stop(a.id());
            rig.await("a's queue to drain", () -> rig.statistics().activity(a.id()).queued() == 0);
            // one core: once b has run on, a's last dispatch is over and counted
            long bDrained = rig.statistics().activity(b.id()).messages();
            rig.await("b to run on", () -> rig.statistics().activity(b.id()).messages() > bDrained + 100);
            KernelSnapshot stopped = rig.statistics();
            long bBefore = stopped.activity(b.id()).messages();
            rig.await("b to run on", () -> rig.statistics().activity(b.id()).messages() > bBefore + 1_000);
            Window after = rig.since(stopped);
            assertEquals(0, after.messages(a), "a's loop ended");
            assertTrue(after.cpuNanos("resource.spin") > 0);
            assertEquals(KernelRig.client(after.to(), "resource.spin", b).activityId(), b.id());
            assertThrows(AssertionError.class, () -> rig.send(b, "resource.none", 0), "no such resource");
        }
    }

    @Test
    void aRefusedGridFailsTheTest() {
        assertThrows(AssertionError.class, () -> KernelRig.boot("<schedulerconfig><cpuscheduler scheduler='nope' core='0'/>"
                + "</schedulerconfig>", 1, Set.of(), new FifoScheduler()));
    }

    private static KernelSnapshot snapshot(long nanos, long idle, List<ActivityStatistics> activities) {
        return new KernelSnapshot(nanos, List.of(new CoreStatistics(0, nanos, 0, 0, idle, 0, 0, 0, 0, 0)), List.of(),
                activities, List.of(), 0);
    }

    private static ActivityStatistics stats(long id, long messages, long cpuNanos) {
        return new ActivityStatistics(id, "a" + id, messages, cpuNanos, 0, 0, 0, 0, 1);
    }

    /** An activity as the kernel names it; the window looks activities up by id. */
    private record NamedActivity(long id, String name, Parameters parameters, boolean isAlive) implements Activity {
    }

    private static Activity activity(long id, String name) {
        return new NamedActivity(id, name, Parameters.EMPTY, true);
    }
}
