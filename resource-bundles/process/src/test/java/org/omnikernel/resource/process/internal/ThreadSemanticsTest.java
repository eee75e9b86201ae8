package org.omnikernel.resource.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;

/** Thread create, join, exit, suspend with timeout, resume, on a real kernel. */
class ThreadSemanticsTest {

    @Test
    void joinReturnsTheExitStatusOfTheJoinedThread() {
        try (ProcessRig r = new ProcessRig()) {
            r.program("joiner", (sys, args) -> {
                Rid t = sys.threadCreate(Rid.NONE, (s, arg) -> arg * 2, 21).value();
                return sys.threadJoin(t).value();
            });
            assertEquals(42, ProcessRig.exitOf(r.start("joiner")));
        }
    }

    @Test
    void threadExitEndsTheThreadWithItsStatusAndSkipsTheRest() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicLong after = new AtomicLong();
            r.program("exiter", (sys, args) -> {
                Rid t = sys.threadCreate(Rid.NONE, (s, arg) -> {
                    s.threadExit(7);
                    after.incrementAndGet();
                    return 1;
                }, 0).value();
                return sys.threadJoin(t).value();
            });
            assertEquals(7, ProcessRig.exitOf(r.start("exiter")));
            assertEquals(0, after.get(), "code after threadExit ran");
        }
    }

    @Test
    void aThreadJoiningItselfIsRefused() {
        try (ProcessRig r = new ProcessRig()) {
            r.program("selfjoin", (sys, args) -> sys.threadJoin(sys.threadSelf()).error().ordinal());
            assertEquals(Err.NOT_PERMITTED.ordinal(), ProcessRig.exitOf(r.start("selfjoin")));
        }
    }

    @Test
    void suspendWithATimeoutTimesOutAfterAtLeastTheTimeout() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicLong waited = new AtomicLong();
            r.program("sleeper", (sys, args) -> {
                long t0 = sys.nanoTime();
                Result<Void> s = sys.threadSuspend(sys.threadSelf(), 20_000);
                waited.set(sys.nanoTime() - t0);
                return s.error() == Err.TIMEOUT ? 0 : 1;
            });
            assertEquals(0, ProcessRig.exitOf(r.start("sleeper")), "suspend did not time out");
            assertTrue(waited.get() >= 20_000_000, "woke after " + waited.get() + " ns, before the 20 ms timeout");
        }
    }

    @Test
    void resumeWakesASuspendedThreadBeforeItsTimeout() {
        try (ProcessRig r = new ProcessRig()) {
            r.program("resumer", (sys, args) -> {
                Rid t = sys.threadCreate(Rid.NONE,
                        (s, arg) -> s.threadSuspend(s.threadSelf(), 60_000_000).isOk() ? 1 : 2, 0).value();
                while (!sys.threadResume(t).isOk()) {
                    sys.threadYield();
                }
                return sys.threadJoin(t).value();
            });
            assertEquals(1, ProcessRig.exitOf(r.start("resumer")), "the thread was not resumed (2: timed out)");
        }
    }

    @Test
    void anotherThreadSuspendsAtItsNextPreemptionPointAndRunsAgainWhenResumed() throws Exception {
        try (ProcessRig r = new ProcessRig()) {
            AtomicLong spins = new AtomicLong();
            AtomicReference<String> phase = new AtomicReference<>("start");
            r.program("suspender", (sys, args) -> {
                Rid t = sys.threadCreate(Rid.NONE, (s, arg) -> {
                    for (;;) {
                        spins.incrementAndGet();
                        s.preempt();
                    }
                }, 0).value();
                while (spins.get() == 0) {
                    sys.threadYield();
                }
                sys.threadSuspend(t, Sys.FOREVER);
                sys.threadSuspend(sys.threadSelf(), 30_000);   // let it reach a preemption point
                long frozen = spins.get();
                sys.threadSuspend(sys.threadSelf(), 30_000);
                phase.set(spins.get() == frozen ? "frozen" : "still running");
                sys.threadResume(t);
                while (spins.get() == frozen) {
                    sys.threadYield();
                }
                return 0;
            });
            assertEquals(0, ProcessRig.exitOf(r.start("suspender")));
            assertEquals("frozen", phase.get());
        }
    }

    @Test
    void threadCpuTimeIsMeasuredPerThreadAndAttributedToItsAggregate() throws Exception {
        try (ProcessRig r = new ProcessRig()) {
            r.program("spinner", (sys, args) -> {
                Rid self = sys.threadSelf();
                while (sys.threadCpuNanos(self).value() < 30_000_000) {   // grows at each slice's end
                    sys.preempt();
                }
                return sys.threadSuspend(self, Sys.FOREVER).isOk() ? 0 : 1;
            });
            var p = r.start("spinner");
            ProcessRig.await("the spinner suspended itself", () -> p.threads().size() == 1
                    && p.threads().get(0).stats().cpuNanos() >= 30_000_000 && r.kernel.statistics().activities().stream()
                            .anyMatch(a -> a.id() == p.defaultCpua().activity().id() && a.cpuNanos() > 0));
            var stats = p.threads().get(0).stats();
            long activity = p.defaultCpua().activity().id();
            long attributed = r.kernel.statistics().activities().stream().filter(a -> a.id() == activity)
                    .mapToLong(a -> a.cpuNanos()).sum();
            assertTrue(stats.slices() >= 2, "30 ms of 2 ms slices ran in " + stats.slices() + " slices");
            assertTrue(stats.threadCpuNanos() > 0, "the thread's CPU clock was not read");
            assertTrue(attributed >= stats.cpuNanos(), "the CPUA was attributed " + attributed
                    + " ns, less than its thread ran: " + stats.cpuNanos());
            p.kill(0);
            ProcessRig.exitOf(p);
        }
    }
}
