package org.omnikernel.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HardwareCoreTest {

    private final Machine machine = Machine.create(2, 64 * 1024);
    private final List<CoreLoop> loops = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (CoreLoop l : loops) {
            l.stop();
        }
    }

    private HardwareCore started(int i) {
        loops.add(CoreLoop.start(machine.core(i)));
        return machine.core(i);
    }

    @Test
    void aCrossCoreCallRunsOnTheTargetCoresThreadAndReturnsItsResult() throws Exception {
        HardwareCore c = started(1);
        HardwareCore seen = c.call(HardwareCore::current).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertSame(c, seen);
        assertNull(HardwareCore.current(), "the test thread is no core");
    }

    @Test
    void aCallThatThrowsCompletesExceptionallyAndTheCoreCarriesOn() throws Exception {
        HardwareCore c = started(0);
        CompletableFuture<Object> failed = c.call(() -> {
            throw new IllegalStateException("bad call");
        }).toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(5, TimeUnit.SECONDS));
        assertEquals("bad call", e.getCause().getMessage());
        c.post(() -> {
            throw new IllegalStateException("a posted task that throws");
        });
        assertEquals(42, c.call(() -> 42).toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    @Test
    void callsFromOneThreadRunInTheOrderPosted() throws Exception {
        HardwareCore c = started(0);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 1000; i++) {
            int n = i;
            c.post(() -> order.add(n));
        }
        c.call(() -> null).toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, order.get(i));
        }
    }

    @Test
    void timersRunInDeadlineOrderOnTheCoreAndNeverBeforeTheirDeadline() throws Exception {
        HardwareCore c = started(0);
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        List<String> early = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(4);
        c.post(() -> {
            long now = Clocks.monotonicNanos();
            for (String[] t : new String[][] {{"3ms", "3000"}, {"1ms", "1000"}, {"1ms, set second", "1000"}, {"300us", "300"}}) {
                long deadline = now + Long.parseLong(t[1]) * 1000;
                c.timers().add(deadline, () -> {
                    if (Clocks.monotonicNanos() - deadline < 0 || !c.onThisCore()) {
                        early.add(t[0]);
                    }
                    fired.add(t[0]);
                    done.countDown();
                });
            }
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("300us", "1ms", "1ms, set second", "3ms"), fired);
        assertEquals(List.of(), early, "timers that ran before their deadline or off their core");
    }

    @Test
    void aHandlerWaitingOnItsCoreServicesInterruptsAndTheirTimeIsCounted() throws Exception {
        HardwareCore c = started(0);
        AtomicBoolean handedBack = new AtomicBoolean();
        AtomicInteger handled = new AtomicInteger();
        InterruptLine line = machine.interrupts().allocate("disk0", (payload, core) -> {
            spin(200_000);
            handled.incrementAndGet();
            if ("last".equals(payload)) {
                handedBack.set(true);
            }
        });
        line.affinity(0);
        CompletableFuture<Long> waited = c.call(() -> {
            long irq0 = c.interruptNanos();
            c.await(handedBack::get);
            return c.interruptNanos() - irq0;
        }).toCompletableFuture();
        line.raise("first");
        line.raise("second");
        line.raise("last");
        long irqNanos = waited.get(5, TimeUnit.SECONDS);
        assertEquals(3, handled.get());
        assertTrue(irqNanos >= 3 * 200_000, "three handlers of at least 200 us each were timed: " + irqNanos);
        InterruptStatistics s = line.statistics();
        assertEquals(3, s.raised());
        assertEquals(3, s.serviced());
        assertTrue(s.nanos() >= 3 * 200_000);
    }

    @Test
    void onlyTheCoresOwnThreadMayWaitOnIt() {
        HardwareCore c = started(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.await(() -> true));
        assertTrue(e.getMessage().contains("core 0"), e.getMessage());
    }

    @Test
    void aCoreRunsOneLoopAtATime() {
        HardwareCore c = started(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.start("second", () -> { }));
        assertTrue(e.getMessage().contains("test-core-0"), e.getMessage());
    }

    @Test
    void aStoppedKernelsMailAndTimersAreForgotten() throws Exception {
        HardwareCore c = machine.core(1);
        CoreLoop loop = CoreLoop.start(c);
        c.call(() -> {
            c.timers().add(Long.MAX_VALUE - 1, () -> { });
            return null;
        }).toCompletableFuture().get(5, TimeUnit.SECONDS);
        loop.stop();
        AtomicBoolean stale = new AtomicBoolean();
        c.post(() -> stale.set(true));
        c.join(1000); // a second join after the thread ended clears again
        assertEquals(0, c.timers().size());
        assertFalse(c.hasMail());
        CoreLoop again = CoreLoop.start(c);
        loops.add(again);
        c.call(() -> null).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertFalse(stale.get(), "mail posted to a stopped core does not run in the next kernel");
    }

    static void spin(long nanos) {
        long end = Clocks.monotonicNanos() + nanos;
        while (Clocks.monotonicNanos() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
