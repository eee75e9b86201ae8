package org.omnikernel.resource.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.resource.thread.internal.ThreadResources;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.ThreadBody;
import org.omnikernel.syscall.spi.KThread;

/**
 * Thread create, join, exit, suspend with timeout, resume, preemption at system calls and preemption
 * points, at most one running thread per core, and per-thread CPU time attributed to its CPU
 * aggregate, on a real kernel.
 */
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

    @Test
    void aSystemCallHandsTheCoreBackOnceTheTimesliceHasEnded() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicLong slices = new AtomicLong();
            long threeSlices = 3 * ThreadResources.DEFAULT_TIMESLICE_MICROS * 1000;
            r.program("caller", (sys, args) -> {
                Rid self = sys.threadSelf();
                // No preempt(): system calls only. A thread's CPU time grows when it hands its core
                // back, so this loop ends only if system calls hand the core back when the slice is over.
                while (sys.threadCpuNanos(self).value() < threeSlices) {
                    sys.threadSelf();
                }
                slices.set(r.threads.current().orElseThrow().stats().slices());
                return 0;
            });
            assertEquals(0, ProcessRig.exitOf(r.start("caller")), "the caller never got past its first slice");
            // a slice is charged its wall time, so an OS that descheduled the thread may stretch one
            assertTrue(slices.get() >= 1, "the loop ended without a slice ending: " + slices.get());
        }
    }

    @Test
    void noMoreKernelThreadsRunProgramCodeAtOnceThanTheKernelHasCores() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            ThreadBody crowd = (s, arg) -> {
                for (int i = 0; i < 2000; i++) {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    spin(20_000);   // long enough that a thread running undispatched would be seen here
                    running.decrementAndGet();
                    s.preempt();
                }
                return 0;
            };
            r.program("crowd", (sys, args) -> {
                Rid other = sys.aopen("/cpuaggregate?share=1000").value();
                List<Rid> threads = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    threads.add(sys.threadCreate(i % 2 == 0 ? Rid.NONE : other, crowd, i).value());
                }
                for (Rid t : threads) {
                    sys.threadJoin(t).value();
                }
                return 0;
            });
            assertEquals(0, ProcessRig.exitOf(r.start("crowd")));
            assertTrue(most.get() >= 1 && most.get() <= r.kernel.cores(), "six threads on " + r.kernel.cores()
                    + " cores, but " + most.get() + " ran program code at once");
        }
    }

    @Test
    void eachCpuAggregateIsAttributedItsOwnThreadsTimeAndNoOneElses() throws Exception {
        try (ProcessRig r = new ProcessRig()) {
            List<KThread> spinners = new CopyOnWriteArrayList<>();
            ThreadBody spinner = (s, arg) -> {
                spinners.add(r.threads.current().orElseThrow());
                Rid self = s.threadSelf();
                while (s.threadCpuNanos(self).value() < 40_000_000) {
                    s.preempt();
                }
                return 0;
            };
            r.program("pair", (sys, args) -> {
                Rid x = sys.aopen("/cpuaggregate?share=1000").value();
                Rid y = sys.aopen("/cpuaggregate?share=1000").value();
                Rid a = sys.threadCreate(x, spinner, 0).value();
                Rid b = sys.threadCreate(y, spinner, 1).value();
                sys.threadJoin(a).value();
                sys.threadJoin(b).value();
                return sys.threadSuspend(sys.threadSelf(), Sys.FOREVER).isOk() ? 0 : 1;   // keep the aggregates
            });
            var p = r.start("pair");
            ProcessRig.await("two spinners of 40 ms, each charged to its aggregate", () -> spinners.size() == 2
                    && spinners.stream().noneMatch(KThread::isAlive)
                    && spinners.stream().allMatch(t -> attributed(r, t) >= t.stats().cpuNanos()));
            for (KThread t : spinners) {
                long own = t.stats().cpuNanos();
                long charged = attributed(r, t);
                assertTrue(own >= 40_000_000, t + " ran " + own + " ns");
                // the other spinner's 40 ms charged here too would double it
                assertTrue(charged <= own * 3 / 2 + 2_000_000, t.cpua() + " was charged " + charged
                        + " ns for a thread that ran " + own + " ns");
            }
            p.kill(0);
            ProcessRig.exitOf(p);
        }
    }

    @Test
    void noSliceEndsBeforeItsTimeslice() throws Exception {
        long timesliceMicros = 5000;
        try (ProcessRig r = new ProcessRig(timesliceMicros)) {
            r.program("burner", (sys, args) -> {
                for (;;) {
                    sys.preempt();
                }
            });
            var p = r.start("burner");
            ProcessRig.await("ten slices", () -> !p.threads().isEmpty() && p.threads().get(0).stats().slices() >= 10);
            var stats = p.threads().get(0).stats();
            // every slice that ended at a preemption point lasted its timeslice at least; a slice the
            // stats caught ending while they were read is allowed for
            assertTrue(stats.cpuNanos() >= (stats.slices() - 1) * timesliceMicros * 1000, stats.slices()
                    + " slices in " + stats.cpuNanos() + " ns: shorter than the 5 ms timeslice");
            p.kill(0);
            ProcessRig.exitOf(p);
        }
    }

    @Test
    void theTimesliceComesFromItsFrameworkPropertyAndABadOneIsRefusedNamingIt() {
        try (ProcessRig r = new ProcessRig()) {
            String key = ThreadResources.TIMESLICE_PROPERTY;
            assertEquals(ThreadResources.DEFAULT_TIMESLICE_MICROS, new ThreadResources(r.kernel, Map.of()).timesliceMicros());
            assertEquals(750, new ThreadResources(r.kernel, Map.of(key, " 750")).timesliceMicros());
            for (String bad : List.of("2ms", "0", "-5")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new ThreadResources(r.kernel, Map.of(key, bad)));
                assertTrue(e.getMessage().contains(key) && e.getMessage().contains(bad.trim()), e.getMessage());
            }
        }
    }

    private static long attributed(ProcessRig r, KThread t) {
        ActivityStatistics a = r.kernel.statistics().activity(t.cpua().activity().id());
        return a == null ? 0 : a.cpuNanos();
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }
}
