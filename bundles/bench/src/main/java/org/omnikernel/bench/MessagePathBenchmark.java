package org.omnikernel.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * {@code message-path}: OKRT's message path (send, route, queue, schedule, dispatch, account)
 * against a {@link java.util.concurrent.ThreadPoolExecutor} running the same handler on as many
 * threads as OKRT has cores, in the same run.
 *
 * <p>For every case (handler ns × cores × batch) each side first warms up once, then the sides
 * alternate for the trials (OKRT first in even trials, the executor first in odd ones), so machine
 * noise and drift hit both; the summary reports medians. Each trial is a fresh kernel or executor
 * with a closed loop of {@link #IN_FLIGHT} circulating messages, a short settle, then the measured
 * window. OKRT's overhead per message and its unaccounted fraction come from OKRT's own ledger,
 * as deltas of {@code kernel.statistics()} over the window.
 */
final class MessagePathBenchmark implements Benchmark {

    static final String NAME = "message-path";
    static final int IN_FLIGHT = 256;
    static final long[] HANDLER_NS = {0, 2000};
    static final int[] CORES = {1, 2};
    static final int[] BATCHES = {1, 8};
    static final String SUMMARY = "summary.json";
    /** Below this CPU share of an OKRT trial, the case is reported as disturbed by other processes. */
    static final double DISTURBED_CPU_SHARE = 0.9;

    /** One combination of the benchmark's parameters. */
    record Case(long handlerNs, int cores, int batch) {
    }

    /**
     * What to run.
     *
     * @param cases    the cases, in order
     * @param seconds  measured window per trial
     * @param warmup   warm-up run per side and case (0: none)
     * @param trials   measured trials per side and case
     * @param inFlight circulating messages
     */
    record Settings(List<Case> cases, double seconds, double warmup, int trials, int inFlight) {
    }

    /** The trials of one case. */
    record CaseResult(Case c, List<Trial> okrt, List<Trial> executor) {

        double okrtMsgsPerSecond() {
            return median(okrt, Trial::msgsPerSecond);
        }

        double executorMsgsPerSecond() {
            return median(executor, Trial::msgsPerSecond);
        }

        double ratio() {
            return okrtMsgsPerSecond() / executorMsgsPerSecond();
        }

        double overheadNsPerMessage() {
            return median(okrt, Trial::overheadNsPerMsg);
        }

        double unaccountedFraction() {
            return median(okrt, Trial::unaccountedFraction);
        }

        double busiestCoreShare() {
            return median(okrt, Trial::busiestCoreShare);
        }

        double okrtCpuShare() {
            return median(okrt, Trial::cpuShare);
        }

        double executorCpuShare() {
            return median(executor, Trial::cpuShare);
        }

        double okrtMsgsPerCpuSecond() {
            return median(okrt, Trial::msgsPerCpuSecond);
        }

        double executorMsgsPerCpuSecond() {
            return median(executor, Trial::msgsPerCpuSecond);
        }

        /**
         * @return the smallest CPU share an OKRT trial got: OKRT's cores never block in this closed loop, so a
         *         share well below 1 means other processes took the processors during that trial
         */
        double okrtMinCpuShare() {
            return okrt.stream().mapToDouble(Trial::cpuShare).filter(Double::isFinite).min().orElse(Double.NaN);
        }

        /** @return whether other processes visibly took processor time from OKRT during a trial */
        boolean disturbed() {
            return okrtMinCpuShare() < DISTURBED_CPU_SHARE;
        }

        /** The ratio of messages per CPU-second: the comparison with other processes' interference divided out. */
        double cpuRatio() {
            return okrtMsgsPerCpuSecond() / executorMsgsPerCpuSecond();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "OKRT closed-loop message throughput vs a ThreadPoolExecutor, handler {0, 2000} ns x cores {1, 2} x batch {1, 8}";
    }

    @Override
    public void run(BenchOptions options, PrintStream out, PrintStream log) throws Exception {
        Settings s = new Settings(allCases(), options.seconds(), options.warmup(), options.trials(), IN_FLIGHT);
        runAndWrite(s, options.out(), out, log);
    }

    /** Every combination of {@link #HANDLER_NS}, {@link #CORES} and {@link #BATCHES}. */
    static List<Case> allCases() {
        List<Case> cases = new ArrayList<>();
        for (long h : HANDLER_NS) {
            for (int c : CORES) {
                for (int b : BATCHES) {
                    cases.add(new Case(h, c, b));
                }
            }
        }
        return cases;
    }

    /**
     * Runs the settings, prints the table and writes {@code dir/summary.json}; the entry point for tests.
     *
     * @return the summary file
     */
    static Path runAndWrite(Settings s, Path dir, PrintStream out, PrintStream log) throws Exception {
        List<CaseResult> results = run(s, log);
        out.print(table(results, s));
        Files.createDirectories(dir);
        Path summary = dir.resolve(SUMMARY);
        Files.writeString(summary, json(results, s) + "\n", StandardCharsets.UTF_8);
        out.println("wrote " + summary.toAbsolutePath());
        return summary;
    }

    static List<CaseResult> run(Settings s, PrintStream log) throws Exception {
        long window = nanos(s.seconds());
        long warm = nanos(s.warmup());
        // The settle before each window: the loop is placed and running, JIT state is warm.
        long settle = Math.min(nanos(0.2), window / 10);
        log.printf(Locale.ROOT, "%s: %d cases, %d in flight, %d trial(s) of %.2f s per side after %.2f s warm-up; "
                + "%d processors, Java %s%n", NAME, s.cases().size(), s.inFlight(), s.trials(), s.seconds(), s.warmup(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<CaseResult> results = new ArrayList<>();
        for (Case c : s.cases()) {
            if (warm > 0) {
                OkrtLoad.run(c, s.inFlight(), settle, warm);
                ExecutorLoad.run(c, s.inFlight(), settle, warm);
            }
            List<Trial> okrt = new ArrayList<>();
            List<Trial> executor = new ArrayList<>();
            for (int t = 0; t < s.trials(); t++) {
                if (t % 2 == 0) {
                    okrt.add(OkrtLoad.run(c, s.inFlight(), settle, window));
                    executor.add(ExecutorLoad.run(c, s.inFlight(), settle, window));
                } else {
                    executor.add(ExecutorLoad.run(c, s.inFlight(), settle, window));
                    okrt.add(OkrtLoad.run(c, s.inFlight(), settle, window));
                }
            }
            CaseResult r = new CaseResult(c, okrt, executor);
            log.printf(Locale.ROOT, "  handler %4d ns, %d core(s), batch %d: okrt %s, executor %s msgs/s%n", c.handlerNs(),
                    c.cores(), c.batch(), rates(okrt), rates(executor));
            results.add(r);
        }
        return results;
    }

    private static String rates(List<Trial> trials) {
        return trials.stream().map(t -> String.format(Locale.ROOT, "%.0f", t.msgsPerSecond())).toList().toString();
    }

    static String table(List<CaseResult> results, Settings s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "message-path: medians of %d trial(s) of %.2f s, %d messages in flight%n",
                s.trials(), s.seconds(), s.inFlight()));
        String head = String.format(Locale.ROOT, "%10s %5s %5s %14s %7s %14s %7s %7s %12s %9s %8s %9s %9s %9s%n", "handler_ns",
                "cores", "batch", "okrt_msgs/s", "spread", "exec_msgs/s", "spread", "ratio", "ovh_ns/msg", "unacc_%", "busiest",
                "cpu_okrt", "cpu_exec", "cpu_ratio");
        b.append(head);
        b.append("-".repeat(head.length() - 1)).append('\n');
        for (CaseResult r : results) {
            b.append(String.format(Locale.ROOT, "%10d %5d %5d %14.0f %6.1f%% %14.0f %6.1f%% %7.3f %12.1f %8.3f%% %8.3f %9.3f %9.3f %9.3f%n",
                    r.c().handlerNs(), r.c().cores(), r.c().batch(), r.okrtMsgsPerSecond(), spread(r.okrt()),
                    r.executorMsgsPerSecond(), spread(r.executor()), r.ratio(), r.overheadNsPerMessage(),
                    100 * r.unaccountedFraction(), r.busiestCoreShare(), r.okrtCpuShare(), r.executorCpuShare(), r.cpuRatio()));
        }
        b.append("spread: (max-min)/median of the trials; ovh_ns/msg: OKRT ledger overhead per message; unacc_%: "
                + "unaccounted/elapsed; busiest: busiest core's share of OKRT's messages;\ncpu_okrt, cpu_exec: CPU time the OS "
                + "gave each side's threads over their wall time (below 1: other processes took the processors, or the threads "
                + "blocked, as executor workers do on their shared queue's lock);\ncpu_ratio: the ratio of messages per CPU-second of "
                + "each side's threads, which divides other processes' interference out when neither side blocks\n");
        for (CaseResult r : results) {
            if (r.disturbed()) {
                b.append(String.format(Locale.ROOT, "WARNING: handler %d ns, %d core(s), batch %d: an OKRT trial got only %.0f%% "
                        + "of its cores' time; other processes took the processors, so its wall-clock figures are unreliable "
                        + "(cpu_ratio is less affected); rerun on a quiet machine%n", r.c().handlerNs(), r.c().cores(),
                        r.c().batch(), 100 * r.okrtMinCpuShare()));
            }
        }
        return b.toString();
    }

    private static double spread(List<Trial> trials) {
        double[] v = trials.stream().mapToDouble(Trial::msgsPerSecond).sorted().toArray();
        return v.length == 0 ? Double.NaN : 100 * (v[v.length - 1] - v[0]) / median(trials, Trial::msgsPerSecond);
    }

    static String json(List<CaseResult> results, Settings s) {
        List<Object> cases = new ArrayList<>();
        for (CaseResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("handler_ns", r.c().handlerNs());
            m.put("cores", r.c().cores());
            m.put("batch", r.c().batch());
            m.put("okrt_msgs_per_s", Json.decimal(r.okrtMsgsPerSecond(), 1));
            m.put("executor_msgs_per_s", Json.decimal(r.executorMsgsPerSecond(), 1));
            m.put("ratio", Json.decimal(r.ratio(), 4));
            m.put("overhead_ns_per_msg", Json.decimal(r.overheadNsPerMessage(), 1));
            m.put("unaccounted_fraction", Json.decimal(r.unaccountedFraction(), 6));
            m.put("okrt_busiest_core_share", Json.decimal(r.busiestCoreShare(), 4));
            m.put("okrt_cpu_share", Json.decimal(r.okrtCpuShare(), 4));
            m.put("executor_cpu_share", Json.decimal(r.executorCpuShare(), 4));
            m.put("okrt_msgs_per_cpu_s", Json.decimal(r.okrtMsgsPerCpuSecond(), 1));
            m.put("executor_msgs_per_cpu_s", Json.decimal(r.executorMsgsPerCpuSecond(), 1));
            m.put("cpu_ratio", Json.decimal(r.cpuRatio(), 4));
            m.put("okrt_min_cpu_share", Json.decimal(r.okrtMinCpuShare(), 4));
            m.put("disturbed", r.disturbed());
            m.put("trials", s.trials());
            m.put("seconds", Json.decimal(s.seconds(), 3));
            m.put("in_flight", s.inFlight());
            m.put("okrt_trials_msgs_per_s", decimals(r.okrt(), Trial::msgsPerSecond, 1));
            m.put("executor_trials_msgs_per_s", decimals(r.executor(), Trial::msgsPerSecond, 1));
            m.put("okrt_trials_overhead_ns_per_msg", decimals(r.okrt(), Trial::overheadNsPerMsg, 1));
            cases.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cases", cases);
        return Json.write(root);
    }

    private static List<Object> decimals(List<Trial> trials, ToDoubleFunction<Trial> f, int places) {
        List<Object> out = new ArrayList<>();
        for (Trial t : trials) {
            out.add(Json.decimal(f.applyAsDouble(t), places));
        }
        return out;
    }

    /** @return the median of the finite values, NaN when there are none */
    static double median(List<Trial> trials, ToDoubleFunction<Trial> f) {
        double[] v = trials.stream().mapToDouble(f).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    /** Sleeps the calling thread for about {@code nanos}; never returns early unless interrupted. */
    static void sleepNanos(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
