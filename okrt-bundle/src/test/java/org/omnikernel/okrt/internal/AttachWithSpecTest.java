package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.config.CoreSet;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/** Okrt.attach(resource, spec): a resource instance under a scheduler named at run time, not by the grid file. */
class AttachWithSpecTest {

    private static SchedulerSpec spec(String scheduler, long cpushare, CoreSet cores) {
        return new SchedulerSpec("ignored", scheduler, Metric.CPU, cores, cpushare, 1, Parameters.EMPTY, Parameters.EMPTY,
                null, 0);
    }

    @Test
    void anInstanceRunsUnderTheGivenSchedulerAndShareAndDetachesCleanly() throws Exception {
        RecordingScheduler recording = new RecordingScheduler();
        try (TestGrid g = TestGrid.start(2, 8, new SchedulerFactory[] {recording})) {
            AtomicInteger ran = new AtomicInteger();
            Resource instance = () -> ResourceInterface.named("resource.tr.1").request("RUN", (ctx, m) -> ran.incrementAndGet())
                    .build();
            g.kernel.attach(instance, spec("okrt.fifo", 700, CoreSet.all(2)));
            Activity a = g.kernel.createActivity("cpua", Parameters.EMPTY);
            assertEquals(SendResult.OK, g.kernel.send(a, "resource.tr.1", "RUN", 1));
            TestGrid.await("the message ran", () -> ran.get() == 1);
            assertEquals("okrt.fifo", g.kernel.host("resource.tr.1").spec.scheduler(), "not the grid's '*' scheduler");
            assertEquals(1, g.kernel.host("resource.tr.1").spec.batch());
            assertEquals(700, g.kernel.runningConfig().resources().stream()
                    .filter(s -> s.resource().equals("resource.tr.1")).findFirst().orElseThrow().cpushare());

            g.kernel.detach("resource.tr.1").toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(SendResult.Status.NO_SUCH_RESOURCE, g.kernel.send(a, "resource.tr.1", "RUN", 1).status());
        }
    }

    @Test
    void anUnknownSchedulerBadCoresOrATakenNameAreRefusedWithTheReason() {
        try (TestGrid g = TestGrid.start(2, 8)) {
            Resource r = () -> ResourceInterface.named("resource.tr.2").request("RUN", (ctx, m) -> { }).build();
            var unknown = assertThrows(IllegalArgumentException.class, () -> g.kernel.attach(r, spec("no.such", 1, CoreSet.all(2))));
            assertTrue(unknown.getMessage().contains("no.such"), unknown.getMessage());
            var cores = assertThrows(IllegalArgumentException.class,
                    () -> g.kernel.attach(r, spec("okrt.fifo", 1, CoreSet.parse("0-3", 4))));
            assertTrue(cores.getMessage().contains("core 2"), cores.getMessage());
            var share = assertThrows(IllegalArgumentException.class, () -> g.kernel.attach(r, spec("okrt.fifo", 0, CoreSet.all(2))));
            assertTrue(share.getMessage().contains("cpushare 0"), share.getMessage());
            g.kernel.attach(r, spec("okrt.fifo", 1, CoreSet.all(2)));
            var taken = assertThrows(IllegalArgumentException.class, () -> g.kernel.attach(r, spec("okrt.fifo", 1, CoreSet.all(2))));
            assertTrue(taken.getMessage().contains("attached already"), taken.getMessage());
        }
    }
}
