package org.omnikernel.bench;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.resource.thread.internal.ThreadResources;
import org.omnikernel.scheduler.roundrobin.RoundRobinFactory;
import org.omnikernel.syscall.spi.CpuAggregate;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.ThreadMain;

/**
 * {@code thread-switch}: the cost of a thread switch through the thread resource (TR) against a raw
 * JVM hand-off, in the same run.
 *
 * <ul>
 * <li><b>TR switch</b>: a kernel on one core, one CPU aggregate under round robin, two kernel threads
 *     that yield in turn. One yield is one switch: the yielding thread hands the core back to TR's
 *     handler (a JVM hand-off), TR re-queues it, the core's scheduler picks the other thread's RUN and
 *     hands the core to it (a second hand-off). Switches per second over the window.</li>
 * <li><b>raw hand-off</b>: two JVM threads passing a turn with {@code LockSupport.park/unpark}
 *     (ping-pong). One pass is one hand-off.</li>
 * </ul>
 *
 * <p>The ratio TR switch / raw hand-off is what the kernel adds: at least 2 by construction (two
 * hand-offs per switch), plus OKRT's dispatch and the scheduler.
 */
final class ThreadSwitchBenchmark implements Benchmark {

    static final String NAME = "thread-switch";

    /**
     * The medians of a run.
     *
     * @param trSwitchNanos  ns per TR thread switch
     * @param rawHandoffNanos ns per raw park/unpark hand-off
     * @param trials         trials per side
     */
    record Result(double trSwitchNanos, double rawHandoffNanos, int trials) {
        double ratio() {
            return trSwitchNanos / rawHandoffNanos;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a thread switch through TR (two kernel threads yielding on one core) against a raw JVM park/unpark hand-off";
    }

    @Override
    public void run(BenchOptions options, PrintStream out, PrintStream log) throws Exception {
        Result r = measure(options.seconds(), options.warmup(), options.trials(), log);
        out.printf(Locale.ROOT, "%-36s %12s%n", "case", "ns per op");
        out.printf(Locale.ROOT, "%-36s %12.0f%n", "TR thread switch (yield, 1 core)", r.trSwitchNanos());
        out.printf(Locale.ROOT, "%-36s %12.0f%n", "raw JVM hand-off (park/unpark)", r.rawHandoffNanos());
        out.printf(Locale.ROOT, "ratio TR switch / raw hand-off: %.2f (medians of %d trials of %.1f s)%n", r.ratio(),
                r.trials(), options.seconds());
        Files.createDirectories(options.out());
        Path summary = options.out().resolve("summary.json");
        Files.writeString(summary, Json.write(json(r, options)) + "\n", StandardCharsets.UTF_8);
        out.println("wrote " + summary.toAbsolutePath());
    }

    static Map<String, Object> json(Result r, BenchOptions options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", NAME);
        m.put("tr_switch_ns", Json.decimal(r.trSwitchNanos(), 1));
        m.put("raw_handoff_ns", Json.decimal(r.rawHandoffNanos(), 1));
        m.put("ratio", Json.decimal(r.ratio(), 3));
        m.put("trials", r.trials());
        m.put("seconds", Json.decimal(options.seconds(), 3));
        m.put("timeslice_us", ThreadResources.DEFAULT_TIMESLICE_MICROS);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        return m;
    }

    /**
     * Runs the trials, alternating the sides so that both see the same machine.
     *
     * @return the medians
     */
    static Result measure(double seconds, double warmup, int trials, PrintStream log) throws Exception {
        long window = (long) (seconds * 1e9);
        trSwitch((long) (warmup * 1e9));
        rawHandoff((long) (warmup * 1e9));
        List<Double> tr = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            tr.add(trSwitch(window));
            raw.add(rawHandoff(window));
            log.printf(Locale.ROOT, "%s trial %d: TR switch %.0f ns, raw hand-off %.0f ns%n", NAME, t + 1,
                    tr.get(t), raw.get(t));
        }
        return new Result(median(tr), median(raw), trials);
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** @return ns per switch of two kernel threads yielding in turn on a one-core kernel */
    static double trSwitch(long windowNanos) throws Exception {
        String xml = "<schedulerconfig batch='1'><cpuscheduler scheduler='roundrobin' core='0'/>"
                + "<resourcescheduler resource='*' scheduler='roundrobin' core='0'/></schedulerconfig>";
        var config = new SchedulerConfigParser(new GridCatalog(Set.of(), Set.of(RoundRobinFactory.NAME, FifoScheduler.NAME)), 1)
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "thread-switch.xml");
        RoundRobinFactory rr = new RoundRobinFactory();
        Kernel kernel = new Kernel(config, n -> n.equals(rr.name()) ? rr : null);
        kernel.start();
        try {
            ThreadResources tr = new ThreadResources(kernel, ThreadResources.DEFAULT_TIMESLICE_MICROS);
            CpuAggregate cpua = tr.createCpuAggregate("bench", RoundRobinFactory.NAME, 1).value();
            AtomicLong yields = new AtomicLong();
            CountDownLatch done = new CountDownLatch(2);
            long[] window = new long[2];
            ThreadMain body = self -> {
                long end = System.nanoTime() + windowNanos;
                long n = 0;
                while (System.nanoTime() - end < 0) {
                    self.yieldCore();
                    n++;
                }
                yields.addAndGet(n);
                done.countDown();
                return 0;
            };
            List<KThread> threads = List.of(tr.create(cpua, "a", body).value(), tr.create(cpua, "b", body).value());
            window[0] = System.nanoTime();
            threads.forEach(KThread::start);
            if (!done.await(windowNanos / 1_000_000 + 30_000, TimeUnit.MILLISECONDS)) {
                throw new BenchmarkFailure("the yielding kernel threads did not finish");
            }
            window[1] = System.nanoTime();
            return (double) (window[1] - window[0]) / yields.get();
        } finally {
            kernel.stop();
        }
    }

    /** @return ns per hand-off of a turn between two JVM threads with park/unpark */
    static double rawHandoff(long windowNanos) throws InterruptedException {
        PingPong p = new PingPong();
        Thread a = new Thread(() -> p.play(0, windowNanos), "raw-ping");
        Thread b = new Thread(() -> p.play(1, windowNanos), "raw-pong");
        p.players[0] = a;
        p.players[1] = b;
        long t0 = System.nanoTime();
        a.start();
        b.start();
        a.join();
        b.join();
        return (double) (System.nanoTime() - t0) / p.passes.get();
    }

    /** Two threads passing a turn: each waits for its turn, then gives it to the other. */
    private static final class PingPong {
        final Thread[] players = new Thread[2];
        volatile int turn;
        volatile boolean over;
        final AtomicLong passes = new AtomicLong();

        void play(int me, long windowNanos) {
            long end = System.nanoTime() + windowNanos;
            long n = 0;
            while (!over) {
                while (turn != me && !over) {
                    LockSupport.park(this);
                }
                if (System.nanoTime() - end >= 0) {
                    over = true;
                }
                turn = 1 - me;
                LockSupport.unpark(players[1 - me]);
                n++;
            }
            passes.addAndGet(n);
        }
    }
}
