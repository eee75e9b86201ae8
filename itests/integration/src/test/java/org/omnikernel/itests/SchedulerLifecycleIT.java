package org.omnikernel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.omnikernel.itest.ping.api.PingProbe.PING;
import static org.omnikernel.itest.ping.api.PingProbe.PONG;
import static org.omnikernel.itest.ping.api.PingProbe.START;

import java.nio.file.Path;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.omnikernel.itest.ping.api.PingProbe;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.SendResult;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Scheduler bundles that come and go under load (BRIEF §2 items 12–13): when the bundle of the
 * scheduler in use stops, every resource it governed moves to the configured fallback (roundrobin
 * here) and the traffic never stalls; a scheduler bundle started at run time is selected by name at once with okrt:swap.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SchedulerLifecycleIT {

    private static final String WFQ_BUNDLE = "org.omnikernel.scheduler.wfq";

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig("wfq-schedulerconfig.xml", """
                <?xml version="1.0"?>
                <schedulerconfig batch="8" fallback="roundrobin">
                  <cpuscheduler scheduler="roundrobin" core="0-?"/>
                  <resourcescheduler resource="*" scheduler="propshare.wfq" core="0-?" cpushare="10000"/>
                </schedulerconfig>
                """);
        return Itest.kernelFramework(file, "wfq", "priority");
    }

    @Test
    public void resourcesFallBackWhenTheirSchedulerLeavesAndTakeANewOneByName() throws Exception {
        Okrt okrt = Itest.service(Okrt.class);
        PingProbe probe = Itest.service(PingProbe.class);
        Itest.await("both resources attached", () -> okrt.resourceId(PING).isPresent() && okrt.resourceId(PONG).isPresent(),
                () -> String.valueOf(okrt.statistics().resources()));
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
     * 100 swaps of resource.pong's scheduler among WFQ, round robin and strict priority, and some of
     * the CPU scheduler's, while three activities' flows run: every PING gets its one PONG, none is
     * undeliverable or refused, and the statistics count each message once.
     */
    @Test
    public void hundredSwapsUnderMultiActivityLoadDeliverEveryMessageOnce() throws Exception {
        Okrt okrt = Itest.service(Okrt.class);
        PingProbe probe = Itest.service(PingProbe.class);
        Object commands = commands();
        Itest.await("both resources attached", () -> okrt.resourceId(PING).isPresent() && okrt.resourceId(PONG).isPresent(),
                () -> String.valueOf(okrt.statistics().resources()));
        int pongId = okrt.resourceId(PONG).orElseThrow();
        long pongBefore = okrt.statistics().resources().stream().filter(r -> r.id() == pongId).findFirst().orElseThrow()
                .messages();
        int perFlow = 100_000;
        java.util.List<Activity> flows = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Activity a = okrt.createActivity("swapped-" + i, Parameters.of("share", Integer.toString(1000 * (i + 1)),
                    "priority", Integer.toString(i)));
            flows.add(a);
            assertEquals(SendResult.OK, okrt.send(a, PING, START, i, perFlow));
        }
        String[] policies = {"roundrobin", "priority.strict", "propshare.wfq"};
        for (int swap = 0; swap < 100; swap++) {
            String answer = swap(commands, PONG, policies[swap % policies.length]);
            assertTrue(answer, answer.startsWith(PONG + " now runs under"));
            if (swap % 25 == 0) {
                String cpu = swap(commands, "okrt.cpu", swap % 50 == 0 ? "propshare.wfq" : "roundrobin");
                assertTrue(cpu, cpu.startsWith("okrt.cpu now runs under"));
            }
        }
        for (Activity a : flows) {
            Itest.await("flow " + a.name() + " completes", () -> probe.counts(a.id()).pongs() == perFlow,
                    () -> String.valueOf(probe.counts(a.id())));
            var c = probe.counts(a.id());
            assertEquals("every PING answered once: " + c, perFlow, c.attempted());
            assertEquals("nothing undeliverable: " + c, 0, c.undeliverable());
            assertEquals("no send refused: " + c, 0, c.failedSends());
        }
        long pongAfter = okrt.statistics().resources().stream().filter(r -> r.id() == pongId).findFirst().orElseThrow()
                .messages();
        assertEquals("resource.pong ran each PING exactly once", 3L * perFlow, pongAfter - pongBefore);
        for (Activity a : flows) {
            okrt.terminate(a).toCompletableFuture().get();
        }
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
