package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/** Everything a departing scheduler governed moves to the fallback, or to okrt.fifo where the fallback refuses it. */
class SchedulerDepartureTest {

    @Test
    void aTargetTheFallbackRefusesGoesToOkrtFifoAndEveryOtherToTheFallback() throws Exception {
        RecordingScheduler fallback = new RecordingScheduler(); // refuses a share below 1
        String xml = "<schedulerconfig><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='test.hopping' core='0-?'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(2, xml, new SchedulerFactory[] {new HoppingScheduler(), fallback})) {
            AtomicInteger ran = new AtomicInteger();
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> ran.incrementAndGet()).build());
            g.attach(ResourceInterface.named("resource.b").request("NOP", (ctx, m) -> ran.incrementAndGet()).build());
            Activity weightless = g.kernel.createActivity("weightless", Parameters.of("share", "0"));
            Activity weighted = g.kernel.createActivity("weighted", Parameters.of("share", "4"));
            assertEquals(SendResult.OK, g.kernel.send(weightless, "resource.a", "NOP", 0), "test.hopping takes any share");
            assertEquals(SendResult.OK, g.kernel.send(weighted, "resource.b", "NOP", 0));
            TestGrid.await("both ran", () -> ran.get() == 2);

            List<SchedulerDeparture.Move> moves = SchedulerDeparture.moveOff(g.kernel, HoppingScheduler.NAME, fallback.name(), 5);

            assertEquals(2, moves.size(), moves.toString());
            SchedulerDeparture.Move a = moves.stream().filter(m -> m.target().equals("resource.a")).findFirst().orElseThrow();
            assertEquals(FifoScheduler.NAME, a.scheduler(), a.toString());
            assertTrue(a.refusals().startsWith("test.recording refused it: "), a.refusals());
            assertEquals(new SchedulerDeparture.Move("resource.b", "test.recording", ""),
                    moves.stream().filter(m -> m.target().equals("resource.b")).findFirst().orElseThrow());
            assertEquals(List.of(), g.kernel.governedBy(HoppingScheduler.NAME), "nothing is left on the departing scheduler");
            assertEquals(FifoScheduler.NAME, g.kernel.statistics().resource("resource.a").scheduler());
            assertEquals("test.recording", g.kernel.statistics().resource("resource.b").scheduler());

            assertEquals(SendResult.OK, g.kernel.send(weightless, "resource.a", "NOP", 1));
            assertEquals(SendResult.OK, g.kernel.send(weighted, "resource.b", "NOP", 1));
            TestGrid.await("both run on where they moved", () -> ran.get() == 4);
        }
    }

    @Test
    void theCpuSchedulerMovesToo() throws Exception {
        String xml = "<schedulerconfig><cpuscheduler scheduler='test.hopping' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo' core='0-?'/></schedulerconfig>";
        try (TestGrid g = TestGrid.start(2, xml, new SchedulerFactory[] {new HoppingScheduler()})) {
            AtomicInteger ran = new AtomicInteger();
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> ran.incrementAndGet()).build());
            assertEquals(List.of(new SchedulerDeparture.Move("okrt.cpu", FifoScheduler.NAME, "")),
                    SchedulerDeparture.moveOff(g.kernel, HoppingScheduler.NAME, FifoScheduler.NAME, 5));
            g.kernel.send(g.kernel.createActivity("act", Parameters.EMPTY), "resource.a", "NOP", 0);
            TestGrid.await("the NOP ran under the new CPU scheduler", () -> ran.get() == 1);
        }
    }
}
