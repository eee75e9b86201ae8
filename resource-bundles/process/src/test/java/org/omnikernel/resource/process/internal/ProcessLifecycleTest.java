package org.omnikernel.resource.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.ProcessHandle;

/** Process start, exit, kill, failure and the release of everything a process held. */
class ProcessLifecycleTest {

    /** Opens a queue and an extra CPU aggregate, starts a burning thread in it, and burns. */
    private static long hoarder(Sys sys, List<String> args) {
        sys.aopen("/messagequeue").value();
        sys.aopen("/ioaggregate?share=5").value();
        Rid cpua = sys.aopen("/cpuaggregate?policy=roundrobin?share=300").value();
        sys.threadCreate(cpua, (s, arg) -> {
            for (;;) {
                s.preempt();
            }
        }, 0).value();
        if (args.contains("throw")) {
            throw new IllegalStateException("the program gave up");
        }
        if (args.contains("error")) {
            throw new StackOverflowError("the program recursed too deep");
        }
        for (;;) {
            sys.preempt();
        }
    }

    private static void assertNothingLeft(ProcessRig r, ProcessHandle p, List<String> trInstances) {
        assertFalse(p.isAlive());
        assertEquals(0, p.openRids(), "RIDs left open");
        assertTrue(p.threads().isEmpty(), "threads left: " + p.threads());
        assertEquals(0, r.queues.openQueues(), "message queues left open");
        String prefix = p.program() + "." + p.id() + ".";
        assertTrue(r.kernel.activities().stream().noneMatch(a -> a.name().startsWith(prefix)),
                () -> "activities left: " + r.kernel.activities());
        for (String tr : trInstances) {
            assertTrue(r.kernel.resourceId(tr).isEmpty(), tr + " is still attached");
        }
        assertTrue(r.pr.processes().isEmpty(), "the process is still listed");
    }

    private static List<String> trInstancesOf(ProcessRig r, ProcessHandle p) throws InterruptedException {
        ProcessRig.await("the hoarder's second thread", () -> p.threads().size() == 2);
        return p.threads().stream().map(t -> t.cpua().resourceName()).distinct().toList();
    }

    @Test
    void killEndsEveryThreadAndReleasesQueuesAggregatesAndRids() throws Exception {
        try (ProcessRig r = new ProcessRig()) {
            r.program("hoarder", ProcessLifecycleTest::hoarder);
            ProcessHandle p = r.start("hoarder");
            List<String> trs = trInstancesOf(r, p);
            assertEquals(2, trs.size(), "the threads should run in two CPU aggregates");
            List<KThread> threads = p.threads();
            p.kill(5);
            assertEquals(5, ProcessRig.exitOf(p));
            assertTrue(threads.stream().noneMatch(KThread::isAlive));
            assertEquals("", p.failure(), "a kill unwinds the threads; that is no failure of the program");
            assertNothingLeft(r, p, trs);
        }
    }

    @Test
    void aProgramThatThrowsEndsItsProcessWithAnErrorAndReleasesEverything() throws Exception {
        try (ProcessRig r = new ProcessRig()) {
            r.program("hoarder", ProcessLifecycleTest::hoarder);
            ProcessHandle p = r.start("hoarder", "throw");
            assertEquals(Sys.EXIT_FAILED, ProcessRig.exitOf(p));
            assertTrue(p.failure().contains("the program gave up"), p.failure());
            assertNothingLeft(r, p, List.of(p.defaultCpua().resourceName()));
        }
    }

    @Test
    void aProgramThatThrowsAnErrorEndsItsProcessAndReleasesEverythingToo() throws Exception {
        try (ProcessRig r = new ProcessRig()) {
            r.program("hoarder", ProcessLifecycleTest::hoarder);
            ProcessHandle p = r.start("hoarder", "error");
            assertEquals(Sys.EXIT_FAILED, ProcessRig.exitOf(p));
            assertTrue(p.failure().contains("StackOverflowError") && p.failure().contains("recursed too deep"),
                    "the process keeps the Error's cause: " + p.failure());
            assertNothingLeft(r, p, List.of(p.defaultCpua().resourceName()));
            r.program("after", (sys, args) -> 4);
            assertEquals(4, ProcessRig.exitOf(r.start("after")), "the kernel runs the next process");
        }
    }

    @Test
    void mainReturningEndsTheProcessAndKillsItsOtherThreads() throws Exception {
        try (ProcessRig r = new ProcessRig()) {
            AtomicReference<KThread> other = new AtomicReference<>();
            r.program("quitter", (sys, args) -> {
                sys.threadCreate(Rid.NONE, (s, a) -> {
                    for (;;) {
                        s.preempt();
                    }
                }, 0).value();
                return 3;
            });
            ProcessHandle p = r.start("quitter");
            assertEquals(3, ProcessRig.exitOf(p));
            assertNothingLeft(r, p, List.of(p.defaultCpua().resourceName()));
        }
    }

    @Test
    void aParentLearnsOfItsChildsEndOnItsMessageQueue() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicReference<QueueMessage> notice = new AtomicReference<>();
            AtomicLong childRid = new AtomicLong();
            r.program("child", (sys, args) -> Long.parseLong(args.get(0)));
            r.program("parent", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                Rid child = sys.processStart("child", List.of("9"), mq).value();
                childRid.set(child.value());
                notice.set(sys.dequeue(mq, 4, Sys.FOREVER).value().get(0));
                return 0;
            });
            assertEquals(0, ProcessRig.exitOf(r.start("parent")));
            assertEquals(new QueueMessage(QueueMessage.PROCESS_EXIT, childRid.get(), 9), notice.get());
        }
    }

    @Test
    void aParentKillsItsChild() {
        try (ProcessRig r = new ProcessRig()) {
            r.program("child", (sys, args) -> {
                for (;;) {
                    sys.preempt();
                }
            });
            r.program("parent", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                Rid child = sys.processStart("child", List.of(), mq).value();
                sys.processKill(child, 77).value();
                return sys.dequeue(mq, 1, Sys.FOREVER).value().get(0).value();
            });
            assertEquals(77, ProcessRig.exitOf(r.start("parent")));
        }
    }

    @Test
    void aSuspendedCpuAggregateGetsNoCpuUntilResumed() throws Exception {
        try (ProcessRig r = new ProcessRig()) {
            AtomicLong spins = new AtomicLong();
            AtomicReference<String> seen = new AtomicReference<>("");
            r.program("cpuaswitch", (sys, args) -> {
                Rid cpua = sys.aopen("/cpuaggregate?share=1000").value();
                for (int i = 0; i < 2; i++) {
                    sys.threadCreate(cpua, (s, a) -> {
                        for (;;) {
                            spins.incrementAndGet();
                            s.preempt();
                        }
                    }, i).value();
                }
                while (spins.get() == 0) {
                    sys.threadYield();
                }
                sys.cpuaSuspend(cpua).value();
                sys.threadSuspend(sys.threadSelf(), 20_000);   // running threads stop at their next preemption point
                long frozen = spins.get();
                sys.threadSuspend(sys.threadSelf(), 30_000);
                seen.set(spins.get() == frozen ? "held" : "ran while suspended");
                sys.cpuaResume(cpua).value();
                while (spins.get() == frozen) {
                    sys.threadYield();
                }
                return 0;
            });
            assertEquals(0, ProcessRig.exitOf(r.start("cpuaswitch")));
            assertEquals("held", seen.get());
        }
    }

    @Test
    void stoppingTheProcessAndThreadResourcesKillsEveryProcessAndDetachesEveryTrInstance() throws Exception {
        try (ProcessRig r = new ProcessRig()) {
            r.program("hoarder", ProcessLifecycleTest::hoarder);
            ProcessHandle p = r.start("hoarder");
            List<String> trs = trInstancesOf(r, p);
            r.pr.deactivate();
            assertEquals(Sys.EXIT_KILLED, ProcessRig.exitOf(p));
            r.threads.deactivate();
            assertNothingLeft(r, p, trs);
        }
    }
}
