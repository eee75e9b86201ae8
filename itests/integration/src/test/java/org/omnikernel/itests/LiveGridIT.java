package org.omnikernel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.omnikernel.itest.ping.api.PingProbe.PING;
import static org.omnikernel.itest.ping.api.PingProbe.PONG;
import static org.omnikernel.itest.ping.api.PingProbe.START;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.omnikernel.itest.ping.api.FlowCounts;
import org.omnikernel.itest.ping.api.PingProbe;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.grid.GridAdmin;
import org.omnikernel.okrt.grid.GridEdit;
import org.omnikernel.okrt.grid.GridSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The live grid in real Felix with Config Admin (issue 5 items 2–3): a resource bundle updated or
 * restarted under load within the grace period loses no message; one gone longer, or uninstalled, is
 * detached and its senders told; either way no request queue, activity, closure or thread is left
 * behind; cores and batching change under load with every message delivered once; edits (cores,
 * cpushare, metric, batch, scheduler parameters) survive a restart of the OKRT and Config Admin bundles.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveGridIT {

    private static final String PONG_BUNDLE = "org.omnikernel.itest.pong";
    private static final String OKRT_BUNDLE = "org.omnikernel.okrt";
    private static final String CONFIG_ADMIN_BUNDLE = "org.apache.felix.configadmin";
    private static final long GRACE_MS = 3000;

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig("live-grid-schedulerconfig.xml", """
                <?xml version="1.0"?>
                <schedulerconfig batch="8">
                  <cpuscheduler scheduler="roundrobin" core="0-?"/>
                  <resourcescheduler resource="*" scheduler="roundrobin" core="0-?" cpushare="10000"/>
                </schedulerconfig>
                """);
        return options(composite(Itest.kernelFramework(file, "configadmin")),
                systemProperty(Itest.GRACE_PROPERTY).value(Long.toString(GRACE_MS)),
                systemProperty("omnikernel.grid.sample.ms").value("200"));
    }

    private static Okrt okrt() {
        Okrt okrt = Itest.service(Okrt.class);
        Itest.await("ping and pong attached", () -> okrt.resourceId(PING).isPresent() && okrt.resourceId(PONG).isPresent(),
                () -> String.valueOf(okrt.statistics().resources()));
        return okrt;
    }

    private static String state(GridAdmin admin, String resource) {
        return admin.snapshot().resources().stream().filter(r -> r.name().equals(resource) && !r.state().equals("detached"))
                .map(GridSnapshot.ResourceView::state).findFirst().orElse("detached");
    }

    /**
     * Activity ids start again at 1 when OKRT restarts while resource.ping keeps its flows, so a flow is
     * judged against the counts it had before this test started it.
     */
    private static void assertEveryPingOnce(PingProbe probe, Activity a, FlowCounts before, long sent) {
        long target = before.target() + sent;
        Itest.await("the flow of " + a.name() + " completes", () -> probe.counts(a.id()).pongs() == target,
                () -> String.valueOf(probe.counts(a.id())));
        FlowCounts c = probe.counts(a.id());
        assertEquals("every PING sent once: " + c, target, c.attempted());
        assertEquals("nothing undeliverable: " + c, before.undeliverable(), c.undeliverable());
        assertEquals("no send refused: " + c, before.failedSends(), c.failedSends());
        assertEquals("no closure destroyed unrun: " + c, before.closuresDestroyed(), c.closuresDestroyed());
    }

    @Test
    public void aResourceBundleUpdatedOrRestartedUnderLoadTakesOverItsQueuedMessages() throws Exception {
        Okrt okrt = okrt();
        PingProbe probe = Itest.service(PingProbe.class);
        GridAdmin admin = Itest.service(GridAdmin.class);
        int pongId = okrt.resourceId(PONG).orElseThrow();
        Leftovers found = Leftovers.now(okrt);
        Activity a = okrt.createActivity("updated-under-load", Parameters.EMPTY);
        FlowCounts before = probe.counts(a.id());
        assertEquals(SendResult.OK, okrt.send(a, PING, START, 1L, 60_000));
        Itest.await("the flow is under way", () -> probe.counts(a.id()).pongs() > before.pongs() + 2000,
                () -> String.valueOf(probe.counts(a.id())));

        Bundle pong = Itest.installedBundle(PONG_BUNDLE);
        pong.update();
        Itest.await("PONGs flow again after the update", () -> probe.counts(a.id()).pongs() > before.pongs() + 20_000,
                () -> String.valueOf(probe.counts(a.id())));
        found = found.withThreadsNow();

        pong.stop();
        assertEquals("a stopped resource bundle is held as updating", "updating", state(admin, PONG));
        long queuedWhileStopped = probe.counts(a.id()).attempted() - probe.counts(a.id()).pongs();
        assertTrue("PINGs wait for the new version: " + probe.counts(a.id()), queuedWhileStopped > 0);
        pong.start();
        assertEveryPingOnce(probe, a, before, 60_000);
        assertEquals("the new versions took resource.pong over: same resource", pongId, (int) okrt.resourceId(PONG).orElseThrow());
        assertEquals("attached", state(admin, PONG));
        okrt.terminate(a).toCompletableFuture().get(10, TimeUnit.SECONDS);
        found.assertNothingLeft(okrt);
    }

    @Test
    public void aResourceBundleGoneLongerThanTheGracePeriodOrUninstalledIsDetachedAndItsSendersTold() throws Exception {
        Okrt okrt = okrt();
        PingProbe probe = Itest.service(PingProbe.class);
        GridAdmin admin = Itest.service(GridAdmin.class);
        long closuresBefore = okrt.statistics().liveClosures();
        Leftovers before = Leftovers.now(okrt);
        Activity a = okrt.createActivity("outlived-grace", Parameters.EMPTY);
        long pongsBefore = probe.counts(a.id()).pongs();
        assertEquals(SendResult.OK, okrt.send(a, PING, START, 2L, 50_000_000));
        Itest.await("the flow is under way", () -> probe.counts(a.id()).pongs() > pongsBefore + 2000,
                () -> String.valueOf(probe.counts(a.id())));

        Bundle pong = Itest.installedBundle(PONG_BUNDLE);
        pong.stop();
        assertEquals("updating", state(admin, PONG));
        Itest.await("the grace period ends and resource.pong is detached", () -> okrt.resourceId(PONG).isEmpty(),
                () -> state(admin, PONG));
        assertSendersTold(okrt, probe, a, closuresBefore);
        before = before.withThreadsNow();

        pong.start();
        okrt();
        String location = Itest.installedBundle(PONG_BUNDLE).getLocation();
        Activity b = okrt.createActivity("uninstalled", Parameters.EMPTY);
        long pongsBeforeB = probe.counts(b.id()).pongs();
        assertEquals(SendResult.OK, okrt.send(b, PING, START, 3L, 50_000_000));
        Itest.await("the flow is under way", () -> probe.counts(b.id()).pongs() > pongsBeforeB + 2000,
                () -> String.valueOf(probe.counts(b.id())));
        Itest.installedBundle(PONG_BUNDLE).uninstall();
        assertTrue("an uninstalled resource is detached at once, not held: " + state(admin, PONG),
                okrt.resourceId(PONG).isEmpty());
        assertSendersTold(okrt, probe, b, closuresBefore);

        Itest.context().installBundle(location).start();
        okrt();
        before.assertNothingLeft(okrt);
    }

    private static void assertSendersTold(Okrt okrt, PingProbe probe, Activity a, long closuresBefore) throws Exception {
        Itest.await("every PING is a PONG, an undeliverable notice or a failed send, and closures of PINGs that never ran"
                + " are destroyed", () -> {
                    FlowCounts c = probe.counts(a.id());
                    return c.halted() && c.settled() && c.closuresDestroyed() == c.undeliverable() + c.failedSends();
                }, () -> String.valueOf(probe.counts(a.id())));
        FlowCounts c = probe.counts(a.id());
        assertTrue("ping learnt that resource.pong went away: " + c, c.undeliverable() + c.failedSends() > 0);
        if (c.undeliverable() > 0) {
            assertTrue(c.lastUndeliverableReason(), c.lastUndeliverableReason().contains("detached"));
        }
        okrt.terminate(a).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("no closure is left alive", closuresBefore, okrt.statistics().liveClosures());
    }

    @Test
    public void coresAndBatchChangeUnderLoadWithEveryPingDeliveredOnce() throws Exception {
        Okrt okrt = okrt();
        PingProbe probe = Itest.service(PingProbe.class);
        GridAdmin admin = Itest.service(GridAdmin.class);
        List<Activity> flows = new ArrayList<>();
        List<FlowCounts> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Activity a = okrt.createActivity("moved-" + i, Parameters.EMPTY);
            flows.add(a);
            before.add(probe.counts(a.id()));
            assertEquals(SendResult.OK, okrt.send(a, PING, START, 10 + i, 40_000));
        }
        String[] placements = {"0", "1", "0-1", "1", "0-?"};
        for (int edit = 0; edit < 30; edit++) {
            String target = edit % 2 == 0 ? PONG : PING;
            admin.apply(new GridEdit.SetCores(target, placements[edit % placements.length])).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            admin.apply(new GridEdit.SetBatch(target, 1 + edit % 4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < flows.size(); i++) {
            assertEveryPingOnce(probe, flows.get(i), before.get(i), 40_000);
            okrt.terminate(flows.get(i)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        GridSnapshot.SchedulerView pong = admin.snapshot().schedulers().stream().filter(s -> s.target().equals(PONG)).findFirst()
                .orElseThrow();
        assertEquals(placements[28 % placements.length], pong.cores());
        assertEquals(1 + 28 % 4, pong.batch());
    }

    @Test
    public void editsSurviveARestartOfTheOkrtBundle() throws Exception {
        okrt();
        GridAdmin admin = Itest.service(GridAdmin.class);
        admin.apply(new GridEdit.SetCpuShare(PONG, 4321)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        admin.apply(new GridEdit.SetBatch("okrt.cpu", 12)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        admin.apply(new GridEdit.Swap(PING, "roundrobin", Map.of("quantum", "2"))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        admin.apply(new GridEdit.SetCores(PING, "1")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        admin.apply(new GridEdit.SetMetric(PONG, "memory")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        // Config Admin restarts too, so the edits come back from its store, not from its memory
        Bundle okrtBundle = Itest.installedBundle(OKRT_BUNDLE);
        Bundle configAdmin = Itest.installedBundle(CONFIG_ADMIN_BUNDLE);
        okrtBundle.stop();
        configAdmin.stop();
        configAdmin.start();
        okrtBundle.start();
        okrt();
        GridAdmin again = Itest.service(GridAdmin.class);
        GridSnapshot s = again.snapshot();
        GridSnapshot.SchedulerView pong = s.schedulers().stream().filter(v -> v.target().equals(PONG)).findFirst().orElseThrow();
        GridSnapshot.SchedulerView ping = s.schedulers().stream().filter(v -> v.target().equals(PING)).findFirst().orElseThrow();
        GridSnapshot.SchedulerView cpu = s.schedulers().stream().filter(v -> v.target().equals("okrt.cpu")).findFirst().orElseThrow();
        assertEquals(s.dump(), 4321, pong.cpushare());
        assertEquals(s.dump(), 12, cpu.batch());
        assertEquals(s.dump(), Map.of("quantum", "2"), ping.parameters());
        assertEquals(s.dump(), "1", ping.cores());
        assertEquals(s.dump(), "memory", pong.metric());
        String xml = again.exportXml();
        assertTrue(xml, xml.contains("cpushare=\"4321\"") && xml.contains("batch=\"12\""));
    }

    /**
     * What a test should leave as it found it: the live activities, the closures, the threads, and
     * no request queue at the test resources once their flows ended.
     */
    private record Leftovers(Set<Long> activities, long closures, Set<Thread> threads) {

        static Leftovers now(Okrt okrt) {
            return new Leftovers(activityIds(okrt), okrt.statistics().liveClosures(), liveThreads());
        }

        /**
         * OKRT's grace timer starts its one thread when the first resource goes away and keeps it while
         * the kernel runs, so a test counts threads from after its first departure: a second round of
         * departures must add none.
         *
         * @return these figures with the threads alive now
         */
        Leftovers withThreadsNow() {
            return new Leftovers(activities, closures, liveThreads());
        }

        private static Set<Thread> liveThreads() {
            return new HashSet<>(Thread.getAllStackTraces().keySet());
        }

        private static Set<Long> activityIds(Okrt okrt) {
            return okrt.activities().stream().map(Activity::id).collect(Collectors.toSet());
        }

        /** @return threads alive now that were not when this was taken */
        private Set<Thread> newThreads() {
            Set<Thread> now = liveThreads();
            now.removeAll(threads);
            now.removeIf(t -> !t.isAlive());
            return now;
        }

        void assertNothingLeft(Okrt okrt) {
            Itest.await("no request queue is left at resource.ping or resource.pong", () -> {
                List<ResourceStatistics> both = okrt.statistics().resources().stream()
                        .filter(r -> r.attached() && (r.name().equals(PING) || r.name().equals(PONG))).toList();
                return both.size() == 2 && both.stream().allMatch(r -> r.queues() == 0 && r.queued() == 0);
            },
                    () -> okrt.statistics().resources().stream().filter(r -> r.name().equals(PING) || r.name().equals(PONG))
                            .map(ResourceStatistics::toString).collect(Collectors.joining("; ")));
            assertEquals("the activities of before, and no other", activities, activityIds(okrt));
            assertEquals("no closure is left alive", closures, okrt.statistics().liveClosures());
            Itest.await("threads started meanwhile have ended", () -> newThreads().isEmpty(),
                    () -> newThreads().stream().map(Thread::getName).sorted().toList().toString());
        }
    }
}
