package org.omnikernel.resource.process.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.resource.mqueue.internal.MessageQueues;
import org.omnikernel.resource.thread.internal.ThreadResources;
import org.omnikernel.scheduler.roundrobin.RoundRobinFactory;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.scheduler.wfq.WfqFactory;
import org.omnikernel.syscall.Program;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.PathProvider;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.ProcessSpec;

/**
 * A real kernel on two cores (CPU scheduler WFQ, round robin elsewhere) with the thread, message-queue
 * and process resources wired as Declarative Services would wire them.
 */
final class ProcessRig implements AutoCloseable {

    static final String GRID = """
            <schedulerconfig batch="8">
              <cpuscheduler scheduler="propshare.wfq" core="0-?"/>
              <resourcescheduler resource="*" metric="cpu" scheduler="roundrobin" core="0-?" cpushare="1000"/>
            </schedulerconfig>
            """;

    final KernelRig rig;
    final Kernel kernel;
    final ThreadResources threads;
    final MessageQueues queues;
    final ProcessResource pr;

    ProcessRig(long timesliceMicros) {
        rig = KernelRig.boot(GRID, 2, Set.of(MessageQueues.NAME, ProcessResource.NAME), new RoundRobinFactory(),
                new WfqFactory());
        kernel = rig.kernel();
        threads = new ThreadResources(kernel, timesliceMicros);
        queues = new MessageQueues(threads);
        kernel.attach(queues).orElseThrow();
        pr = new ProcessResource(kernel, threads);
        kernel.attach(pr).orElseThrow();
        pr.addProvider(threads, Map.of(PathProvider.PREFIX, ThreadResources.PATH));
        pr.addProvider(queues, Map.of(PathProvider.PREFIX, MessageQueues.PATH));
        pr.addProvider(new ActivityAggregates(kernel), Map.of(PathProvider.PREFIX,
                new String[] {ActivityAggregates.IOA_PATH, ActivityAggregates.MEMA_PATH}));
    }

    ProcessRig() {
        this(ThreadResources.DEFAULT_TIMESLICE_MICROS);
    }

    void program(String name, Program p) {
        pr.addProgram(p, Map.of(Program.NAME, name));
    }

    ProcessHandle start(String program, String... args) {
        Result<ProcessHandle> p = pr.start(ProcessSpec.of(program, List.of(args)));
        assertTrue(p.isOk(), () -> "start " + program + ": " + p);
        return p.value();
    }

    /** @return the exit status, failing the test after 20 s */
    static long exitOf(ProcessHandle p) {
        try {
            return p.exit().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(p + " did not end: " + e, e);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within 20 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        rig.close();
    }
}
