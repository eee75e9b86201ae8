package org.omnikernel.bench;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
import org.omnikernel.okrt.internal.CorePause;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.omnikernel.scheduler.priority.PriorityFactory;
import org.omnikernel.scheduler.roundrobin.RoundRobinFactory;
import org.omnikernel.scheduler.wfq.WfqFactory;

/**
 * {@code hot-swap}: {@link Kernel#swapScheduler} under sustained ordered load.
 *
 * <p>A kernel on all cores (round robin as the CPU scheduler and for every resource) gets two
 * resources: {@value #TARGET}, whose only handler checks, per dependency label, that every sequence
 * number arrives exactly once and in order, and {@value #SOURCE}, which only sends. One sender thread
 * keeps {@code activities × labels} ordered chains flowing into the target for the whole run, each
 * chain with at most {@code window} messages sent but not yet delivered, so memory stays bounded.
 * After a warm-up under load (its second half already swapping, {@value #WARMUP_SWAPS} swaps reported
 * apart, so that the swap path's classes are loaded and its code compiled), the benchmark swaps the
 * target's scheduler {@code swaps} times, evenly spread over {@code seconds}, each time to the next of
 * {@value WfqFactory#NAME} → {@value PriorityFactory#NAME} → {@value RoundRobinFactory#NAME}; after
 * every {@code cpuEvery}-th of those it also swaps {@code okrt.cpu} to the other of
 * {@value WfqFactory#NAME} and {@value RoundRobinFactory#NAME}. Then the sender stops and the
 * benchmark waits (bounded) for every sent message to run. Every message of the whole run is checked.
 *
 * <p>Two pause figures: the longest time {@code swapScheduler} reports it held a core (OKRT's clock
 * around the hand-over of clients on that core, wall time, so it includes any time the OS took the
 * core's thread away), and, independently, the longest interval between two consecutive handler
 * invocations on one core that overlaps a swap, as the handler sees it (the same figure for intervals
 * that overlap no swap is the baseline: OS preemption, the sender falling behind, a core parking when
 * its queues run dry). Each swap is annotated with whether a garbage collection ran and whether a
 * core thread was involuntarily switched out (Linux {@code /proc}) between its call and its
 * completion. Besides {@value #SUMMARY}, {@value #SWAP_LOG} lists every swap and {@value #GAP_LOG}
 * every dispatch gap of 1 ms or more.
 */
final class HotSwapBenchmark implements Benchmark {

    static final String NAME = "hot-swap";
    static final String TARGET = "resource.swapped";
    static final String SOURCE = "resource.sender";
    static final String STEP = "STEP";
    static final String CPU = "okrt.cpu";
    static final String SUMMARY = "summary.json";
    static final String SWAP_LOG = "swaps.csv";
    static final String GAP_LOG = "gaps.csv";
    /** Dispatch gaps at least this long go to {@value #GAP_LOG}, at most {@value #GAP_LOG_CAP} per core. */
    static final long GAP_LOG_NANOS = 1_000_000;
    static final int GAP_LOG_CAP = 10_000;

    /** The target's schedulers in swap order; it starts under the last one. */
    static final List<String> POLICIES = List.of(WfqFactory.NAME, PriorityFactory.NAME, RoundRobinFactory.NAME);
    /** The CPU scheduler's in swap order; it starts under the last one. */
    static final List<String> CPU_POLICIES = List.of(WfqFactory.NAME, RoundRobinFactory.NAME);

    static final int DEFAULT_SWAPS = 200;
    /**
     * Messages per second the sender offers unless told otherwise: sustained load that leaves the
     * machine a processor's worth of headroom on two cores, so that the pause measured is the swap's
     * and not the OS sharing two processors among four busy threads; {@code --rate 0} saturates.
     */
    static final double DEFAULT_RATE = 200_000;
    /**
     * Swaps during the warm-up (when there is one), reported apart: class loading and JIT of the swap path.
     * Enough that the hand-over's code is compiled (30 left it interpreted: about 60 us of CPU a hand-over
     * against about 27 after 300), as a kernel that swaps often would have it.
     */
    static final int WARMUP_SWAPS = 300;
    static final int CPU_EVERY = 10;
    static final int ACTIVITIES = 4;
    static final int LABELS_PER_ACTIVITY = 4;
    static final int WINDOW = 256;
    static final long HANDLER_NS = 0;
    static final int BATCH = 8;
    /** Goal of the issue: no swap pauses a core longer than this. */
    static final double PAUSE_GOAL_US = 1000;

    private static final long SWAP_TIMEOUT_SECONDS = 10;
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long PLACEMENT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** OKRT names its core threads so. */

    /**
     * What to run.
     *
     * @param swaps             swaps of the target's scheduler
     * @param seconds           the swap phase: the swaps are spread evenly over it
     * @param warmup            load before the measured swaps (JIT, routes placed): the first half load alone,
     *                          the second half {@value #WARMUP_SWAPS} swaps that are reported apart
     * @param activities        activities sending
     * @param labelsPerActivity dependency labels (ordered chains) per activity
     * @param window            most messages of one label sent and not yet delivered
     * @param handlerNs         busy work per message in the handler, besides the checks
     * @param cpuEvery          the CPU scheduler is swapped after every this many target swaps
     * @param rate              messages per second the sender offers in all; 0 for as many as the kernel takes
     */
    record Settings(int swaps, double seconds, double warmup, int activities, int labelsPerActivity, int window,
            long handlerNs, int cpuEvery, double rate) {

        static Settings of(BenchOptions o) {
            return new Settings(DEFAULT_SWAPS, o.seconds(), o.warmup(), ACTIVITIES, LABELS_PER_ACTIVITY, WINDOW, HANDLER_NS,
                    CPU_EVERY, Double.isNaN(o.rate()) ? DEFAULT_RATE : o.rate());
        }

        int labels() {
            return activities * labelsPerActivity;
        }
    }

    /** One swap, for {@value #SWAP_LOG}. */
    record SwapRecord(boolean warmup, int index, String name, String policy, long atNanos, CorePause pause, long latencyNanos,
            boolean gc, Boolean preempted, String failure) {

        /** @return the hand-over's wall time in ns, -1 when the swap failed */
        long pauseNanos() {
            return pause == null ? -1 : pause.wallNanos();
        }

        /** @return the hand-over's CPU time in ns, -1 when the swap failed */
        long pauseCpuNanos() {
            return pause == null ? -1 : pause.cpuNanos();
        }
    }

    /** One long dispatch gap, for {@value #GAP_LOG}: it ended {@code endNanos} after the swap phase began. */
    record GapRecord(int core, long endNanos, long gapNanos, boolean acrossSwap) {
    }

    /** The outcome of a run. */
    record Result(Map<String, Object> summary, boolean passed, String verdict, List<SwapRecord> swaps, List<GapRecord> gaps) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return DEFAULT_SWAPS + " swaps of a resource's scheduler (propshare.wfq, priority.strict, roundrobin), every "
                + CPU_EVERY + "th with one of okrt.cpu's, under ordered load: loss, duplicates, order, pauses\n"
                + "            (--seconds: the swap phase, --warmup: load before it; --trials unused)";
    }

    @Override
    public void run(BenchOptions options, PrintStream out, PrintStream log) throws Exception {
        Result r = runAndWrite(Settings.of(options), options.out(), out, log);
        if (!r.passed()) {
            throw new BenchmarkFailure(r.verdict());
        }
    }

    /**
     * Runs the settings, prints the summary and writes {@code dir/summary.json}; the entry point for tests.
     *
     * @return the result; its verdict is a failure when a message was lost, run twice or out of order,
     *         a send was refused or a swap failed
     */
    static Result runAndWrite(Settings s, Path dir, PrintStream out, PrintStream log) throws Exception {
        Result r = run(s, log);
        out.print(HotSwapReport.text(r.summary(), r.passed(), r.verdict()));
        Files.createDirectories(dir);
        Path summary = dir.resolve(SUMMARY);
        Files.writeString(summary, Json.write(r.summary()) + "\n", StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder(
                "phase,swap,scheduler_of,new_scheduler,at_ms,pause_us,pause_cpu_time_us,latency_us,gc_during,core_preempted,"
                + "failure\n");
        for (SwapRecord w : r.swaps()) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%.3f,%.1f,%.1f,%.1f,%b,%s,%s%n", w.warmup() ? "warmup" : "measured",
                    w.index(), w.name(), w.policy(),
                    w.atNanos() / 1e6, w.pauseNanos() / 1e3, w.pauseCpuNanos() / 1e3, w.latencyNanos() / 1e3, w.gc(),
                    w.preempted() == null ? "" : w.preempted().toString(),
                    w.failure() == null ? "" : '"' + w.failure().replace('"', '\'') + '"'));
        }
        Files.writeString(dir.resolve(SWAP_LOG), csv, StandardCharsets.UTF_8);
        StringBuilder gaps = new StringBuilder("core,start_ms,end_ms,gap_us,across_swap\n");
        for (GapRecord g : r.gaps()) {
            gaps.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%.1f,%b%n", g.core(), (g.endNanos() - g.gapNanos()) / 1e6,
                    g.endNanos() / 1e6, g.gapNanos() / 1e3, g.acrossSwap()));
        }
        Files.writeString(dir.resolve(GAP_LOG), gaps, StandardCharsets.UTF_8);
        out.println("wrote " + summary.toAbsolutePath() + ", " + SWAP_LOG + ", " + GAP_LOG);
        return r;
    }

    static SchedulerConfig config(int cores) throws ConfigException {
        String xml = "<schedulerconfig batch='" + BATCH + "'><cpuscheduler scheduler='" + RoundRobinFactory.NAME
                + "' core='0-?'/><resourcescheduler resource='*' scheduler='" + RoundRobinFactory.NAME
                + "' core='0-?'/></schedulerconfig>";
        GridCatalog catalog = new GridCatalog(Set.of(TARGET, SOURCE),
                Set.of(RoundRobinFactory.NAME, WfqFactory.NAME, PriorityFactory.NAME));
        return new SchedulerConfigParser(catalog, cores).parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                "hot-swap.xml");
    }

    static Result run(Settings s, PrintStream log) throws Exception {
        int machineCores = Runtime.getRuntime().availableProcessors();
        Map<String, SchedulerFactory> factories = new HashMap<>();
        for (SchedulerFactory f : List.of(new RoundRobinFactory(), new WfqFactory(), new PriorityFactory())) {
            factories.put(f.name(), f);
        }
        Kernel kernel = new Kernel(config(machineCores), factories::get);
        int cores = kernel.cores();
        SwapLoad shared = new SwapLoad(s, cores);
        ResourceInterface target = ResourceInterface.named(TARGET).request(STEP, shared::handle, Long.class).build();
        ResourceInterface source = ResourceInterface.named(SOURCE).request("NOP", (ctx, m) -> { }).build();
        log.printf(Locale.ROOT, "%s: %d swaps over %.2f s after %.2f s warm-up; %d activities x %d labels, window %d; "
                + "%d cores, Java %s%n", NAME, s.swaps(), s.seconds(), s.warmup(), s.activities(), s.labelsPerActivity(),
                s.window(), cores, Runtime.version());

        SwapFigures swaps = new SwapFigures(false);
        SwapFigures warmupSwaps = new SwapFigures(true);
        Thread sender = null;
        long phaseNanos;
        long phaseDelivered;
        long drainNanos;
        ResourceStatistics stats;
        kernel.start();
        try {
            kernel.attach((Resource) () -> target).orElseThrow(() -> new IllegalStateException("cannot attach " + TARGET));
            ResourceContext src = kernel.attach((Resource) () -> source)
                    .orElseThrow(() -> new IllegalStateException("cannot attach " + SOURCE));
            seed(kernel, src, shared);
            shared.findCoreTasks();

            ResourceContext from = src;
            sender = new Thread(() -> shared.send(from), "hot-swap-sender");
            sender.setDaemon(true);
            sender.start();
            long warm = MessagePathBenchmark.nanos(s.warmup());
            if (warm > 0) {
                // Load alone for the first half, then swaps: the swap path's classes load and its code compiles here.
                MessagePathBenchmark.sleepNanos(warm / 2);
                long w0 = System.nanoTime();
                warmupSwaps.t0 = w0;
                swapPhase(kernel, shared, warmupSwaps, WARMUP_SWAPS, w0, (warm - warm / 2) / WARMUP_SWAPS, log);
            }

            long interval = MessagePathBenchmark.nanos(s.seconds()) / Math.max(1, s.swaps());
            shared.measuring = true;
            long t0 = System.nanoTime();
            swaps.t0 = t0;
            long d0 = shared.delivered();
            long p0 = shared.corePreemptions();
            swapPhase(kernel, shared, swaps, s.swaps(), t0, interval, log);
            shared.measuring = false;
            phaseNanos = System.nanoTime() - t0;
            long p1 = shared.corePreemptions();
            swaps.phasePreemptions = p0 < 0 || p1 < 0 ? -1 : p1 - p0;
            phaseDelivered = shared.delivered() - d0;

            shared.sending = false;
            sender.join(TimeUnit.SECONDS.toMillis(10));
            long drainStart = System.nanoTime();
            drain(shared);
            drainNanos = System.nanoTime() - drainStart;
            stats = kernel.statistics().resource(TARGET);
        } finally {
            shared.sending = false;
            kernel.stop();
        }
        if (sender.isAlive()) {
            throw new IllegalStateException("the sender thread did not stop");
        }
        return HotSwapReport.result(s, cores, shared, swaps, warmupSwaps, phaseNanos, phaseDelivered, drainNanos, stats);
    }

    /**
     * Starts every chain with one message, one chain at a time, each after the previous one's first
     * message ran: round robin's load share puts a new route on the core with the fewest clients and
     * learns of a queue only when its core registers it, so this spreads the chains over the cores.
     */
    private static void seed(Kernel kernel, ResourceContext src, SwapLoad shared) throws InterruptedException {
        Settings s = shared.settings;
        for (int a = 0; a < s.activities(); a++) {
            Activity activity = kernel.createActivity("hot-swap-" + a, Parameters.of("share", Long.toString(10_000L * (a + 1))));
            for (int l = 0; l < s.labelsPerActivity(); l++) {
                shared.chains.add(new SwapChain(src.newDependencyLabel(activity, shared.chains.size())));
            }
        }
        for (SwapChain c : shared.chains) {
            SendResult r = src.sendOrdered(c.label, TARGET, STEP, 0L);
            if (!r.isOk()) {
                throw new IllegalStateException("seeding " + TARGET + " failed: " + r);
            }
            c.sent = 1;
            long deadline = System.nanoTime() + PLACEMENT_TIMEOUT_NANOS;
            while (c.next == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the first message of " + c.label + " did not run within 10 s");
                }
                Thread.sleep(1);
            }
        }
    }

    /**
     * {@code count} swaps of the target's scheduler, one every {@code interval} ns from {@code t0} (each in the
     * middle of its slot), each to the policy after the one in force; after every {@code cpuEvery}-th also one of
     * the CPU scheduler, to the other CPU policy.
     */
    private static void swapPhase(Kernel kernel, SwapLoad shared, SwapFigures swaps, int count, long t0, long interval,
            PrintStream log) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            sleepUntil(t0 + i * interval + interval / 2);
            String policy = POLICIES.get((POLICIES.indexOf(shared.resourcePolicy) + 1) % POLICIES.size());
            swap(kernel, shared, swaps, i, TARGET, policy, swaps.resourcePauses);
            if ((i + 1) % shared.settings.cpuEvery() == 0) {
                String cpu = CPU_POLICIES.get((CPU_POLICIES.indexOf(shared.cpuPolicy) + 1) % CPU_POLICIES.size());
                swap(kernel, shared, swaps, i, CPU, cpu, swaps.cpuPauses);
            }
            if (!swaps.warmup && (i + 1) % 50 == 0) {
                log.printf(Locale.ROOT, "  %d swaps, %d messages delivered%n", i + 1, shared.delivered());
            }
        }
        sleepUntil(t0 + count * interval);
    }

    /** One swap: its pause, its latency and the epoch the handler classifies gaps by. */
    private static void swap(Kernel kernel, SwapLoad shared, SwapFigures swaps, int index, String name, String policy,
            List<CorePause> pauses) {
        long gcBefore = gcCount();
        long preemptionsBefore = shared.corePreemptions();
        long start = System.nanoTime();
        CorePause pause = null;
        String failure = null;
        shared.epoch++;
        try {
            pause = kernel.swapScheduler(name, policy, Parameters.EMPTY).toCompletableFuture()
                    .get(SWAP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            pauses.add(pause);
            if (name.equals(CPU)) {
                shared.cpuPolicy = policy;
            } else {
                shared.resourcePolicy = policy;
            }
        } catch (IllegalArgumentException | ExecutionException | TimeoutException e) {
            swaps.failures++;
            failure = e.toString();
            if (swaps.firstFailure == null) {
                swaps.firstFailure = "swap of " + name + " to " + policy + ": " + e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a swap", e);
        } finally {
            shared.epoch++;
            long latency = System.nanoTime() - start;
            boolean gc = gcCount() != gcBefore;
            long preemptionsAfter = shared.corePreemptions();
            Boolean preempted = preemptionsBefore < 0 || preemptionsAfter < 0 ? null : preemptionsAfter != preemptionsBefore;
            swaps.maxLatency = Math.max(swaps.maxLatency, latency);
            if (!gc && Boolean.FALSE.equals(preempted) && pause != null) {
                swaps.maxPauseUndisturbed = Math.max(swaps.maxPauseUndisturbed, pause.wallNanos());
            }
            swaps.gcOverlaps += gc ? 1 : 0;
            swaps.preempted += Boolean.TRUE.equals(preempted) ? 1 : 0;
            swaps.log.add(new SwapRecord(swaps.warmup, index, name, policy, start - swaps.t0, pause, latency, gc, preempted,
                    failure));
        }
    }

    /** @return the garbage collections the JVM has run so far */
    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }

    /** Waits, bounded, until every message sent has run. */
    private static void drain(SwapLoad shared) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        while (System.nanoTime() - deadline < 0) {
            boolean done = true;
            for (SwapChain c : shared.chains) {
                if (c.distinct() < c.sent) {
                    done = false;
                    break;
                }
            }
            if (done) {
                return;
            }
            Thread.sleep(1);
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            MessagePathBenchmark.sleepNanos(left);
        }
    }


}
