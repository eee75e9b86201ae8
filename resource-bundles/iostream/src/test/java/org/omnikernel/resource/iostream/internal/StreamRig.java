package org.omnikernel.resource.iostream.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.resource.mqueue.internal.MessageQueues;
import org.omnikernel.resource.process.internal.ActivityAggregates;
import org.omnikernel.resource.process.internal.ProcessResource;
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
 * A real kernel on two cores with the thread, message-queue, process and I/O stream resources wired
 * as Declarative Services would wire them; {@link #attach} adds more (the flow resource's tests add
 * AIOR). Public so that resource-bundles/aio reuses it.
 */
public final class StreamRig implements AutoCloseable {

    static final String GRID = """
            <schedulerconfig batch="8">
              <cpuscheduler scheduler="propshare.wfq" core="0-?"/>
              <resourcescheduler resource="*" metric="cpu" scheduler="roundrobin" core="0-?" cpushare="1000"/>
            </schedulerconfig>
            """;

    /** The kernel rig. */
    public final KernelRig rig;
    /** Its kernel. */
    public final Kernel kernel;
    /** TR. */
    public final ThreadResources threads;
    /** MQ. */
    public final MessageQueues queues;
    /** PR. */
    public final ProcessResource pr;
    /** IOR. */
    public final IoStreamResource ior;

    /** @param moreResources names of resources the test attaches besides TR, MQ, PR and IOR */
    public StreamRig(String... moreResources) {
        Set<String> names = new HashSet<>(Set.of(MessageQueues.NAME, ProcessResource.NAME, IoStreamResource.NAME));
        names.addAll(List.of(moreResources));
        rig = KernelRig.boot(GRID, 2, names, new RoundRobinFactory(), new WfqFactory());
        kernel = rig.kernel();
        threads = new ThreadResources(kernel, ThreadResources.DEFAULT_TIMESLICE_MICROS);
        queues = new MessageQueues(threads);
        attach(queues);
        pr = new ProcessResource(kernel, threads);
        attach(pr);
        ior = new IoStreamResource(threads);
        attach(ior);
        pr.addProvider(threads, Map.of(PathProvider.PREFIX, ThreadResources.PATH));
        pr.addProvider(queues, Map.of(PathProvider.PREFIX, MessageQueues.PATH));
        pr.addProvider(ior, Map.of(PathProvider.PREFIX, IoStreamResource.PATH));
        pr.addProvider(new ActivityAggregates(kernel), Map.of(PathProvider.PREFIX,
                new String[] {ActivityAggregates.IOA_PATH, ActivityAggregates.MEMA_PATH}));
    }

    /** @param r a resource to attach to the kernel */
    public void attach(Resource r) {
        kernel.attach(r).orElseThrow();
    }

    /**
     * @param name the program's name
     * @param p    the program
     */
    public void program(String name, Program p) {
        pr.addProgram(p, Map.of(Program.NAME, name));
    }

    /**
     * @param program the program's name
     * @param args    its arguments
     * @return the running process
     */
    public ProcessHandle start(String program, String... args) {
        Result<ProcessHandle> p = pr.start(ProcessSpec.of(program, List.of(args)));
        assertTrue(p.isOk(), () -> "start " + program + ": " + p);
        return p.value();
    }

    /**
     * @param p a process
     * @return its exit status, failing the test after 30 s
     */
    public static long exitOf(ProcessHandle p) {
        try {
            return p.exit().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(p + " did not end: " + e, e);
        }
    }

    /**
     * @param what      what is awaited, for the failure message
     * @param condition true once it has happened
     * @throws InterruptedException when interrupted
     */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within 20 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /**
     * @param p a process that has ended
     * @return whether any activity of it is left in the kernel
     */
    public boolean activitiesLeft(ProcessHandle p) {
        String prefix = p.program() + "." + p.id() + ".";
        return kernel.activities().stream().anyMatch(a -> a.name().startsWith(prefix));
    }

    @Override
    public void close() {
        rig.close();
    }
}
