package org.omnikernel.resource.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;

/** Bad RIDs, unknown paths, bad parameters: error codes with a message; the process carries on. */
class BadInputTest {

    private record Outcome(String call, Err error, String message) {
    }

    @Test
    void badCallsGetErrorCodesThatNameTheProblemAndTheProcessCarriesOn() {
        try (ProcessRig r = new ProcessRig()) {
            List<Outcome> outcomes = new ArrayList<>();
            r.program("clumsy", (sys, args) -> {
                Rid mq = sys.aopen("/messagequeue").value();
                record Call(String name, Supplier<Result<?>> call) {
                }
                for (Call c : List.of(
                        new Call("aopen /nosuch", () -> sys.aopen("/nosuch/thing")),
                        new Call("aopen relative", () -> sys.aopen("messagequeue")),
                        new Call("aopen share=abc", () -> sys.aopen("/cpuaggregate?share=abc")),
                        new Call("aopen share=0", () -> sys.aopen("/ioaggregate?share=0")),
                        new Call("aopen policy=nosuch", () -> sys.aopen("/cpuaggregate?policy=nosuch?share=5")),
                        new Call("aopen colour=red", () -> sys.aopen("/memoryaggregate?colour=red")),
                        new Call("aopen a flag a queue does not take", () -> sys.aopen("/messagequeue?create")),
                        new Call("aopen a nameless parameter", () -> sys.aopen("/messagequeue?=x")),
                        new Call("enqueue rid 999", () -> sys.enqueue(new Rid(999), QueueMessage.user(0, 0), 0)),
                        new Call("enqueue to a CPUA", () -> sys.enqueue(sys.defaultCpua(), QueueMessage.user(0, 0), 0)),
                        new Call("enqueue delay -1", () -> sys.enqueue(mq, QueueMessage.user(0, 0), -1)),
                        new Call("dequeue size -1", () -> sys.dequeue(mq, -1, 0)),
                        new Call("dequeue timeout -5", () -> sys.dequeue(mq, 1, -5)),
                        new Call("aclose rid 999", () -> sys.aclose(new Rid(999))),
                        new Call("aclose default CPUA", () -> sys.aclose(sys.defaultCpua())),
                        new Call("join a queue", () -> sys.threadJoin(mq)),
                        new Call("resume a running thread", () -> sys.threadResume(sys.threadSelf())),
                        new Call("start nosuch", () -> sys.processStart("nosuch", List.of(), Rid.NONE)),
                        new Call("kill rid 999", () -> sys.processKill(new Rid(999), 0)))) {
                    Result<?> res = c.call().get();
                    outcomes.add(new Outcome(c.name(), res.error(), res.message()));
                }
                sys.enqueue(mq, QueueMessage.user(1, 2), 0).value();
                return sys.dequeue(mq, 1, Sys.FOREVER).value().get(0).value();
            });
            assertEquals(2, ProcessRig.exitOf(r.start("clumsy")), "the process did not carry on after the bad calls");
            List<Err> expected = List.of(Err.NO_SUCH_PATH, Err.NO_SUCH_PATH, Err.BAD_PARAMETER, Err.BAD_PARAMETER,
                    Err.BAD_PARAMETER, Err.BAD_PARAMETER, Err.BAD_PARAMETER, Err.BAD_PARAMETER, Err.BAD_RID,
                    Err.WRONG_KIND, Err.BAD_PARAMETER,
                    Err.BAD_PARAMETER, Err.BAD_PARAMETER, Err.BAD_RID, Err.NOT_PERMITTED, Err.WRONG_KIND,
                    Err.NOT_PERMITTED, Err.NO_SUCH_PROGRAM, Err.BAD_RID);
            assertEquals(expected, outcomes.stream().map(Outcome::error).toList(), outcomes::toString);
            for (Outcome o : outcomes) {
                assertTrue(!o.message().isBlank(), o.call() + " has no message");
            }
            assertTrue(outcomes.get(4).message().contains("nosuch"), outcomes.get(4).message());
            assertTrue(outcomes.get(6).message().contains("create"), outcomes.get(6).message());
            assertTrue(outcomes.get(7).message().contains("no name"), outcomes.get(7).message());
            assertTrue(outcomes.get(11).message().contains("-1"), outcomes.get(11).message());
        }
    }

    @Test
    void aJvmThreadThatIsNotAKernelThreadGetsAnErrorNotAnException() {
        try (ProcessRig r = new ProcessRig()) {
            java.util.concurrent.atomic.AtomicReference<Sys> leaked = new java.util.concurrent.atomic.AtomicReference<>();
            r.program("leaker", (sys, args) -> {
                leaked.set(sys);
                return 0;
            });
            ProcessRig.exitOf(r.start("leaker"));
            assertEquals(Err.NOT_A_KERNEL_THREAD, leaked.get().aopen("/messagequeue").error());
        }
    }
}
