package org.omnikernel.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.scheduler.roundrobin.RoundRobinFactory;

/** What the handler, the sender and the benchmark thread share. */
final class SwapLoad {

    private static final String CORE_THREAD_PREFIX = "okrt-core-";
    private static final String NONVOLUNTARY = "nonvoluntary_ctxt_switches:";
    /** Messages one label may send in a row before the sender turns to the next label. */
    private static final int BURST = 32;
    /** The longest a paced sender sleeps between looks at the clock. */
    private static final long PACE_PARK_NANOS = 100_000;

    final HotSwapBenchmark.Settings settings;
    final List<SwapChain> chains = new ArrayList<>();
    final DispatchGaps[] gaps;
    final Map<Integer, DispatchGaps> otherGaps = new ConcurrentHashMap<>();
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

    SwapLoad(HotSwapBenchmark.Settings settings, int cores) {
        this.settings = settings;
        this.gaps = new DispatchGaps[cores];
        for (int i = 0; i < cores; i++) {
            gaps[i] = new DispatchGaps(i);
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

    DispatchGaps gaps(int core) {
        return core >= 0 && core < gaps.length ? gaps[core] : otherGaps.computeIfAbsent(core, DispatchGaps::new);
    }

    long delivered() {
        long sum = 0;
        for (SwapChain c : chains) {
            sum += c.next;
        }
        return sum;
    }

    void handle(ExecutionContext ctx, Message m) {
        long now = System.nanoTime();
        int e = epoch;
        DispatchGaps g = gaps(ctx.core());
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
                if (gap >= HotSwapBenchmark.GAP_LOG_NANOS && g.longGapCount < HotSwapBenchmark.GAP_LOG_CAP) {
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

    /**
     * The sender thread: keeps every chain's window full until told to stop, offering at most
     * {@code settings.rate()} messages per second in all (a token bucket holding at most 1 ms of
     * them), or as many as the kernel takes when the rate is 0.
     */
    void send(ResourceContext source) {
        int window = settings.window();
        double perNano = settings.rate() / 1e9;
        double bucket = Math.max(BURST, settings.rate() / 1000.0);
        double tokens = 0;
        long last = System.nanoTime();
        int next = 0;
        while (sending) {
            if (perNano > 0) {
                long now = System.nanoTime();
                tokens = Math.min(bucket, tokens + (now - last) * perNano);
                last = now;
                if (tokens < 1) {
                    LockSupport.parkNanos((long) Math.min(PACE_PARK_NANOS, (1 - tokens) / perNano));
                    continue;
                }
            }
            boolean progressed = false;
            int n = chains.size();
            for (int i = 0; i < n; i++) {
                // A paced sender runs out of tokens part-way round; the next round starts where it stopped,
                // so every chain (and so every core its route leads to) gets its turn.
                if (perNano > 0 && tokens < 1) {
                    next = (next + i) % n;
                    break;
                }
                SwapChain c = chains.get((next + i) % n);
                long room = Math.min(BURST, c.next + window - c.sent);
                if (perNano > 0) {
                    room = Math.min(room, (long) tokens);
                }
                for (long k = 0; k < room; k++) {
                    long seq = c.sent;
                    SendResult r = source.sendOrdered(c.label, HotSwapBenchmark.TARGET, HotSwapBenchmark.STEP, seq);
                    if (!r.isOk()) {
                        sendFailures.increment();
                        firstSendFailure.compareAndSet(null, r.toString());
                        break;
                    }
                    c.sent = seq + 1;
                    tokens--;
                    progressed = true;
                }
            }
            if (!progressed) {
                LockSupport.parkNanos(20_000);
            }
        }
    }
}
