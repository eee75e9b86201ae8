package org.omnikernel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.omnikernel.itest.ping.api.PingProbe.PING;
import static org.omnikernel.itest.ping.api.PingProbe.PONG;
import static org.omnikernel.itest.ping.api.PingProbe.START;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.omnikernel.itest.ping.api.PingProbe;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Scheduler bundles that come and go under load (BRIEF §2 items 12–13): when the bundle of the
 * scheduler in use stops or is uninstalled, every resource it governed moves to the configured fallback
 * (roundrobin here) and the traffic never stalls; a scheduler bundle started again, or installed for
 * the first time at run time, is selected by name at once with okrt:swap; 100 swaps under load lose,
 * repeat and reorder nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SchedulerLifecycleIT {

    private static final String WFQ_BUNDLE = "org.omnikernel.scheduler.wfq";
    private static final String SFQ_BUNDLE = "org.omnikernel.scheduler.sfq";
    private static final String SFQ = "propshare.sfq";
    /** The receiver of the ordered chains, registered by the test as a resource bundle would. */
    private static final String SEQUENCED = "resource.sequenced";
    private static final String SEQUENCER = "resource.sequencer";

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig("wfq-schedulerconfig.xml", """
                <?xml version="1.0"?>
                <schedulerconfig batch="8" fallback="roundrobin">
                  <cpuscheduler scheduler="roundrobin" core="0-?"/>
                  <resourcescheduler resource="*" scheduler="propshare.wfq" core="0-?" cpushare="10000"/>
                </schedulerconfig>
                """);
        return org.ops4j.pax.exam.CoreOptions.options(
                org.ops4j.pax.exam.CoreOptions.composite(Itest.kernelFramework(file, "wfq", "priority")),
                Itest.locationOf("sfq"));
    }

    @Test
    public void resourcesFallBackWhenTheirSchedulerLeavesAndTakeANewOneByName() throws Exception {
        Okrt okrt = okrtWithPingAndPong();
        PingProbe probe = Itest.service(PingProbe.class);
        Object commands = commands();
        // The tests share one framework and may run in any order: start from WFQ whatever came before.
        for (String name : new String[] {PING, PONG}) {
            String answer = swap(commands, name, "propshare.wfq");
            assertTrue(answer, answer.startsWith(name + " now runs under propshare.wfq"));
        }

        Activity a = okrt.createActivity("lifecycle", Parameters.of("share", "5000"));
        assertEquals(SendResult.OK, okrt.send(a, PING, START, 1L, 200_000));
        Itest.await("the flow is under way", () -> probe.counts(a.id()).pongs() > 1000,
                () -> String.valueOf(probe.counts(a.id())));

        Bundle wfq = Itest.installedBundle(WFQ_BUNDLE);
        wfq.stop();
        assertEquals("the configured fallback took over", "roundrobin", scheduler(okrt, PING));
        assertEquals("roundrobin", scheduler(okrt, PONG));
        Itest.await("the whole flow completes on the fallback scheduler", () -> probe.counts(a.id()).pongs() == 200_000,
                () -> String.valueOf(probe.counts(a.id())));
        assertEquals("no message was lost on the way", 200_000, probe.counts(a.id()).attempted());

        String refused = swap(commands, PONG, "propshare.wfq");
        assertTrue(refused, refused.startsWith("refused: unknown scheduler \"propshare.wfq\""));

        wfq.start();
        Itest.await("the wfq factory is back", () -> swap(commands, PONG, "propshare.wfq").startsWith(PONG + " now runs"),
                () -> "");
        assertEquals("propshare.wfq", scheduler(okrt, PONG));
        String bad = swap(commands, PONG, "propshare.wfq", "loadshare=sideways");
        assertTrue(bad, bad.startsWith("refused:") && bad.contains("sideways"));
        assertEquals("a refused swap changes nothing", "propshare.wfq", scheduler(okrt, PONG));

        assertEquals(SendResult.OK, okrt.send(a, PING, START, 1L, 5_000));
        Itest.await("traffic flows under the new scheduler", () -> probe.counts(a.id()).pongs() == 205_000,
                () -> String.valueOf(probe.counts(a.id())));
        okrt.terminate(a).toCompletableFuture().get();
    }

    /**
     * 100 swaps of resource.pong's and resource.sequenced's schedulers among WFQ, round robin and strict
     * priority, and some of the CPU scheduler's, while three activities' ping flows and six ordered
     * chains run: every PING gets its one PONG, none is undeliverable or refused, every chain's
     * messages run once each and in their dependency label's order, and the statistics count each
     * message once.
     */
    @Test
    public void hundredSwapsUnderMultiActivityLoadDeliverEveryMessageOnceAndInLabelOrder() throws Exception {
        Okrt okrt = okrtWithPingAndPong();
        PingProbe probe = Itest.service(PingProbe.class);
        Object commands = commands();
        int pongId = okrt.resourceId(PONG).orElseThrow();
        long pongBefore = messages(okrt, pongId);
        int perFlow = 100_000;
        List<Activity> flows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Activity a = okrt.createActivity("swapped-" + i, Parameters.of("share", Integer.toString(1000 * (i + 1)),
                    "priority", Integer.toString(i)));
            flows.add(a);
            assertEquals(SendResult.OK, okrt.send(a, PING, START, i, perFlow));
        }
        try (OrderedChains chains = OrderedChains.start(okrt, flows)) {
            String[] policies = {"roundrobin", "priority.strict", "propshare.wfq"};
            for (int swap = 0; swap < 100; swap++) {
                String policy = policies[swap % policies.length];
                for (String target : new String[] {PONG, SEQUENCED}) {
                    String answer = swap(commands, target, policy);
                    assertTrue(answer, answer.startsWith(target + " now runs under " + policy));
                }
                if (swap % 25 == 0) {
                    String cpu = swap(commands, "okrt.cpu", swap % 50 == 0 ? "propshare.wfq" : "roundrobin");
                    assertTrue(cpu, cpu.startsWith("okrt.cpu now runs under"));
                }
            }
            chains.stopAndAwaitEveryStep();
            assertEquals("every step ran once, in its label's order, and no send was refused", "", chains.faults());
            assertTrue("the chains ran across the swaps: " + chains.sent(), chains.sent() > 6 * OrderedChains.WINDOW);
            assertEquals("OKRT counted each step once", chains.sent(), messages(okrt, chains.receiverId()));
        }
        for (Activity a : flows) {
            Itest.await("flow " + a.name() + " completes", () -> probe.counts(a.id()).pongs() == perFlow,
                    () -> String.valueOf(probe.counts(a.id())));
            var c = probe.counts(a.id());
            assertEquals("every PING answered once: " + c, perFlow, c.attempted());
            assertEquals("nothing undeliverable: " + c, 0, c.undeliverable());
            assertEquals("no send refused: " + c, 0, c.failedSends());
        }
        assertEquals("resource.pong ran each PING exactly once", 3L * perFlow, messages(okrt, pongId) - pongBefore);
        for (Activity a : flows) {
            okrt.terminate(a).toCompletableFuture().get();
        }
    }

    /**
     * A scheduler bundle the framework never had is installed while traffic flows: its scheduler is
     * selected by name at once; uninstalling it while in use moves its resources to the fallback, and
     * the traffic completes with nothing lost.
     */
    @Test
    public void aSchedulerBundleInstalledAtRunTimeIsSelectedByNameAndItsUninstallFallsBack() throws Exception {
        Okrt okrt = okrtWithPingAndPong();
        PingProbe probe = Itest.service(PingProbe.class);
        Object commands = commands();
        assertFalse("the framework booted without " + SFQ_BUNDLE, Itest.isInstalled(SFQ_BUNDLE));
        String unknown = swap(commands, PONG, SFQ);
        assertTrue(unknown, unknown.startsWith("refused: unknown scheduler \"" + SFQ + "\""));

        Activity a = okrt.createActivity("installed", Parameters.of("share", "5000"));
        assertEquals(SendResult.OK, okrt.send(a, PING, START, 1L, 100_000));
        Itest.await("the flow is under way", () -> probe.counts(a.id()).pongs() > 1000,
                () -> String.valueOf(probe.counts(a.id())));

        Bundle sfq = Itest.install("sfq");
        sfq.start();
        Itest.await("its scheduler is selected by name", () -> swap(commands, PONG, SFQ).startsWith(PONG + " now runs under " + SFQ),
                () -> swap(commands, PONG, SFQ));
        String ping = swap(commands, PING, SFQ, "loadshare=affinity-sticky");
        assertTrue(ping, ping.startsWith(PING + " now runs under " + SFQ));
        assertEquals(SFQ, scheduler(okrt, PONG));
        assertEquals(SFQ, scheduler(okrt, PING));
        long pongsUnderSfq = probe.counts(a.id()).pongs();
        Itest.await("PONGs flow under " + SFQ, () -> probe.counts(a.id()).pongs() > pongsUnderSfq + 1000,
                () -> String.valueOf(probe.counts(a.id())));

        sfq.uninstall();
        assertEquals("the configured fallback took over", "roundrobin", scheduler(okrt, PING));
        assertEquals("roundrobin", scheduler(okrt, PONG));
        Itest.await("the whole flow completes on the fallback scheduler", () -> probe.counts(a.id()).pongs() == 100_000,
                () -> String.valueOf(probe.counts(a.id())));
        var c = probe.counts(a.id());
        assertEquals("no message was lost or run twice: " + c, 100_000, c.attempted());
        assertEquals("nothing undeliverable: " + c, 0, c.undeliverable());
        assertEquals("no send refused: " + c, 0, c.failedSends());
        String gone = swap(commands, PONG, SFQ);
        assertTrue(gone, gone.startsWith("refused: unknown scheduler \"" + SFQ + "\""));
        okrt.terminate(a).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * Ordered chains: resource.sequencer sends {@code STEP(seq)} to resource.sequenced with
     * {@code sendOrdered}, two dependency labels per activity on different affinities, each chain with
     * at most {@link #WINDOW} steps not yet run; resource.sequenced checks that each label's steps arrive
     * as 0, 1, 2, … Both are registered as {@link Resource} services, as a resource bundle registers its
     * resources, and are governed by the grid's {@code resource="*"} entry.
     */
    private static final class OrderedChains implements AutoCloseable {
        static final int WINDOW = 256;

        private final Okrt okrt;
        private final List<DependencyLabel> labels = new ArrayList<>();
        private final Map<Long, AtomicLong> next = new ConcurrentHashMap<>();
        private final long[] sent;
        private final StringBuffer faults = new StringBuffer();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<ServiceRegistration<Resource>> registrations = new ArrayList<>();
        private volatile ResourceContext sender;
        private Thread thread;

        private OrderedChains(Okrt okrt, int chains) {
            this.okrt = okrt;
            this.sent = new long[chains];
        }

        static OrderedChains start(Okrt okrt, List<Activity> activities) {
            OrderedChains c = new OrderedChains(okrt, 2 * activities.size());
            c.register();
            for (Activity a : activities) {
                for (long affinity = 0; affinity < 2; affinity++) {
                    DependencyLabel l = c.sender.newDependencyLabel(a, affinity);
                    c.labels.add(l);
                    c.next.put(l.counter(), new AtomicLong());
                }
            }
            c.thread = new Thread(c::send, "itest-ordered-chains");
            c.thread.start();
            return c;
        }

        private void register() {
            Resource receiver = () -> ResourceInterface.named(SEQUENCED).request("STEP", (ctx, m) -> {
                long seq = m.argument(0, Long.class);
                AtomicLong expected = next.get(m.dependency().counter());
                // a label's steps run one at a time; after a fault the check goes on from the step seen
                long want = expected == null ? -1 : expected.getAndSet(seq + 1);
                if (want != seq) {
                    fault("label " + m.dependency() + ": expected step " + want + ", got " + seq);
                }
            }, Long.class).build();
            Resource source = new Resource() {
                @Override
                public ResourceInterface resourceInterface() {
                    return ResourceInterface.named(SEQUENCER).request("NOP", (ctx, m) -> { }).build();
                }

                @Override
                public void attached(ResourceContext context) {
                    sender = context;
                }
            };
            registrations.add(Itest.context().registerService(Resource.class, receiver, null));
            registrations.add(Itest.context().registerService(Resource.class, source, null));
            Itest.await("the chain resources attached", () -> sender != null && okrt.resourceId(SEQUENCED).isPresent(),
                    () -> String.valueOf(okrt.statistics().resources()));
        }

        /** Keeps every chain's window full until told to stop. */
        private void send() {
            while (!stop.get()) {
                boolean any = false;
                for (int i = 0; i < labels.size(); i++) {
                    DependencyLabel l = labels.get(i);
                    if (sent[i] - next.get(l.counter()).get() >= WINDOW) {
                        continue;
                    }
                    SendResult r = sender.sendOrdered(l, SEQUENCED, "STEP", sent[i]);
                    if (!r.isOk()) {
                        fault("send refused: " + r);
                        return;
                    }
                    sent[i]++;
                    any = true;
                }
                if (!any) {
                    LockSupport.parkNanos(50_000);
                }
            }
        }

        void stopAndAwaitEveryStep() throws InterruptedException {
            stop.set(true);
            thread.join(TimeUnit.SECONDS.toMillis(20));
            Itest.await("every chain's steps ran", () -> {
                if (faults.length() > 0) {
                    return true; // reported by the caller
                }
                for (int i = 0; i < labels.size(); i++) {
                    if (next.get(labels.get(i).counter()).get() != sent[i]) {
                        return false;
                    }
                }
                return true;
            }, this::faults);
        }

        /** @return steps sent over all chains */
        long sent() {
            long n = 0;
            for (long s : sent) {
                n += s;
            }
            return n;
        }

        int receiverId() {
            return okrt.resourceId(SEQUENCED).orElseThrow();
        }

        String faults() {
            return faults.toString();
        }

        /** Keeps the first faults, enough to tell what went wrong. */
        private void fault(String what) {
            if (faults.length() < 2000) {
                faults.append(what).append("; ");
            }
        }

        /** Detaches both resources, then withdraws their services (nothing is left held). */
        @Override
        public void close() throws Exception {
            stop.set(true);
            okrt.detach(SEQUENCED).toCompletableFuture().get(10, TimeUnit.SECONDS);
            okrt.detach(SEQUENCER).toCompletableFuture().get(10, TimeUnit.SECONDS);
            registrations.forEach(ServiceRegistration::unregister);
        }
    }

    private static long messages(Okrt okrt, int resourceId) {
        return okrt.statistics().resources().stream().filter(r -> r.id() == resourceId).findFirst().orElseThrow().messages();
    }

    private static Okrt okrtWithPingAndPong() {
        Okrt okrt = Itest.service(Okrt.class);
        Itest.await("both resources attached", () -> okrt.resourceId(PING).isPresent() && okrt.resourceId(PONG).isPresent(),
                () -> String.valueOf(okrt.statistics().resources()));
        return okrt;
    }

    private static String scheduler(Okrt okrt, String resource) {
        int id = okrt.resourceId(resource).orElseThrow();
        return okrt.statistics().resources().stream().filter(r -> r.id() == id).findFirst().orElseThrow().scheduler();
    }

    private static Object commands() throws Exception {
        ServiceReference<?>[] refs = Itest.context().getServiceReferences((String) null,
                "(&(osgi.command.scope=okrt)(osgi.command.function=swap))");
        return Itest.context().getService(refs[0]);
    }

    private static String swap(Object commands, String name, String scheduler, String... params) {
        try {
            return (String) commands.getClass().getMethod("swap", String.class, String.class, String[].class)
                    .invoke(commands, name, scheduler, params);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
