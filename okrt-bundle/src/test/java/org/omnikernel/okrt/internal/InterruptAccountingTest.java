package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.omnikernel.hal.Clocks;
import org.omnikernel.hal.HardwareCore;
import org.omnikernel.hal.InterruptLine;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * Seed §3.3.2: a low-level interrupt handler that runs while a message handler holds the core is
 * timed by the HAL, charged to the core's interrupt time, and given back to the interrupted activity:
 * its CPU figure is the handler's time without the interrupts'. Between dispatches an interrupt is
 * interrupt time too, never handler or idle time. The ledger still balances to zero once cores stop.
 */
class InterruptAccountingTest {

    private static final long IRQ_SPIN_NANOS = 2_000_000;

    @Test
    void interruptsServicedWhileAHandlerWaitsAreGivenBackToItsActivity() throws Exception {
        AtomicBoolean released = new AtomicBoolean();
        AtomicBoolean waiting = new AtomicBoolean();
        AtomicLong handlerWall = new AtomicLong();
        AtomicLong irqOnCore = new AtomicLong(-1);
        KernelSnapshot end;
        Activity waiter;
        TestGrid g = TestGrid.start(1, 1);
        try {
            InterruptLine line = g.kernel.machine().interrupts().allocate("test-device", (payload, core) -> {
                spin(IRQ_SPIN_NANOS);
                irqOnCore.set(core);
                if ("last".equals(payload)) {
                    released.set(true);
                }
            });
            line.affinity(0);
            g.attach(ResourceInterface.named("resource.a").request("WAIT", (ctx, m) -> {
                long t0 = Clocks.monotonicNanos();
                waiting.set(true);
                // as a thread resource does while the thread it handed the core to runs
                HardwareCore.current().await(released::get);
                handlerWall.set(Clocks.monotonicNanos() - t0);
            }).build());
            waiter = g.kernel.createActivity("waiter", Parameters.EMPTY);
            g.kernel.send(waiter, "resource.a", "WAIT", 0);
            TestGrid.await("the handler to wait", waiting::get);
            for (int i = 0; i < 4; i++) {
                line.raise(i);
            }
            line.raise("last");
            TestGrid.await("the handler to finish", () -> handlerWall.get() > 0);
            // one more interrupt with the core idle: interrupt time, not handler time
            released.set(false);
            line.raise("idle");
            TestGrid.await("the idle-time interrupt", () -> line.statistics().serviced() == 6);
        } finally {
            g.close();
        }
        end = g.kernel.statistics();
        assertEquals(0, irqOnCore.get());
        CoreStatistics core = end.cores().get(0);
        long activityCpu = end.activity(waiter.id()).cpuNanos();
        assertTrue(core.interruptNanos() >= 6 * IRQ_SPIN_NANOS, "six interrupts of 2 ms on the core: " + core);
        assertTrue(handlerWall.get() >= 5 * IRQ_SPIN_NANOS, "the handler waited through five: " + handlerWall.get());
        assertTrue(activityCpu <= handlerWall.get() - 5 * IRQ_SPIN_NANOS + 1_000_000,
                "the five interrupts' time was given back to the waiter: cpu " + activityCpu + " of " + handlerWall.get());
        assertTrue(core.handlerNanos() <= handlerWall.get() - 5 * IRQ_SPIN_NANOS + 1_000_000,
                "the core's handler time excludes them too: " + core);
        assertEquals(0, core.unaccountedNanos(), "handler + overhead + idle + interrupt = elapsed once the core stops");
    }

    private static void spin(long nanos) {
        long until = Clocks.monotonicNanos() + nanos;
        while (Clocks.monotonicNanos() - until < 0) {
            Thread.onSpinWait();
        }
    }
}
