package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;

class TimerTest {

    @Test
    void pollReadyDelayHoldsDispatchUntilTheTimerFires() throws Exception {
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        String xml = "<schedulerconfig batch='1'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='resource.a' scheduler='test.paced' core='0'><param name='gap' value='2000'/>"
                + "</resourcescheduler><resourcescheduler resource='*' scheduler='okrt.fifo'/></schedulerconfig>";
        PacedScheduler paced = new PacedScheduler();
        try (TestGrid g = TestGrid.start(2, xml, paced)) {
            g.attach(ResourceInterface.named("resource.a").request("TICK", (ctx, m) -> times.add(System.nanoTime())).build());
            Activity a = g.kernel.createActivity("paced", Parameters.EMPTY);
            for (int i = 0; i < 20; i++) {
                assertEquals(SendResult.OK, g.kernel.send(a, "resource.a", "TICK", 0));
            }
            TestGrid.await("20 ticks", () -> times.size() == 20);
            List<Long> decisions = List.copyOf(paced.decisions);
            assertEquals(20, decisions.size(), "one decision per tick with batch 1");
            for (int i = 1; i < decisions.size(); i++) {
                long gap = decisions.get(i) - decisions.get(i - 1);
                assertTrue(gap >= 2_000_000, "decision " + i + " was asked " + gap + " ns after the previous, "
                        + "before pollReady's 2 ms had passed");
            }
            assertTrue(times.get(19) - times.get(0) >= 30_000_000L, "twenty paced ticks took well over 19 gaps of 2 ms less noise");
            assertTrue(g.kernel.statistics().cores().get(0).idleNanos() > 20_000_000, "the core idled between ticks");
        }
    }

    @Test
    void delayedSendArrivesNoSoonerThanAsked() throws Exception {
        AtomicLong sentAt = new AtomicLong();
        AtomicLong arrivedAt = new AtomicLong();
        try (TestGrid g = TestGrid.start(2, 8)) {
            g.attach(ResourceInterface.named("resource.b").request("LATER", (ctx, m) -> arrivedAt.set(System.nanoTime())).build());
            g.attach(ResourceInterface.named("resource.a").request("GO", (ctx, m) -> {
                sentAt.set(System.nanoTime());
                SendResult r = ctx.sendDelayed(3000, "resource.b", "LATER");
                if (!r.isOk()) {
                    throw new IllegalStateException(r.toString());
                }
            }).build());
            g.kernel.send(g.kernel.createActivity("d", Parameters.EMPTY), "resource.a", "GO", 0);
            TestGrid.await("the delayed message", () -> arrivedAt.get() != 0);
            assertTrue(arrivedAt.get() - sentAt.get() >= 3_000_000, "arrived after " + (arrivedAt.get() - sentAt.get()) + " ns");
        }
    }
}
