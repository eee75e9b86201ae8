package org.omnikernel.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The bench tool: {@code BenchMain <benchmark> [options]}. A small dispatcher; each benchmark is its
 * own class. Runs OKRT on a plain class path, without OSGi, to measure the kernel mechanism itself.
 *
 * <p>Exit codes: 0 done, 1 the benchmark failed (could not run, or ran and its correctness verdict is a
 * failure), 2 command line mistake.
 */
public final class BenchMain {

    /** The benchmarks by subcommand, in the order the usage lists them. */
    private static final Map<String, Supplier<Benchmark>> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put(MessagePathBenchmark.NAME, MessagePathBenchmark::new);
        BENCHMARKS.put(HotSwapBenchmark.NAME, HotSwapBenchmark::new);
        BENCHMARKS.put(ThreadSwitchBenchmark.NAME, ThreadSwitchBenchmark::new);
    }

    private BenchMain() {
    }

    /**
     * @param args the benchmark's name, then its options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the tool without exiting the JVM.
     *
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(usage());
            return 2;
        }
        if (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.println(usage());
            return 0;
        }
        Supplier<Benchmark> factory = BENCHMARKS.get(args[0]);
        if (factory == null) {
            err.println("unknown benchmark '" + args[0] + "'; valid benchmarks: " + String.join(", ", BENCHMARKS.keySet()));
            err.println(usage());
            return 2;
        }
        Benchmark benchmark = factory.get();
        BenchOptions options;
        try {
            options = BenchOptions.parse(benchmark.name(), List.of(Arrays.copyOfRange(args, 1, args.length)));
        } catch (BenchOptions.UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
        try {
            benchmark.run(options, out, err);
            return 0;
        } catch (BenchmarkFailure e) {
            err.println(benchmark.name() + " failed: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println(benchmark.name() + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: BenchMain <benchmark> [options]\nbenchmarks:\n");
        for (Supplier<Benchmark> f : BENCHMARKS.values()) {
            Benchmark bm = f.get();
            b.append("  ").append(bm.name()).append("  ").append(bm.description()).append('\n');
        }
        b.append("options: ").append(String.join(", ", BenchOptions.VALID)).append('\n');
        b.append("  --out DIR    output directory (default bench-out/<benchmark>)\n");
        b.append("  --seconds S  measured wall time per trial (default ").append(BenchOptions.DEFAULT_SECONDS).append(")\n");
        b.append("  --warmup S   warm-up wall time per side and case (default ").append(BenchOptions.DEFAULT_WARMUP).append(")\n");
        b.append("  --trials N   measured trials per side and case, alternating sides (default ")
                .append(BenchOptions.DEFAULT_TRIALS).append(")\n");
        b.append("  --rate N     hot-swap: messages per second the load offers, 0 for as many as the kernel takes "
                + "(default ").append((long) HotSwapBenchmark.DEFAULT_RATE).append(')');
        return b.toString();
    }
}
