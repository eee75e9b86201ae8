package org.omnikernel.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InterruptLineTest {

    private final Machine machine = Machine.create(2, 64 * 1024);
    private final List<CoreLoop> loops = new ArrayList<>();

    @BeforeEach
    void start() {
        loops.add(CoreLoop.start(machine.core(0)));
        loops.add(CoreLoop.start(machine.core(1)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (CoreLoop l : loops) {
            l.stop();
        }
    }

    @Test
    void anInterruptRunsItsHandlerOnTheCoreOfItsAffinity() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(10);
        InterruptLine line = machine.interrupts().allocate("nic0", (payload, core) -> {
            seen.add(core + ":" + Thread.currentThread().getName() + ":" + payload);
            done.countDown();
        });
        line.affinity(1);
        for (int i = 0; i < 10; i++) {
            assertTrue(line.raise(i));
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 10; i++) {
            assertEquals("1:test-core-1:" + i, seen.get(i), "in order, on core 1's thread");
        }
    }

    @Test
    void interruptsRaisedBeforeTheKernelSetsAHandlerAreHeldAndThenDelivered() throws Exception {
        InterruptLine line = machine.interrupts().allocate("disk0", null);
        line.raise("a");
        line.raise("b");
        assertEquals(2, line.statistics().held());
        CountDownLatch done = new CountDownLatch(2);
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        line.handler((payload, core) -> {
            seen.add(payload);
            done.countDown();
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("a", "b"), seen);
        assertEquals(0, line.statistics().held());
    }

    @Test
    void aHandlerThatThrowsIsCountedAndTheCoreCarriesOn() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        InterruptLine bad = machine.interrupts().allocate("bad", (payload, core) -> {
            throw new IllegalStateException("driver bug");
        });
        InterruptLine good = machine.interrupts().allocate("good", (payload, core) -> after.countDown());
        bad.affinity(0);
        good.affinity(0);
        bad.raise("x");
        good.raise("y");
        assertTrue(after.await(5, TimeUnit.SECONDS), "core 0 serviced the next interrupt");
        assertEquals(1, bad.statistics().failures());
    }

    @Test
    void aReleasedLineDropsWhatIsRaisedAndLeavesTheController() {
        InterruptLine line = machine.interrupts().allocate("gone", (payload, core) -> { });
        line.release();
        assertFalse(line.raise("late"));
        assertEquals(1, line.statistics().lost());
        assertTrue(machine.interrupts().statistics().stream().noneMatch(s -> s.name().equals("gone")));
    }

    @Test
    void aBadAffinityNamesTheValidCores() {
        InterruptLine line = machine.interrupts().allocate("x", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> line.affinity(2));
        assertTrue(e.getMessage().contains("0..1"), e.getMessage());
    }

    @Test
    void aBacklogBeyondItsLimitCountsTheRestAsLost() {
        InterruptLine line = machine.interrupts().allocate("flood", null);
        for (int i = 0; i < InterruptLine.BACKLOG_LIMIT + 5; i++) {
            line.raise(i);
        }
        InterruptStatistics s = line.statistics();
        assertEquals(InterruptLine.BACKLOG_LIMIT, s.held());
        assertEquals(5, s.lost());
    }

    @Test
    void aLineWithoutAffinityKeepsItsInterruptsInOrderAcrossIdleCores() throws Exception {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2000);
        InterruptLine line = machine.interrupts().allocate("nic1", (payload, core) -> {
            seen.add((Integer) payload);
            done.countDown();
        });
        for (int i = 0; i < 2000; i++) {
            line.raise(i);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 2000; i++) {
            assertEquals(i, seen.get(i), "frame " + i + " in order");
        }
    }
}
