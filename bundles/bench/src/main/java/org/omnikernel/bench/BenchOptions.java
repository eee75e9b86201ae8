package org.omnikernel.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The options every benchmark takes.
 *
 * @param out     directory for the benchmark's output files
 * @param seconds measured wall time of one trial
 * @param warmup  wall time of the warm-up run of each side before the trials of a case
 * @param trials  measured trials per side and case
 * @param rate    messages per second a benchmark's load offers ({@code hot-swap}); 0 for as many as the
 *                kernel takes; {@link Double#NaN} for the benchmark's own default
 */
record BenchOptions(Path out, double seconds, double warmup, int trials, double rate) {

    /** The valid options, for messages. */
    static final List<String> VALID = List.of("--out DIR", "--seconds S", "--warmup S", "--trials N", "--rate N");
    /** The highest {@code --rate}: far above what two cores deliver, low enough to be a typo's limit. */
    static final double MAX_RATE = 1e9;

    static final double DEFAULT_SECONDS = 2.0;
    static final double DEFAULT_WARMUP = 1.0;
    static final int DEFAULT_TRIALS = 3;

    /** A command line mistake: the tool prints the message and exits 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * @param benchmark the benchmark the options are for, for messages and the default output directory
     * @param args      the arguments after the benchmark's name
     * @return the options
     * @throws UsageException naming the unknown option or bad value and listing the valid options
     */
    static BenchOptions parse(String benchmark, List<String> args) throws UsageException {
        Path out = Path.of("bench-out", benchmark);
        double seconds = DEFAULT_SECONDS;
        double warmup = DEFAULT_WARMUP;
        int trials = DEFAULT_TRIALS;
        double rate = Double.NaN;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            String name = option;
            String value = null;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                name = option.substring(0, eq);
                value = option.substring(eq + 1);
            }
            if (!name.equals("--out") && !name.equals("--seconds") && !name.equals("--warmup") && !name.equals("--trials")
                    && !name.equals("--rate")) {
                throw new UsageException((option.startsWith("-") ? "unknown option '" : "unexpected argument '") + option
                        + "' for " + benchmark + "; valid options: " + String.join(", ", VALID));
            }
            if (name.equals("--rate") && !benchmark.equals(HotSwapBenchmark.NAME)) {
                throw new UsageException("--rate is an option of " + HotSwapBenchmark.NAME + " only, not of " + benchmark);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option " + name + " of " + benchmark + " needs a value; valid options: "
                            + String.join(", ", VALID));
                }
                value = args.get(++i);
            }
            switch (name) {
                case "--out" -> out = Path.of(value);
                case "--seconds" -> seconds = positive(name, value, 0);
                case "--warmup" -> warmup = positive(name, value, -1);
                case "--rate" -> rate = rate(value);
                default -> trials = (int) positive(name, value, 0);
            }
            if (name.equals("--trials") && (trials != Double.parseDouble(value) || trials > 1000)) {
                throw new UsageException("--trials wants a whole number from 1 to 1000, got '" + value + "'");
            }
        }
        return new BenchOptions(out, seconds, warmup, trials, rate);
    }

    /** @return the rate, which must be a finite number from 0 to {@value #MAX_RATE} */
    private static double rate(String value) throws UsageException {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v) || v < 0 || v > MAX_RATE) {
            throw new UsageException("--rate wants messages per second from 0 (as many as the kernel takes) to "
                    + (long) MAX_RATE + ", got '" + value + "'");
        }
        return v;
    }

    /** @return the value, which must be a finite number above {@code above} */
    private static double positive(String name, String value, double above) throws UsageException {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v) || v <= above || v > 3600) {
            throw new UsageException(name + " wants a number " + (above < 0 ? "from 0" : "above 0") + " to 3600, got '"
                    + value + "'");
        }
        return v;
    }
}
