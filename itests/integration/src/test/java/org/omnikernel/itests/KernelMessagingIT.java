package org.omnikernel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.omnikernel.itest.ping.api.PingProbe.PING;
import static org.omnikernel.itest.ping.api.PingProbe.PONG;
import static org.omnikernel.itest.ping.api.PingProbe.START;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.omnikernel.itest.ping.api.FlowCounts;
import org.omnikernel.itest.ping.api.PingProbe;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.KernelStatus;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * OKRT booted on Felix from the real bundles, with resource.ping and resource.pong under roundrobin
 * on two cores. The tests share one framework (and may run in any order), so each uses activities of
 * its own and compares resource figures with a snapshot taken before it sent anything.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KernelMessagingIT {

    static final String CONFIG_FILE = "roundrobin-schedulerconfig.xml";
    static final String CONFIG = """
            <?xml version="1.0"?>
            <!-- the CPU and every resource under roundrobin, on every core -->
            <schedulerconfig batch="8">
              <cpuscheduler scheduler="roundrobin" core="0-?"/>
              <resourcescheduler resource="*" metric="cpu" scheduler="roundrobin" core="0-?" cpushare="10000"/>
            </schedulerconfig>
            """;

    private static final String PONG_BUNDLE = "org.omnikernel.itest.pong";

    private Okrt okrt;
    private PingProbe probe;

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig(CONFIG_FILE, CONFIG);
        // Grace 0: a stopped resource bundle is detached at once and its senders told (ResourceUpdateIT
        // covers the grace period).
        return org.ops4j.pax.exam.CoreOptions.options(org.ops4j.pax.exam.CoreOptions.composite(Itest.kernelFramework(file)),
                org.ops4j.pax.exam.CoreOptions.systemProperty(Itest.GRACE_PROPERTY).value("0"));
    }

    @Before
    public void kernelAndResources() {
        okrt = Itest.service(Okrt.class);
        probe = Itest.service(PingProbe.class);
        Itest.await("resource.ping and resource.pong attached",
                () -> okrt.resourceId(PING).isPresent() && okrt.resourceId(PONG).isPresent(),
                () -> "attached: " + okrt.statistics().resources());
    }

    /** A test that failed while resource.pong's bundle was stopped must not take the others down with it. */
    @After
    public void pongBundleIsActiveAgain() throws Exception {
        Bundle pongBundle = Itest.installedBundle(PONG_BUNDLE);
        if (pongBundle.getState() != Bundle.ACTIVE) {
            pongBundle.start();
        }
    }

    @Test
    public void kernelBootsWithRealBundlesAndReportsRunning() {
        ServiceReference<KernelStatus> ref = Itest.awaitService(KernelStatus.class, null);
        assertEquals("running", ref.getProperty(KernelStatus.STATE));
        assertEquals("", ref.getProperty(KernelStatus.ERROR));
        KernelStatus status = Itest.context().getService(ref);
        assertEquals("running", status.state());
        String summary = (String) ref.getProperty(KernelStatus.SUMMARY);
        assertTrue("the summary names our configuration file: " + summary, summary.contains(CONFIG_FILE));
        assertTrue("the CPU runs under roundrobin: " + summary, summary.contains("cpu scheduler: roundrobin"));

        assertNotNull("Okrt is registered", Itest.context().getServiceReference(Okrt.class));
        assertEquals("omnikernel.cores=2", 2, okrt.cores());
        assertTrue(okrt.resourceId(PING).isPresent());
        assertTrue(okrt.resourceId(PONG).isPresent());

        KernelSnapshot s = okrt.statistics();
        for (String name : new String[] {PING, PONG}) {
            ResourceStatistics r = current(s, name);
            assertTrue(name + " attached", r.attached());
            assertEquals(name + " is governed by the resource=\"*\" entry", "roundrobin", r.scheduler());
        }
        assertEquals("a core per configured core", 2, s.cores().size());
    }

    /** The Gogo commands are found by their service properties, as the shell finds them. */
    @Test
    public void okrtStatsCommandPrintsTheSnapshotTables() throws Exception {
        ServiceReference<?>[] refs = Itest.context().getServiceReferences((String) null,
                "(&(osgi.command.scope=okrt)(osgi.command.function=stats))");
        assertNotNull("okrt:stats is registered", refs);
        Object commands = Itest.context().getService(refs[0]);
        String stats = (String) commands.getClass().getMethod("stats").invoke(commands);
        assertTrue(stats, stats.contains("unacct_ns") && stats.contains(PING) && stats.contains(PONG));
        String grid = (String) commands.getClass().getMethod("grid").invoke(commands);
        // GridSnapshot.dump(): cores first, then the CPU scheduler with resource schedulers indented below
        assertTrue(grid, grid.startsWith("core 0") && grid.contains("\nokrt.cpu  roundrobin")
                && grid.contains("\n  " + PING + "  roundrobin") && grid.contains("\n  " + PONG + "  roundrobin"));
    }

    @Test
    public void twoActivitiesExchangeMessagesAndStatisticsMatchWhatWasSent() throws Exception {
        int pingId = okrt.resourceId(PING).orElseThrow();
        int pongId = okrt.resourceId(PONG).orElseThrow();
        KernelSnapshot before = okrt.statistics();
        ResourceStatistics ping0 = byId(before, pingId);
        ResourceStatistics pong0 = byId(before, pongId);

        Activity a = okrt.createActivity("itest-a", Parameters.EMPTY);
        Activity b = okrt.createActivity("itest-b", Parameters.EMPTY);
        assertEquals(SendResult.OK, okrt.send(a, PING, START, 1L, 1000));
        assertEquals(SendResult.OK, okrt.send(b, PING, START, 2L, 600));

        Itest.await("ping received 1000 PONGs for A and 600 for B",
                () -> probe.counts(a.id()).pongs() == 1000 && probe.counts(b.id()).pongs() == 600,
                () -> "A " + probe.counts(a.id()) + ", B " + probe.counts(b.id()));
        FlowCounts ca = probe.counts(a.id());
        FlowCounts cb = probe.counts(b.id());
        assertEquals(new FlowCounts(1000, 1000, 1000, 0, 0, 0, false, "", ""), ca);
        assertEquals(new FlowCounts(600, 600, 600, 0, 0, 0, false, "", ""), cb);

        // A core counts a message once its handler has returned: wait for the figures to reach what
        // was sent, then demand exactly that.
        AtomicReference<KernelSnapshot> last = new AtomicReference<>();
        Itest.await("statistics reach the messages sent", () -> {
            KernelSnapshot s = okrt.statistics();
            last.set(s);
            return byId(s, pongId).messages() - pong0.messages() >= 1600
                    && byId(s, pingId).messages() - ping0.messages() >= 2 + 1600
                    && s.activity(a.id()).messages() >= 1 + 1000 + 1000
                    && s.activity(b.id()).messages() >= 1 + 600 + 600
                    && nothingQueued(s);
        }, () -> String.valueOf(last.get()));
        KernelSnapshot s = last.get();
        ResourceStatistics ping1 = byId(s, pingId);
        ResourceStatistics pong1 = byId(s, pongId);
        ActivityStatistics sa = s.activity(a.id());
        ActivityStatistics sb = s.activity(b.id());

        assertEquals("resource.pong ran one PING per PONG", 1600, pong1.messages() - pong0.messages());
        assertEquals("resource.ping ran 2 STARTs and 1600 PONGs", 2 + 1600, ping1.messages() - ping0.messages());
        assertEquals("A: START, 1000 PINGs, 1000 PONGs", 1 + 1000 + 1000, sa.messages());
        assertEquals("B: START, 600 PINGs, 600 PONGs", 1 + 600 + 600, sb.messages());
        assertTrue("A was charged CPU time: " + sa, sa.cpuNanos() > 0);
        assertTrue("B was charged CPU time: " + sb, sb.cpuNanos() > 0);
        assertTrue("resource.ping was charged CPU time", ping1.cpuNanos() - ping0.cpuNanos() > 0);
        assertTrue("resource.pong was charged CPU time", pong1.cpuNanos() - pong0.cpuNanos() > 0);
        long handlerNanos = s.cores().stream().mapToLong(CoreStatistics::handlerNanos).sum();
        assertTrue("handler time attributed to A and B (" + (sa.cpuNanos() + sb.cpuNanos())
                + " ns) fits in the cores' handler time (" + handlerNanos + " ns)",
                sa.cpuNanos() + sb.cpuNanos() <= handlerNanos);
        assertTrue("allocations are measured (com.sun.management exported to HAL): " + sa, sa.memoryBytes() > 0);
        assertTrue("A has request queues at both resources: " + sa, sa.queues() >= 2);
        assertTrue("no message is waiting anywhere: " + s, nothingQueued(s));
        assertEquals("no failure", 0, pong1.failures() + ping1.failures() - pong0.failures() - ping0.failures());
        assertEquals("every PING's closure was invoked", before.liveClosures(), s.liveClosures());

        terminate(a);
        terminate(b);
    }

    @Test
    public void stoppingABundleGivesItsSendersAnErrorAndLeaksNothing() throws Exception {
        Bundle pongBundle = Itest.installedBundle(PONG_BUNDLE);
        int pingId = okrt.resourceId(PING).orElseThrow();
        int pongId = okrt.resourceId(PONG).orElseThrow();
        KernelSnapshot before = okrt.statistics();
        long closuresBefore = before.liveClosures();

        Activity steady = okrt.createActivity("itest-steady", Parameters.EMPTY);
        assertEquals(SendResult.OK, okrt.send(steady, PING, START, 3L, 50_000_000));
        Itest.await("the flow is under way", () -> probe.counts(steady.id()).pongs() >= 20L * PingProbe.WINDOW,
                () -> String.valueOf(probe.counts(steady.id())));
        assertFalse("nothing failed while resource.pong was there", probe.counts(steady.id()).halted());

        pongBundle.stop();

        assertTrue("resource.pong is detached once its bundle has stopped", okrt.resourceId(PONG).isEmpty());
        SendResult afterStop = okrt.send(steady, PONG, "PING", 3L, 1, null);
        assertEquals(afterStop.toString(), SendResult.Status.NO_SUCH_RESOURCE, afterStop.status());
        assertTrue("the error names the destination: " + afterStop, afterStop.detail().contains(PONG));

        Itest.await("every PING is accounted for as a PONG, an undeliverable notice or a failed send, and every"
                + " closure of a PING that did not run is destroyed", () -> {
                    FlowCounts c = probe.counts(steady.id());
                    return c.halted() && c.settled() && c.closuresDestroyed() == c.undeliverable() + c.failedSends();
                }, () -> String.valueOf(probe.counts(steady.id())));
        FlowCounts c = probe.counts(steady.id());
        assertEquals(c.toString(), c.attempted(), c.pongs() + c.undeliverable() + c.failedSends());
        assertEquals("no closure is left alive", closuresBefore, okrt.statistics().liveClosures());
        assertTrue("ping learnt that resource.pong went away: " + c, c.undeliverable() + c.failedSends() > 0);
        if (c.failedSends() > 0) {
            assertTrue(c.lastFailure(), c.lastFailure().startsWith("NO_SUCH_RESOURCE") && c.lastFailure().contains(PONG));
        }
        if (c.undeliverable() > 0) {
            assertTrue(c.lastUndeliverableReason(), c.lastUndeliverableReason().contains(PONG));
        }

        KernelSnapshot s = okrt.statistics();
        ResourceStatistics gone = byId(s, pongId);
        assertFalse("resource.pong shows as detached: " + gone, gone.attached());
        assertEquals("resource.pong has no request queue left: " + gone, 0, gone.queues());
        assertEquals("resource.pong has no message left: " + gone, 0, gone.queued());
        assertEquals("each PING discarded at resource.pong was reported to ping: " + gone + " vs " + c,
                c.undeliverable(), gone.undeliverable());
        assertEquals("resource.pong ran exactly the PINGs that ping got PONGs for",
                c.pongs(), gone.messages() - byId(before, pongId).messages());
        assertEquals("no notice to ping had to be dropped", byId(before, pingId).undeliverable(),
                byId(s, pingId).undeliverable());
        ActivityStatistics as = s.activity(steady.id());
        assertNotNull(as);
        assertEquals("the activity has nothing waiting: " + as, 0, as.queued());

        terminate(steady);
        assertFalse("terminated activity is gone from activities()",
                okrt.activities().stream().anyMatch(x -> x.id() == steady.id()));
        KernelSnapshot afterTerminate = okrt.statistics();
        assertNull("terminated activity is gone from statistics", afterTerminate.activity(steady.id()));
        assertEquals("no closure leaked", closuresBefore, afterTerminate.liveClosures());

        restartPongAndSeeTrafficFlow(pongBundle, pongId, closuresBefore);
    }

    @Test
    public void messagesQueuedAtAStoppedBundleComeBackToTheirSenderAsUndeliverable() throws Exception {
        Bundle pongBundle = Itest.installedBundle(PONG_BUNDLE);
        int pingId = okrt.resourceId(PING).orElseThrow();
        int pongId = okrt.resourceId(PONG).orElseThrow();
        KernelSnapshot before = okrt.statistics();
        long closuresBefore = before.liveClosures();
        int window = PingProbe.WINDOW;

        Activity held = okrt.createActivity("itest-held", Parameters.EMPTY);
        assertEquals(SendResult.OK, okrt.send(held, PING, START, 5L, 50_000_000));
        Itest.await("the flow is under way", () -> probe.counts(held.id()).pongs() >= 4L * window,
                () -> String.valueOf(probe.counts(held.id())));
        // pong rejects every PING from now on; OKRT suspends it and the whole window piles up there
        assertEquals(SendResult.OK, okrt.send(held, PONG, "HOLD", 5L));
        AtomicReference<KernelSnapshot> last = new AtomicReference<>();
        Itest.await("the whole window of " + window + " PINGs waits at the suspended resource.pong", () -> {
            KernelSnapshot k = okrt.statistics();
            last.set(k);
            FlowCounts c = probe.counts(held.id());
            return byId(k, pongId).queued() == window && c.attempted() - c.pongs() == window;
        }, () -> probe.counts(held.id()) + " " + byId(last.get(), pongId));
        FlowCounts atStop = probe.counts(held.id());
        ResourceStatistics pongAtStop = byId(last.get(), pongId);
        assertTrue("resource.pong rejected the PING it was given after HOLD: " + pongAtStop, pongAtStop.rejected() >= 1);

        pongBundle.stop();

        Itest.await("ping got a notice for every queued PING, whose closure OKRT destroyed",
                () -> probe.counts(held.id()).undeliverable() == window && probe.counts(held.id()).closuresDestroyed() == window,
                () -> String.valueOf(probe.counts(held.id())));
        FlowCounts c = probe.counts(held.id());
        assertEquals("nothing was answered or sent after the stop: " + c,
                new FlowCounts(50_000_000, atStop.attempted(), atStop.pongs(), window, 0, c.closuresDestroyed(), true, "",
                        c.lastUndeliverableReason()), c);
        assertTrue("the notice says why: " + c.lastUndeliverableReason(),
                c.lastUndeliverableReason().contains(PONG) && c.lastUndeliverableReason().contains("detached"));

        KernelSnapshot s = okrt.statistics();
        ResourceStatistics gone = byId(s, pongId);
        assertFalse("resource.pong shows as detached: " + gone, gone.attached());
        assertEquals("resource.pong has no request queue left: " + gone, 0, gone.queues());
        assertEquals("resource.pong has no message left: " + gone, 0, gone.queued());
        assertEquals("resource.pong counts the discarded PINGs: " + gone, window, gone.undeliverable());
        assertEquals("resource.pong ran the PINGs answered, and HOLD: " + gone,
                c.pongs() + 1, gone.messages() - byId(before, pongId).messages());
        assertEquals("rejections survive the detach in the resource's totals: " + gone,
                pongAtStop.rejected(), gone.rejected() - byId(before, pongId).rejected());
        assertEquals("every notice reached ping", byId(before, pingId).undeliverable(), byId(s, pingId).undeliverable());

        // ping's next send to the detached resource fails at once, and it says so
        assertEquals(SendResult.OK, okrt.send(held, PING, START, 5L, 10));
        Itest.await("ping's send to the detached resource.pong failed", () -> probe.counts(held.id()).failedSends() == 1,
                () -> String.valueOf(probe.counts(held.id())));
        FlowCounts failed = probe.counts(held.id());
        assertEquals("one attempt, refused: " + failed, c.attempted() + 1, failed.attempted());
        assertTrue(failed.lastFailure(), failed.lastFailure().startsWith("NO_SUCH_RESOURCE") && failed.lastFailure().contains(PONG));
        assertTrue("every PING is accounted for: " + failed, failed.settled());
        assertEquals("ping destroyed the refused PING's closure itself", window + 1, failed.closuresDestroyed());
        assertEquals("no closure is left alive", closuresBefore, okrt.statistics().liveClosures());

        terminate(held);
        assertFalse(okrt.activities().stream().anyMatch(x -> x.id() == held.id()));
        assertEquals("no closure leaked", closuresBefore, okrt.statistics().liveClosures());

        restartPongAndSeeTrafficFlow(pongBundle, pongId, closuresBefore);
    }

    /**
     * An activity's figures never go backwards: what a resource ran for it stays counted after the
     * resource detaches and its queues are destroyed.
     */
    @Test
    public void activityKeepsWhatItWasChargedWhenAResourceItUsedIsDetached() throws Exception {
        Bundle pongBundle = Itest.installedBundle(PONG_BUNDLE);
        int pongId = okrt.resourceId(PONG).orElseThrow();
        long closuresBefore = okrt.statistics().liveClosures();
        Activity a = okrt.createActivity("itest-charged", Parameters.EMPTY);
        assertEquals(SendResult.OK, okrt.send(a, PING, START, 6L, 300));
        AtomicReference<KernelSnapshot> last = new AtomicReference<>();
        Itest.await("A ran START, 300 PINGs and 300 PONGs", () -> {
            KernelSnapshot k = okrt.statistics();
            last.set(k);
            return k.activity(a.id()).messages() == 1 + 300 + 300 && k.activity(a.id()).queued() == 0;
        }, () -> String.valueOf(last.get().activity(a.id())));
        ActivityStatistics charged = last.get().activity(a.id());

        pongBundle.stop();
        ActivityStatistics afterDetach = okrt.statistics().activity(a.id());
        terminate(a);
        restartPongAndSeeTrafficFlow(pongBundle, pongId, closuresBefore);
        assertEquals("messages run for A stay counted after resource.pong detached: " + charged + " -> " + afterDetach,
                charged.messages(), afterDetach.messages());
        assertTrue("CPU time charged to A stays charged: " + charged + " -> " + afterDetach,
                afterDetach.cpuNanos() >= charged.cpuNanos());
    }

    /** Starts the pong bundle again and checks that a new flow runs through the new attachment. */
    private void restartPongAndSeeTrafficFlow(Bundle pongBundle, int oldPongId, long closuresBefore) throws Exception {
        pongBundle.start();
        Itest.await("resource.pong is attached again", () -> okrt.resourceId(PONG).isPresent(),
                () -> String.valueOf(okrt.statistics().resources()));
        int newPongId = okrt.resourceId(PONG).orElseThrow();
        assertNotEquals("a re-attached resource gets a new id", oldPongId, newPongId);

        Activity again = okrt.createActivity("itest-again", Parameters.EMPTY);
        assertEquals(SendResult.OK, okrt.send(again, PING, START, 4L, 500));
        Itest.await("traffic flows to the restarted resource.pong", () -> probe.counts(again.id()).pongs() == 500,
                () -> String.valueOf(probe.counts(again.id())));
        assertEquals(new FlowCounts(500, 500, 500, 0, 0, 0, false, "", ""), probe.counts(again.id()));
        AtomicReference<KernelSnapshot> last = new AtomicReference<>();
        Itest.await("the new resource.pong's statistics count the 500 PINGs", () -> {
            KernelSnapshot k = okrt.statistics();
            last.set(k);
            return byId(k, newPongId).messages() >= 500;
        }, () -> String.valueOf(last.get()));
        ResourceStatistics back = byId(last.get(), newPongId);
        assertTrue(back.attached());
        assertEquals("the new attachment's figures start from zero: " + back, 500, back.messages());

        terminate(again);
        assertEquals("no closure leaked", closuresBefore, okrt.statistics().liveClosures());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void terminate(Activity activity) throws Exception {
        okrt.terminate(activity).toCompletableFuture().get(Itest.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    private static ResourceStatistics byId(KernelSnapshot s, int id) {
        return s.resources().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no statistics of resource " + id + " in " + s.resources()));
    }

    /** @return the statistics of the attachment of that name that is attached now */
    private static ResourceStatistics current(KernelSnapshot s, String name) {
        return s.resources().stream().filter(r -> r.name().equals(name) && r.attached()).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not attached: " + s.resources()));
    }

    private static boolean nothingQueued(KernelSnapshot s) {
        return s.resources().stream().allMatch(r -> r.queued() == 0)
                && s.activities().stream().allMatch(x -> x.queued() == 0);
    }
}
