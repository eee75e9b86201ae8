package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * Handler, overhead and idle time are summed from their own segments; elapsed minus the three is the
 * unaccounted rest: while the core runs it is the segment in progress (never negative, but as long as
 * the operating system keeps the core's thread off the CPU, so no upper bound holds on a loaded
 * machine), and once the core stops it must be exactly zero.
 */
class AccountingTest {

    @Test
    void accountingIdentityHoldsOnABusyTwoCoreRun() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        TestGrid g = TestGrid.start(2, 8);
        java.util.List<KernelSnapshot> during = new java.util.ArrayList<>();
        try {
            g.attach(ResourceInterface.named("resource.a").request("SPIN", (ctx, m) -> {
                long until = System.nanoTime() + 2_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                if (!stop.get()) {
                    ctx.send("resource.a", "SPIN");
                }
            }).build());
            for (int i = 0; i < 64; i++) {
                Activity a = g.kernel.createActivity("spinner-" + i, Parameters.EMPTY);
                g.kernel.send(a, "resource.a", "SPIN", i);
            }
            for (int sample = 0; sample < 10; sample++) {
                long until = System.nanoTime() + 100_000_000L;
                TestGrid.await("a tenth of a second of load", () -> System.nanoTime() > until);
                during.add(g.kernel.statistics());
            }
            stop.set(true);
        } finally {
            g.close();
        }
        for (KernelSnapshot s : during) {
            for (CoreStatistics c : s.cores()) {
                assertTrue(c.unaccountedNanos() >= 0, "the sums never run ahead of the clock: " + c);
                assertTrue(c.unaccountedNanos() <= c.elapsedNanos());
            }
        }
        for (CoreStatistics c : during.get(during.size() - 1).cores()) {
            assertTrue(c.messages() > 1000, "core " + c.core() + " ran messages: " + c.messages());
            assertTrue(c.handlerNanos() >= c.messages() * 2_000, "each handler spun 2 µs: " + c);
        }
        KernelSnapshot after = g.kernel.statistics();
        for (CoreStatistics c : after.cores()) {
            assertEquals(0, c.unaccountedNanos(), "after stop every nanosecond is handler, overhead or idle: " + c);
            assertEquals(c.elapsedNanos(), c.handlerNanos() + c.overheadNanos() + c.idleNanos());
            assertTrue(c.threadCpuNanos() > 0, "the core's thread CPU time was sampled");
        }
    }
}
