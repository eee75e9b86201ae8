package org.omnikernel.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.config.ConfigException;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.omnikernel.scheduler.roundrobin.RoundRobinFactory;

/**
 * The OKRT side of the message-path benchmark: a fresh kernel with one resource whose only handler
 * runs the {@link Work} and sends the message it handles again, to itself, from inside the handler
 * ({@code ctx.send}). A fixed number of messages circulate; nothing produces from outside.
 *
 * <p>Load spread: the messages belong to {@value #ACTIVITIES} activities, each with its own affinity
 * label, so each activity is one route (source, affinity, activity) and one request queue. Round
 * robin's load share puts a new route on the core with the fewest clients; it learns of a queue only
 * when the core registers it, so the benchmark seeds one activity at a time and waits until its first
 * message ran before seeding the next; the activities then alternate between the cores.
 */
final class OkrtLoad {

    static final String RESOURCE = "resource.bench";
    static final String PING = "PING";
    static final int ACTIVITIES = 8;

    private static final long PLACEMENT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private OkrtLoad() {
    }

    /** The kernel configuration of one case, as the grid would read it from a file. */
    static String configXml(int batch) {
        return "<schedulerconfig batch='" + batch + "'><cpuscheduler scheduler='roundrobin' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='roundrobin' core='0-?'/></schedulerconfig>";
    }

    static SchedulerConfig config(int cores, int batch) throws ConfigException {
        String xml = configXml(batch);
        return new SchedulerConfigParser(new GridCatalog(Set.of(RESOURCE), Set.of(RoundRobinFactory.NAME, FifoScheduler.NAME)),
                cores).parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "message-path.xml");
    }

    /**
     * Boots a kernel, runs the closed loop, measures one window and stops the kernel.
     *
     * @param c           the case
     * @param inFlight    messages circulating
     * @param settleNanos run time before the window opens
     * @param windowNanos the window
     * @return the window's figures
     * @throws Exception when the kernel cannot be configured, a send fails, a handler fails or the
     *                   load does not place
     */
    static Trial run(MessagePathBenchmark.Case c, int inFlight, long settleNanos, long windowNanos) throws Exception {
        Map<String, SchedulerFactory> factories = new HashMap<>();
        SchedulerFactory rr = new RoundRobinFactory();
        SchedulerFactory fifo = new FifoScheduler();
        factories.put(rr.name(), rr);
        factories.put(fifo.name(), fifo);
        Kernel kernel = new Kernel(config(c.cores(), c.batch()), factories::get);
        if (kernel.cores() != c.cores()) {
            throw new IllegalStateException("kernel runs " + kernel.cores() + " cores, the case wants " + c.cores());
        }

        Work work = new Work(c.handlerNs());
        Loop loop = new Loop();
        ResourceInterface iface = ResourceInterface.named(RESOURCE).request(PING, (ctx, m) -> {
            work.perform();
            if (loop.running) {
                SendResult r = ctx.send(RESOURCE, PING);
                if (!r.isOk()) {
                    loop.sendFailures.increment();
                    loop.lastFailure = r;
                }
            }
        }).build();
        Resource resource = () -> iface;

        kernel.start();
        try {
            ResourceContext rc = kernel.attach(resource).orElseThrow(
                    () -> new IllegalStateException("the round-robin scheduler is not available to " + RESOURCE));
            seed(kernel, rc, inFlight);
            MessagePathBenchmark.sleepNanos(settleNanos);

            KernelSnapshot s0 = kernel.statistics();
            long c0 = work.completions();
            long t0 = System.nanoTime();
            MessagePathBenchmark.sleepNanos(windowNanos);
            long c1 = work.completions();
            long t1 = System.nanoTime();
            KernelSnapshot s1 = kernel.statistics();

            loop.running = false;
            drain(kernel);
            check(kernel, loop);
            return figures(c1 - c0, t1 - t0, s0, s1);
        } finally {
            loop.running = false;
            kernel.stop();
        }
    }

    /** What the handlers share with the benchmark thread. */
    private static final class Loop {
        volatile boolean running = true;
        final LongAdder sendFailures = new LongAdder();
        volatile SendResult lastFailure;
    }

    /** Puts {@code inFlight} messages in circulation, one activity (route) at a time. */
    private static void seed(Kernel kernel, ResourceContext rc, int inFlight) throws InterruptedException {
        int activities = Math.min(ACTIVITIES, inFlight);
        for (int i = 0; i < activities; i++) {
            int count = inFlight / activities + (i < inFlight % activities ? 1 : 0);
            Activity a = kernel.createActivity("bench-" + i, Parameters.EMPTY);
            long affinity = i;
            send(rc, a, affinity);
            long deadline = System.nanoTime() + PLACEMENT_TIMEOUT_NANOS;
            while (true) {
                ActivityStatistics st = kernel.statistics().activity(a.id());
                if (st != null && st.messages() > 0) {
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the first message of " + a + " did not run within 10 s");
                }
                Thread.sleep(1);
            }
            for (int n = 1; n < count; n++) {
                send(rc, a, affinity);
            }
        }
    }

    private static void send(ResourceContext rc, Activity a, long affinity) {
        SendResult r = rc.send(a, RESOURCE, PING, affinity);
        if (!r.isOk()) {
            throw new IllegalStateException("seeding " + RESOURCE + " failed: " + r);
        }
    }

    /** Waits, bounded, until the circulating messages have run out after the loop was told to stop. */
    private static void drain(Kernel kernel) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadline < 0) {
            ResourceStatistics r = kernel.statistics().resource(RESOURCE);
            if (r == null || r.queued() == 0) {
                return;
            }
            Thread.sleep(1);
        }
    }

    private static void check(Kernel kernel, Loop loop) {
        if (loop.sendFailures.sum() > 0) {
            throw new IllegalStateException(loop.sendFailures.sum() + " sends failed while running, the last: " + loop.lastFailure);
        }
        ResourceStatistics r = kernel.statistics().resource(RESOURCE);
        if (r != null && r.failures() > 0) {
            throw new IllegalStateException(RESOURCE + "'s handler failed " + r.failures() + " times");
        }
    }

    /** The window's figures from the completions counter and OKRT's ledger deltas. */
    static Trial figures(long completions, long windowNanos, KernelSnapshot s0, KernelSnapshot s1) {
        long overhead = 0;
        long unaccounted = 0;
        long elapsed = 0;
        long messages = 0;
        long busiest = 0;
        long cpu = 0;
        List<CoreStatistics> before = s0.cores();
        for (CoreStatistics after : s1.cores()) {
            CoreStatistics b = before.stream().filter(x -> x.core() == after.core()).findFirst().orElse(null);
            if (b == null) {
                continue;
            }
            overhead += after.overheadNanos() - b.overheadNanos();
            unaccounted += after.unaccountedNanos() - b.unaccountedNanos();
            elapsed += after.elapsedNanos() - b.elapsedNanos();
            cpu += after.threadCpuNanos() - b.threadCpuNanos();
            long m = after.messages() - b.messages();
            messages += m;
            busiest = Math.max(busiest, m);
        }
        double perMessage = messages == 0 ? Double.NaN : (double) overhead / messages;
        double unaccountedFraction = elapsed == 0 ? Double.NaN : (double) unaccounted / elapsed;
        double share = messages == 0 ? Double.NaN : (double) busiest / messages;
        // The cores sample their thread CPU clock every 10 ms, so this is exact to about 10 ms per core.
        double cpuShare = elapsed == 0 || cpu <= 0 ? Double.NaN : (double) cpu / elapsed;
        double perCpuSecond = cpu <= 0 ? Double.NaN : messages * 1e9 / cpu;
        return new Trial(completions, windowNanos, perMessage, unaccountedFraction, share, cpuShare, perCpuSecond);
    }
}
