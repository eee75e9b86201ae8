package org.omnikernel.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.config.ConfigException;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;
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
    /** Swaps during the warm-up (when there is one), reported apart: class loading and JIT of the swap path. */
    static final int WARMUP_SWAPS = 30;
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
    private static final String CORE_THREAD_PREFIX = "okrt-core-";
    private static final String NONVOLUNTARY = "nonvoluntary_ctxt_switches:";
    /** Messages one label may send in a row before the sender turns to the next label. */
    private static final int BURST = 32;

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
     */
    record Settings(int swaps, double seconds, double warmup, int activities, int labelsPerActivity, int window,
            long handlerNs, int cpuEvery) {

        static Settings of(BenchOptions o) {
            return new Settings(DEFAULT_SWAPS, o.seconds(), o.warmup(), ACTIVITIES, LABELS_PER_ACTIVITY, WINDOW, HANDLER_NS,
                    CPU_EVERY);
        }

        int labels() {
            return activities * labelsPerActivity;
        }
    }

    /** The checks of one dependency label; the handler updates it under its monitor. */
    private static final class Chain {
        final DependencyLabel label;
        /** Every sequence number below it has run (exactly once); read by the sender for its window. */
        volatile long next;
        /** Sequence numbers above {@link #next} that ran early; bounded by the window. */
        final Set<Long> ahead = new HashSet<>();
        long highest = -1;
        long invocations;
        long duplicates;
        long violations;
        /** Messages queued; written by the sender thread only. */
        volatile long sent;

        Chain(DependencyLabel label) {
            this.label = label;
        }

        synchronized void ran(long seq) {
            invocations++;
            if (seq < next || ahead.contains(seq)) {
                duplicates++;
                return;
            }
            if (seq < highest) {
                violations++; // ran after a later message of its chain
            }
            highest = Math.max(highest, seq);
            if (seq == next) {
                long n = seq + 1;
                while (ahead.remove(n)) {
                    n++;
                }
                next = n;
            } else {
                ahead.add(seq);
            }
        }

        synchronized long distinct() {
            return next + ahead.size();
        }
    }

    /** Dispatch gaps seen by the handler on one core; only that core's thread writes it. */
    private static final class CoreGaps {
        final int core;
        long last;
        int lastEpoch;
        long invocations;
        long maxDuringSwaps;
        long maxOutsideSwaps;
        /** Gaps of at least {@link #GAP_LOG_NANOS}: end time, length, 1 when across a swap; in triples. */
        final long[] longGaps = new long[3 * GAP_LOG_CAP];
        int longGapCount;

        CoreGaps(int core) {
            this.core = core;
        }
    }

    /** What the handler, the sender and the benchmark thread share. */
    private static final class Shared {
        final Settings settings;
        final List<Chain> chains = new ArrayList<>();
        final CoreGaps[] gaps;
        final Map<Integer, CoreGaps> otherGaps = new ConcurrentHashMap<>();
        final Work work;
        /** Odd while a swap is under way; the benchmark thread is the only writer. */
        volatile int epoch;
        /** Whether the handler measures gaps: the swap phase, while the sender offers load. */
        volatile boolean measuring;
        volatile boolean sending = true;
        /** The schedulers in force; the benchmark thread alone reads and writes them. */
        String resourcePolicy = RoundRobinFactory.NAME;
        String cpuPolicy = RoundRobinFactory.NAME;
        final LongAdder badMessages = new LongAdder();
        final LongAdder sendFailures = new LongAdder();
        final AtomicReference<String> firstSendFailure = new AtomicReference<>();
        /** The {@code /proc} status files of the kernel's core threads (Linux); empty when there are none. */
        final List<Path> coreTasks = new ArrayList<>();

        Shared(Settings settings, int cores) {
            this.settings = settings;
            this.gaps = new CoreGaps[cores];
            for (int i = 0; i < cores; i++) {
                gaps[i] = new CoreGaps(i);
            }
            this.work = new Work(settings.handlerNs());
        }

        /** Finds the core threads' status files; call after the kernel started. */
        void findCoreTasks() {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path t : tasks) {
                    try {
                        if (Files.readString(t.resolve("comm")).strip().startsWith(CORE_THREAD_PREFIX)) {
                            coreTasks.add(t.resolve("status"));
                        }
                    } catch (IOException e) {
                        // the thread ended
                    }
                }
            } catch (IOException | RuntimeException e) {
                coreTasks.clear();
            }
        }

        /** @return the involuntary context switches of the core threads so far, -1 when unknown */
        long corePreemptions() {
            if (coreTasks.isEmpty()) {
                return -1;
            }
            long n = 0;
            try {
                for (Path status : coreTasks) {
                    boolean found = false;
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith(NONVOLUNTARY)) {
                            n += Long.parseLong(line.substring(NONVOLUNTARY.length()).strip());
                            found = true;
                        }
                    }
                    if (!found) {
                        return -1;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return n;
        }

        CoreGaps gaps(int core) {
            return core >= 0 && core < gaps.length ? gaps[core] : otherGaps.computeIfAbsent(core, CoreGaps::new);
        }

        long delivered() {
            long sum = 0;
            for (Chain c : chains) {
                sum += c.next;
            }
            return sum;
        }

        void handle(ExecutionContext ctx, Message m) {
            long now = System.nanoTime();
            int e = epoch;
            CoreGaps g = gaps(ctx.core());
            g.invocations++;
            if (measuring) {
                if (g.last != 0) {
                    long gap = now - g.last;
                    // The interval overlaps a swap when one was under way at either end, or one ran in between.
                    boolean across = (g.lastEpoch & 1) != 0 || (e & 1) != 0 || e != g.lastEpoch;
                    if (across) {
                        g.maxDuringSwaps = Math.max(g.maxDuringSwaps, gap);
                    } else {
                        g.maxOutsideSwaps = Math.max(g.maxOutsideSwaps, gap);
                    }
                    if (gap >= GAP_LOG_NANOS && g.longGapCount < GAP_LOG_CAP) {
                        int i = 3 * g.longGapCount++;
                        g.longGaps[i] = now;
                        g.longGaps[i + 1] = gap;
                        g.longGaps[i + 2] = across ? 1 : 0;
                    }
                }
                g.last = now;
                g.lastEpoch = e;
            } else {
                g.last = 0;
            }
            DependencyLabel d = m.dependency();
            long affinity = d == null ? -1 : d.affinity();
            if (affinity < 0 || affinity >= chains.size()) {
                badMessages.increment();
                return;
            }
            chains.get((int) affinity).ran(m.argument(0, Long.class));
            work.perform();
        }

        /** The sender thread: keeps every chain's window full until told to stop. */
        void send(ResourceContext source) {
            int window = settings.window();
            while (sending) {
                boolean progressed = false;
                for (Chain c : chains) {
                    long room = Math.min(BURST, c.next + window - c.sent);
                    for (long k = 0; k < room; k++) {
                        long seq = c.sent;
                        SendResult r = source.sendOrdered(c.label, TARGET, STEP, seq);
                        if (!r.isOk()) {
                            sendFailures.increment();
                            firstSendFailure.compareAndSet(null, r.toString());
                            break;
                        }
                        c.sent = seq + 1;
                        progressed = true;
                    }
                }
                if (!progressed) {
                    LockSupport.parkNanos(20_000);
                }
            }
        }
    }

    /** One swap, for {@value #SWAP_LOG}. */
    record SwapRecord(boolean warmup, int index, String name, String policy, long atNanos, long pauseNanos, long latencyNanos,
            boolean gc, Boolean preempted, String failure) {
    }

    /** One long dispatch gap, for {@value #GAP_LOG}: it ended {@code endNanos} after the swap phase began. */
    record GapRecord(int core, long endNanos, long gapNanos, boolean acrossSwap) {
    }

    /** The swaps' figures, kept by the benchmark thread. */
    private static final class Swaps {
        final boolean warmup;
        final List<SwapRecord> log = new ArrayList<>();
        long t0;
        final List<Long> resourcePauses = new ArrayList<>();
        final List<Long> cpuPauses = new ArrayList<>();
        long maxLatency;
        long maxPauseUndisturbed = -1;
        int gcOverlaps;
        int preempted;
        /** Involuntary context switches of the core threads over the measured phase; -1 unknown. */
        long phasePreemptions = -1;
        int failures;
        String firstFailure;

        Swaps(boolean warmup) {
            this.warmup = warmup;
        }

        long maxPause() {
            return java.util.stream.Stream.concat(resourcePauses.stream(), cpuPauses.stream()).mapToLong(Long::longValue).max()
                    .orElse(0);
        }
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
        out.print(text(r.summary(), r.passed(), r.verdict()));
        Files.createDirectories(dir);
        Path summary = dir.resolve(SUMMARY);
        Files.writeString(summary, Json.write(r.summary()) + "\n", StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder(
                "phase,swap,scheduler_of,new_scheduler,at_ms,pause_us,latency_us,gc_during,core_preempted,failure\n");
        for (SwapRecord w : r.swaps()) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%.3f,%.1f,%.1f,%b,%s,%s%n", w.warmup() ? "warmup" : "measured",
                    w.index(), w.name(), w.policy(),
                    w.atNanos() / 1e6, w.pauseNanos() / 1e3, w.latencyNanos() / 1e3, w.gc(),
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
        Shared shared = new Shared(s, cores);
        ResourceInterface target = ResourceInterface.named(TARGET).request(STEP, shared::handle, Long.class).build();
        ResourceInterface source = ResourceInterface.named(SOURCE).request("NOP", (ctx, m) -> { }).build();
        log.printf(Locale.ROOT, "%s: %d swaps over %.2f s after %.2f s warm-up; %d activities x %d labels, window %d; "
                + "%d cores, Java %s%n", NAME, s.swaps(), s.seconds(), s.warmup(), s.activities(), s.labelsPerActivity(),
                s.window(), cores, Runtime.version());

        Swaps swaps = new Swaps(false);
        Swaps warmupSwaps = new Swaps(true);
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
        return result(s, cores, shared, swaps, warmupSwaps, phaseNanos, phaseDelivered, drainNanos, stats);
    }

    /**
     * Starts every chain with one message, one chain at a time, each after the previous one's first
     * message ran: round robin's load share puts a new route on the core with the fewest clients and
     * learns of a queue only when its core registers it, so this spreads the chains over the cores.
     */
    private static void seed(Kernel kernel, ResourceContext src, Shared shared) throws InterruptedException {
        Settings s = shared.settings;
        for (int a = 0; a < s.activities(); a++) {
            Activity activity = kernel.createActivity("hot-swap-" + a, Parameters.of("share", Long.toString(10_000L * (a + 1))));
            for (int l = 0; l < s.labelsPerActivity(); l++) {
                shared.chains.add(new Chain(src.newDependencyLabel(activity, shared.chains.size())));
            }
        }
        for (Chain c : shared.chains) {
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
    private static void swapPhase(Kernel kernel, Shared shared, Swaps swaps, int count, long t0, long interval,
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
    private static void swap(Kernel kernel, Shared shared, Swaps swaps, int index, String name, String policy,
            List<Long> pauses) {
        long gcBefore = gcCount();
        long preemptionsBefore = shared.corePreemptions();
        long start = System.nanoTime();
        long pause = -1;
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
            if (!gc && Boolean.FALSE.equals(preempted) && pause >= 0) {
                swaps.maxPauseUndisturbed = Math.max(swaps.maxPauseUndisturbed, pause);
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
    private static void drain(Shared shared) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        while (System.nanoTime() - deadline < 0) {
            boolean done = true;
            for (Chain c : shared.chains) {
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

    /** Read after the kernel stopped: its core threads have ended, so their writes are visible. */
    private static Result result(Settings s, int cores, Shared shared, Swaps swaps, Swaps warmupSwaps, long phaseNanos,
            long phaseDelivered, long drainNanos, ResourceStatistics stats) {
        long sent = 0;
        long distinct = 0;
        long invocations = 0;
        long duplicates = 0;
        long violations = 0;
        for (Chain c : shared.chains) {
            synchronized (c) {
                sent += c.sent;
                distinct += c.next + c.ahead.size();
                invocations += c.invocations;
                duplicates += c.duplicates;
                violations += c.violations;
            }
        }
        long lost = sent - distinct;
        List<CoreGaps> gaps = new ArrayList<>(List.of(shared.gaps));
        gaps.addAll(shared.otherGaps.values());
        long maxDuring = 0;
        long maxOutside = 0;
        List<Object> perCore = new ArrayList<>();
        for (CoreGaps g : gaps) {
            maxDuring = Math.max(maxDuring, g.maxDuringSwaps);
            maxOutside = Math.max(maxOutside, g.maxOutsideSwaps);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("core", g.core);
            m.put("handler_invocations", g.invocations);
            m.put("max_gap_during_swaps_us", us(g.maxDuringSwaps));
            m.put("max_gap_outside_swaps_us", us(g.maxOutsideSwaps));
            perCore.add(m);
        }
        List<Long> all = new ArrayList<>(swaps.resourcePauses);
        all.addAll(swaps.cpuPauses);
        long maxPause = all.stream().mapToLong(Long::longValue).max().orElse(0);
        long sendFailures = shared.sendFailures.sum();
        long bad = shared.badMessages.sum();
        long handlerFailures = stats == null ? -1 : stats.failures();

        List<String> problems = new ArrayList<>();
        if (lost != 0) {
            problems.add(lost + " lost");
        }
        if (duplicates != 0) {
            problems.add(duplicates + " duplicated");
        }
        if (violations != 0) {
            problems.add(violations + " order violations");
        }
        if (sendFailures != 0) {
            problems.add(sendFailures + " sends refused (first: " + shared.firstSendFailure.get() + ")");
        }
        int swapFailures = warmupSwaps.failures + swaps.failures;
        if (swapFailures != 0) {
            problems.add(swapFailures + " swaps failed (first: "
                    + (warmupSwaps.firstFailure != null ? warmupSwaps.firstFailure : swaps.firstFailure) + ")");
        }
        if (bad != 0 || handlerFailures != 0) {
            problems.add(bad + " messages without their label, " + handlerFailures + " handler failures");
        }
        boolean passed = problems.isEmpty();
        String verdict = passed ? "every message ran exactly once and in order" : String.join("; ", problems);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("swaps", swaps.resourcePauses.size());
        m.put("cpu_swaps", swaps.cpuPauses.size());
        m.put("messages_sent", sent);
        m.put("messages_delivered", distinct);
        m.put("lost", lost);
        m.put("duplicated", duplicates);
        m.put("order_violations", violations);
        m.put("max_pause_us", us(maxPause));
        m.put("max_dispatch_gap_us", us(maxDuring));
        m.put("seconds", Json.decimal(phaseNanos / 1e9, 3));
        m.put("cores", cores);
        m.put("passed", passed);
        m.put("verdict", verdict);
        m.put("swap_failures", swapFailures);
        m.put("send_failures", sendFailures);
        m.put("handler_invocations", invocations);
        m.put("kernel_messages", stats == null ? -1 : stats.messages());
        m.put("handler_failures", handlerFailures);
        m.put("request_queues", stats == null ? -1 : stats.queues());
        m.put("msgs_per_s_during_swaps", Json.decimal(phaseNanos == 0 ? Double.NaN : phaseDelivered * 1e9 / phaseNanos, 1));
        m.put("pause_us_p50", us(percentile(all, 0.50)));
        m.put("pause_us_p99", us(percentile(all, 0.99)));
        m.put("max_resource_pause_us", us(swaps.resourcePauses.stream().mapToLong(Long::longValue).max().orElse(0)));
        m.put("max_cpu_pause_us", us(swaps.cpuPauses.stream().mapToLong(Long::longValue).max().orElse(0)));
        m.put("pause_goal_us", Json.decimal(PAUSE_GOAL_US, 1));
        m.put("swaps_over_pause_goal", all.stream().filter(p -> p > PAUSE_GOAL_US * 1000).count());
        m.put("swaps_during_gc", swaps.gcOverlaps);
        m.put("swaps_core_preempted", shared.coreTasks.isEmpty() ? null : swaps.preempted);
        m.put("core_preemptions_during_swap_phase", swaps.phasePreemptions < 0 ? null : swaps.phasePreemptions);
        m.put("max_pause_undisturbed_us", swaps.maxPauseUndisturbed < 0 ? null : us(swaps.maxPauseUndisturbed));
        m.put("max_swap_latency_us", us(swaps.maxLatency));
        m.put("max_dispatch_gap_outside_swaps_us", us(maxOutside));
        m.put("per_core", perCore);
        m.put("drain_ms", Json.decimal(drainNanos / 1e6, 3));
        m.put("final_scheduler", stats == null ? null : stats.scheduler());
        m.put("final_cpu_scheduler", shared.cpuPolicy);
        m.put("policies", POLICIES);
        m.put("cpu_policies", CPU_POLICIES);
        m.put("activities", s.activities());
        m.put("labels", s.labels());
        m.put("window_per_label", s.window());
        m.put("handler_ns", s.handlerNs());
        m.put("batch", BATCH);
        m.put("warmup_seconds", Json.decimal(s.warmup(), 3));
        m.put("warmup_swaps", warmupSwaps.resourcePauses.size());
        m.put("warmup_cpu_swaps", warmupSwaps.cpuPauses.size());
        m.put("warmup_max_pause_us", us(warmupSwaps.maxPause()));
        List<GapRecord> longGaps = new ArrayList<>();
        for (CoreGaps g : gaps) {
            for (int i = 0; i < g.longGapCount; i++) {
                longGaps.add(new GapRecord(g.core, g.longGaps[3 * i] - swaps.t0, g.longGaps[3 * i + 1], g.longGaps[3 * i + 2] != 0));
            }
        }
        longGaps.sort(java.util.Comparator.comparingLong(GapRecord::endNanos));
        List<SwapRecord> log = new ArrayList<>(warmupSwaps.log);
        log.addAll(swaps.log);
        return new Result(m, passed, verdict, log, longGaps);
    }

    static String text(Map<String, Object> m, boolean passed, String verdict) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "hot-swap: %s swaps of %s's scheduler (%s in turn) and %s of okrt.cpu's (%s), "
                + "%s cores, %s s under load%n", m.get("swaps"), TARGET, String.join(" -> ", POLICIES), m.get("cpu_swaps"),
                String.join(" / ", CPU_POLICIES), m.get("cores"), m.get("seconds")));
        b.append(String.format(Locale.ROOT, "  messages     sent %s, delivered %s, lost %s, duplicated %s, order violations %s "
                + "(%s chains, %s msgs/s while swapping; send failures %s, swap failures %s)%n", m.get("messages_sent"),
                m.get("messages_delivered"), m.get("lost"), m.get("duplicated"), m.get("order_violations"), m.get("labels"),
                m.get("msgs_per_s_during_swaps"), m.get("send_failures"), m.get("swap_failures")));
        b.append(String.format(Locale.ROOT, "  swap pause   max %s us (resource %s, cpu %s), p50 %s us, p99 %s us: "
                + "the longest a core was held handing clients over (swapScheduler); goal <= %.0f us, %s swaps above it%n",
                m.get("max_pause_us"), m.get("max_resource_pause_us"), m.get("max_cpu_pause_us"), m.get("pause_us_p50"),
                m.get("pause_us_p99"), PAUSE_GOAL_US, m.get("swaps_over_pause_goal")));
        b.append(String.format(Locale.ROOT, "               max %s us over the swaps during which no GC ran and no core thread was "
                + "switched out involuntarily (%s of %s swaps saw one switched out)%n", m.get("max_pause_undisturbed_us"),
                m.get("swaps_core_preempted"), ((Integer) m.get("swaps")) + ((Integer) m.get("cpu_swaps"))));
        b.append(String.format(Locale.ROOT, "  swap latency max %s us from the call to its completion; %s warm-up swaps before, "
                + "max pause %s us%n", m.get("max_swap_latency_us"), ((Integer) m.get("warmup_swaps"))
                + ((Integer) m.get("warmup_cpu_swaps")), m.get("warmup_max_pause_us")));
        b.append(String.format(Locale.ROOT, "  dispatch gap max %s us across a swap, %s us elsewhere (the handler's view: "
                + "longest interval between two invocations on one core; the core threads were switched out involuntarily "
                + "%s times while swapping)%n", m.get("max_dispatch_gap_us"), m.get("max_dispatch_gap_outside_swaps_us"),
                m.get("core_preemptions_during_swap_phase")));
        if (m.get("per_core") instanceof List<?> cores) {
            for (Object o : cores) {
                if (o instanceof Map<?, ?> c) {
                    b.append(String.format(Locale.ROOT, "    core %s: %s invocations, gap %s us across a swap, %s us elsewhere%n",
                            c.get("core"), c.get("handler_invocations"), c.get("max_gap_during_swaps_us"),
                            c.get("max_gap_outside_swaps_us")));
                }
            }
        }
        b.append(passed ? "PASS: " : "FAIL: ").append(verdict).append('\n');
        return b.toString();
    }

    private static Object us(long nanos) {
        return Json.decimal(nanos / 1e3, 1);
    }

    /** @return the nearest-rank percentile, 0 for no values */
    static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }
}
