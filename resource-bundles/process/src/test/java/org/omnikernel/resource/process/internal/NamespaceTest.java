package org.omnikernel.resource.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.CpuAggregate;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.ProcessSpec;

/**
 * aopen resolves a path to the resource that provides it and takes its parameters; aclose destroys
 * what a RID names; RIDs are per process.
 */
class NamespaceTest {

    @Test
    void aggregatePathsMakeActivitiesAndTrInstancesWithThePolicyAndShareTheyName() throws Exception {
        try (ProcessRig r = new ProcessRig()) {
            r.program("opener", (sys, args) -> {
                Rid cpua = sys.aopen("/cpuaggregate?policy=propshare.wfq?share=300").value();
                sys.aopen("/ioaggregate?share=7").value();
                sys.aopen("/memoryaggregate?share=9").value();
                sys.threadCreate(cpua, (s, a) -> s.threadSuspend(s.threadSelf(), Sys.FOREVER).isOk() ? 0 : 1, 0).value();
                return sys.threadSuspend(sys.threadSelf(), Sys.FOREVER).isOk() ? 0 : 1;
            });
            ProcessHandle p = r.start("opener");
            ProcessRig.await("the thread in the opened CPU aggregate", () -> p.threads().size() == 2);
            CpuAggregate opened = p.threads().stream().map(KThread::cpua).filter(c -> c != p.defaultCpua())
                    .findFirst().orElseThrow();
            assertEquals("propshare.wfq", opened.policy());
            assertEquals(300, opened.share());
            SchedulerSpec tr = runningSpec(r, opened.resourceName());
            assertEquals("propshare.wfq", tr.scheduler(), "the TR instance runs under the path's policy");
            assertEquals(300, tr.cpushare(), "and is weighted by its share at the CPU scheduler");
            assertEquals(1, tr.batch(), "one timeslice per dispatch");
            SchedulerSpec defaultTr = runningSpec(r, p.defaultCpua().resourceName());
            assertEquals(ProcessSpec.DEFAULT_POLICY, defaultTr.scheduler());
            assertEquals(ProcessSpec.DEFAULT_SHARE, defaultTr.cpushare());

            String name = p.program() + "." + p.id() + ".";
            assertEquals(List.of(9L, 1000L), shares(r, name + "mema"), "the default MEMA and the opened one");
            assertEquals(List.of(7L, 1000L), shares(r, name + "ioa"), "the default IOA and the opened one");
            assertEquals(2, r.kernel.activities().stream().filter(a -> a.name().equals(name + "cpua")).count());

            p.kill(0);
            ProcessRig.exitOf(p);
            assertTrue(r.kernel.resourceId(opened.resourceName()).isEmpty(), "the TR instance outlived its process");
        }
    }

    private static SchedulerSpec runningSpec(ProcessRig r, String resource) {
        return r.kernel.runningConfig().resources().stream().filter(s -> s.resource().equals(resource)).findFirst()
                .orElseThrow(() -> new AssertionError(resource + " is not in the running grid"));
    }

    private static List<Long> shares(ProcessRig r, String activityName) {
        return r.kernel.activities().stream().filter(a -> a.name().equals(activityName))
                .map(a -> Long.parseLong(a.parameters().get("share"))).sorted().toList();
    }

    @Test
    void acloseDestroysWhatARidNamesButNotAnAggregateWithLiveThreads() {
        try (ProcessRig r = new ProcessRig()) {
            List<Err> outcomes = new ArrayList<>();
            AtomicReference<String> tr = new AtomicReference<>();
            AtomicInteger queuesAfterClose = new AtomicInteger(-1);
            r.program("closer", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                sys.enqueue(mq, QueueMessage.user(1, 1), 0).value();
                Rid cpua = sys.aopen("/cpuaggregate?share=10").value();
                Rid t = sys.threadCreate(cpua, (s, a) -> {
                    tr.set(r.threads.current().orElseThrow().cpua().resourceName());
                    return s.threadSuspend(s.threadSelf(), Sys.FOREVER).isOk() ? 5 : 6;
                }, 0).value();
                outcomes.add(sys.aclose(cpua).error());
                outcomes.add(sys.aclose(t).error());
                while (!sys.threadResume(t).isOk()) {
                    sys.threadYield();
                }
                long status = sys.threadJoin(t).value();
                outcomes.add(sys.aclose(t).error());
                outcomes.add(sys.aclose(cpua).error());
                outcomes.add(sys.aclose(mq).error());
                queuesAfterClose.set(r.queues.openQueues());
                outcomes.add(sys.enqueue(mq, QueueMessage.user(1, 1), 0).error());
                outcomes.add(sys.aclose(cpua).error());
                while (r.kernel.resourceId(tr.get()).isPresent()) {   // detaching takes a round of messages
                    sys.threadYield();
                }
                return status;
            });
            assertEquals(5, ProcessRig.exitOf(r.start("closer")), "the thread was not resumed");
            assertEquals(Arrays.asList(Err.BUSY, Err.BUSY, null, null, null, Err.BAD_RID, Err.BAD_RID), outcomes,
                    "aclose of: the CPUA with a live thread, the live thread, the exited thread, the CPUA, the queue; "
                            + "then the closed queue and CPUA");
            assertEquals(0, queuesAfterClose.get(), "the closed queue is gone from MQ");
        }
    }

    @Test
    void ridsArePerProcess() {
        try (ProcessRig r = new ProcessRig()) {
            AtomicLong childQueue = new AtomicLong();
            AtomicReference<Err> parentQueueAfter = new AtomicReference<>();
            r.program("child", (sys, args) -> {
                Rid mine = sys.aopen("/messagequeue").value();
                childQueue.set(mine.value());
                sys.enqueue(mine, QueueMessage.user(1, 5), 0).value();
                return sys.dequeue(mine, 1, 0).value().get(0).value();
            });
            r.program("parent", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                sys.processStart("child", List.of(), mq).value();
                QueueMessage end = sys.dequeue(mq, 1, Sys.FOREVER).value().get(0);
                parentQueueAfter.set(sys.dequeue(mq, 1, 0).error());
                return QueueMessage.PROCESS_EXIT.equals(end.type()) ? mq.value() * 100 + end.value() : -1;
            });
            long status = ProcessRig.exitOf(r.start("parent"));
            assertEquals(childQueue.get() * 100 + 5, status,
                    "the child's queue has the parent's queue's number and took the child's message itself");
            assertEquals(Err.TIMEOUT, parentQueueAfter.get(), "nothing but the exit notice reached the parent's queue");
        }
    }
}
