package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

class RuntimeUpdateTest {

    @Test
    void cpushareAndActivityParametersReachTheSchedulersOnEveryCore() throws Exception {
        RecordingScheduler recording = new RecordingScheduler();
        String xml = "<schedulerconfig><cpuscheduler scheduler='test.recording' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='test.recording' core='0-?' cpushare='300'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(2, xml, new SchedulerFactory[] {recording})) {
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> { }).build());
            Activity a = g.kernel.createActivity("a", Parameters.of("share", "5"));
            for (int i = 0; i < 16; i++) {
                g.kernel.send(a, "resource.a", "NOP", i);
            }
            TestGrid.await("queues registered", () -> recording.added("share=5") > 0);
            TestGrid.await("the resource scheduler joined the CPU scheduler on both cores",
                    () -> recording.added("share=300") == 2);

            g.kernel.updateCpuShare("resource.a", 900).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(2, recording.updated("share=900"));

            g.kernel.updateActivity(a, Parameters.of("share", "7")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(recording.added("share=5"), recording.updated("share=7"), "every queue of the activity was updated");
            assertTrue(a.parameters().get("share").equals("7"));
            assertThrows(IllegalArgumentException.class, () -> g.kernel.updateCpuShare("resource.zz", 1));
            assertThrows(IllegalArgumentException.class, () -> g.kernel.updateCpuShare("resource.a", 0));
            assertThrows(IllegalArgumentException.class, () -> g.kernel.updateCpuShare("resource.a", 0));
        }
    }

    @Test
    void refusedClientParametersAreTheSendersAndUpdatersErrorAndChangeNothing() throws Exception {
        RecordingScheduler recording = new RecordingScheduler();
        String xml = "<schedulerconfig><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='test.recording' core='0-?'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(2, xml, new SchedulerFactory[] {recording})) {
            java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> ran.incrementAndGet()).build());
            Activity zero = g.kernel.createActivity("zero", Parameters.of("share", "0"));
            var refused = g.kernel.send(zero, "resource.a", "NOP", 0);
            assertEquals(org.omnikernel.okrt.SendResult.Status.BAD_ARGUMENTS, refused.status());
            assertTrue(refused.detail().contains("test.recording") && refused.detail().contains("share=0"), refused.detail());
            assertEquals(0, g.kernel.statistics().resource("resource.a").queues(), "no queue was made for it");

            Activity ok = g.kernel.createActivity("ok", Parameters.of("share", "4"));
            assertEquals(org.omnikernel.okrt.SendResult.OK, g.kernel.send(ok, "resource.a", "NOP", 0));
            TestGrid.await("the message ran", () -> ran.get() == 1);
            var update = g.kernel.updateActivity(ok, Parameters.of("share", "-3")).toCompletableFuture();
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> update.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("share=-3"), e.getCause().getMessage());
            assertEquals("4", ok.parameters().get("share"), "the old parameters stay in force");
            assertEquals(0, recording.updated("share=-3"));

            Activity idle = g.kernel.createActivity("idle", Parameters.of("share", "4"));
            var unqueued = g.kernel.updateActivity(idle, Parameters.of("share", "-4")).toCompletableFuture();
            var e2 = assertThrows(java.util.concurrent.ExecutionException.class, () -> unqueued.get(5, TimeUnit.SECONDS));
            assertTrue(e2.getCause().getMessage().contains("share=-4"),
                    "an activity with no queue yet is checked against the grid's schedulers: " + e2.getCause().getMessage());
            assertEquals("4", idle.parameters().get("share"));

            // a scheduler that refused the old parameters as well (as a rate scheduler with no default
            // rate refuses an activity without one) does not block an update that changes something else
            Activity unfit = g.kernel.createActivity("unfit", Parameters.of("share", "0", "tier", "1"));
            g.kernel.updateActivity(unfit, Parameters.of("share", "0", "tier", "2")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals("2", unfit.parameters().get("tier"));
        }
    }

    @Test
    void aCompartmentsShareChangesAtRunTime() throws Exception {
        RecordingScheduler recording = new RecordingScheduler();
        String xml = "<schedulerconfig><cpuscheduler scheduler='test.recording' core='0-?'/>"
                + "<compartment name='web' scheduler='okrt.fifo' cpushare='200'><clientparam name='tier' value='1'/></compartment>"
                + "<resourcescheduler resource='*' compartment='web' scheduler='okrt.fifo'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(2, xml, new SchedulerFactory[] {recording})) {
            assertEquals(2, recording.added("share=200,tier=1"), "the compartment joined the CPU scheduler on both cores");
            g.kernel.updateCpuShare("web", 500).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(2, recording.updated("share=500,tier=1"), "clientparams stay; only the share changed");
            var refused = assertThrows(IllegalArgumentException.class, () -> g.kernel.updateCpuShare("nowhere", 5));
            assertTrue(refused.getMessage().contains("compartments: [web]"), refused.getMessage());
        }
    }
}
