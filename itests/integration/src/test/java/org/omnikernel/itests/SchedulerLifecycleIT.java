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
 * scheduler in use stops, every resource it governed moves to OKRT's own okrt.fifo and the traffic
 * never stalls; a scheduler bundle started at run time is selected by name at once with okrt:swap.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SchedulerLifecycleIT {

    private static final String WFQ_BUNDLE = "org.omnikernel.scheduler.wfq";

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig("wfq-schedulerconfig.xml", """
                <?xml version="1.0"?>
                <schedulerconfig batch="8">
                  <cpuscheduler scheduler="roundrobin" core="0-?"/>
                  <resourcescheduler resource="*" scheduler="propshare.wfq" core="0-?" cpushare="10000"/>
                </schedulerconfig>
                """);
        return Itest.kernelFramework(file, "wfq");
    }

    @Test
    public void resourcesFallBackWhenTheirSchedulerLeavesAndTakeANewOneByName() throws Exception {
        Okrt okrt = Itest.service(Okrt.class);
        PingProbe probe = Itest.service(PingProbe.class);
        Itest.await("both resources attached under propshare.wfq", () -> okrt.resourceId(PING).isPresent()
                && okrt.resourceId(PONG).isPresent() && "propshare.wfq".equals(scheduler(okrt, PONG)),
                () -> String.valueOf(okrt.statistics().resources()));

        Activity a = okrt.createActivity("lifecycle", Parameters.of("share", "5000"));
        assertEquals(SendResult.OK, okrt.send(a, PING, START, 1L, 200_000));
        Itest.await("the flow is under way", () -> probe.counts(a.id()).pongs() > 1000,
                () -> String.valueOf(probe.counts(a.id())));

        Bundle wfq = Itest.installedBundle(WFQ_BUNDLE);
        wfq.stop();
        assertEquals("okrt.fifo", scheduler(okrt, PING));
        assertEquals("okrt.fifo", scheduler(okrt, PONG));
        Itest.await("the whole flow completes on the fallback scheduler", () -> probe.counts(a.id()).pongs() == 200_000,
                () -> String.valueOf(probe.counts(a.id())));
        assertEquals("no message was lost on the way", 200_000, probe.counts(a.id()).attempted());

        Object commands = commands();
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
