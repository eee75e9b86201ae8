package org.omnikernel.launcher;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses the launcher's arguments into a {@link Command}, by hand: the grammar is five subcommands
 * and four options, not worth a library on the kernel's class path.
 *
 * <pre>
 *   (nothing) | help | --help | -h        → Help
 *   version | --version                   → Version
 *   run [--config FILE] [--cores N] [--console-port N] [--console-host H]
 *                                         → Run      (options also as --config=FILE, --cores=N, …)
 *   password [--user NAME]                → Password
 *   bench NAME [--out DIR]                → Bench
 *   bench storage [--out DIR] [--size-mb N]  → StorageBench (--size-mb: hidden, for tests)
 *   experiment NAME [--seconds N] [--out DIR] [--cores N] [--mode M] [--files N] [--file-kib N]  → Experiment
 *   fs --image FILE [--volume NAME] [--read-only] [--no-sync] OP OPERAND… → Fs
 * </pre>
 *
 * Every error names the word it could not use and points at {@code ./okernel help}.
 */
final class CommandLine {

    /** Where every usage error points the user. */
    static final String SEE_HELP = "see ./okernel help";

    /** The largest core count the HAL accepts for {@code omnikernel.cores}. */
    static final int MAX_CORES = 1024;

    /** The benchmark that boots the kernel instead of running in a plain JVM. */
    static final String STORAGE_BENCH = "storage";
    /** The file size of {@code bench storage}: 256 MiB. */
    static final long STORAGE_BENCH_BYTES = 256L << 20;
    /** The largest file {@code bench storage --size-mb} writes: it must fit its image with room for ext2. */
    static final int MAX_STORAGE_BENCH_MB = 384;

    private CommandLine() {
    }

    /**
     * @param args the arguments after the program name
     * @return the command they ask for
     * @throws UsageException naming the unknown command, option or bad value
     */
    static Command parse(String... args) throws UsageException {
        Deque<String> words = new ArrayDeque<>(Arrays.asList(args));
        if (words.isEmpty()) {
            return new Command.Help();
        }
        String subcommand = words.removeFirst();
        switch (subcommand) {
            case "help":
            case "--help":
            case "-h":
                noMoreArguments(subcommand, words);
                return new Command.Help();
            case "version":
            case "--version":
                noMoreArguments(subcommand, words);
                return new Command.Version();
            case "run":
                return parseRun(words);
            case "bench":
                return parseBench(words);
            case "experiment":
                return parseExperiment(words);
            case "password":
                return parsePassword(words);
            case "fs":
                return parseFs(words);
            default:
                throw new UsageException("unknown command '" + subcommand + "'; " + SEE_HELP);
        }
    }

    private static Command parseRun(Deque<String> words) throws UsageException {
        Words w = Words.read("run", words, Map.of("--config", "FILE", "--cores", "N", "--console-port", "N",
                "--console-host", "HOST"), false);
        if (w.help()) {
            return new Command.Help();
        }
        String cores = w.value("--cores");
        String port = w.value("--console-port");
        String host = w.value("--console-host");
        ConsoleAddress console = new ConsoleAddress(host == null ? ConsoleAddress.DEFAULT_HOST : host,
                port == null ? ConsoleAddress.DEFAULT_PORT : parsePort(port));
        return new Command.Run(w.path("--config"), cores == null ? null : parseCores(cores), console);
    }

    private static Command parsePassword(Deque<String> words) throws UsageException {
        Words w = Words.read("password", words, Map.of("--user", "NAME"), false);
        if (w.help()) {
            return new Command.Help();
        }
        String user = w.value("--user");
        if (user != null && !user.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new UsageException("--user '" + user + "' is not a user name; use 1-64 letters, digits, '.', '_', '@' or '-'; "
                    + SEE_HELP);
        }
        return new Command.Password(user == null ? ConsoleCredentials.DEFAULT_USER : user);
    }

    private static int parsePort(String text) throws UsageException {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw new UsageException("--console-port '" + text + "' is not a TCP port; use a whole number from 1 to 65535; "
                + SEE_HELP);
    }

    private static Command parseBench(Deque<String> words) throws UsageException {
        Words w = Words.read("bench", words, Map.of("--out", "DIR", "--size-mb", "N", "--rate", "N"), true);
        if (w.help()) {
            return new Command.Help();
        }
        if (w.name() == null) {
            throw new UsageException("bench needs a benchmark name: bench <name> [--out DIR]; " + SEE_HELP);
        }
        String sizeMb = w.value("--size-mb");
        if (STORAGE_BENCH.equals(w.name()) && w.value("--rate") != null) {
            throw new UsageException("--rate is an option of bench hot-swap only; " + SEE_HELP);
        }
        if (STORAGE_BENCH.equals(w.name())) {
            return new Command.StorageBench(w.path("--out"), sizeMb == null ? STORAGE_BENCH_BYTES : parseSizeMb(sizeMb));
        }
        if (sizeMb != null) {
            throw new UsageException("--size-mb is an option of bench " + STORAGE_BENCH + " only; " + SEE_HELP);
        }
        return new Command.Bench(w.name(), w.path("--out"), w.value("--rate"));
    }

    private static long parseSizeMb(String text) throws UsageException {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_STORAGE_BENCH_MB) {
                return (long) n << 20;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw new UsageException("--size-mb '" + text + "' is not a file size; use a whole number of MiB from 1 to "
                + MAX_STORAGE_BENCH_MB + "; " + SEE_HELP);
    }

    private static Command parseExperiment(Deque<String> words) throws UsageException {
        Words w = Words.read("experiment", words, Map.of("--seconds", "N", "--out", "DIR", "--cores", "N",
                "--mode", "M", "--files", "N", "--file-kib", "N"), true);
        if (w.help()) {
            return new Command.Help();
        }
        String name = w.name();
        if (name == null) {
            throw new UsageException("experiment needs a name: experiment <name> [--seconds N] [--out DIR] [--cores N] [--mode M];"
                    + " valid names: " + Experiments.valid() + "; " + SEE_HELP);
        }
        if (!Experiments.NAMES.contains(name)) {
            throw new UsageException("unknown experiment '" + name + "'; valid: " + Experiments.valid() + "; " + SEE_HELP);
        }
        String seconds = w.value("--seconds");
        String cores = w.value("--cores");
        String files = w.value("--files");
        String fileKib = w.value("--file-kib");
        if ((files != null || fileKib != null) && !name.equals("e4")) {
            throw new UsageException("--files and --file-kib are options of e4 only; " + SEE_HELP);
        }
        return new Command.Experiment(name, seconds != null ? parseSeconds(seconds) : Experiments.DEFAULT_SECONDS,
                w.path("--out"), cores == null ? null : parseCores(cores), w.value("--mode"),
                files == null ? null : parseWhole("--files", files, 1, Experiments.MAX_FILES),
                fileKib == null ? null : parseWhole("--file-kib", fileKib, 4, Experiments.MAX_FILE_KIB));
    }

    private static Command parseFs(Deque<String> words) throws UsageException {
        Path image = null;
        String volume = null;
        boolean readOnly = false;
        boolean sync = true;
        FsOperation op = null;
        java.util.List<String> operands = new java.util.ArrayList<>();
        while (!words.isEmpty()) {
            String word = words.removeFirst();
            Option option = Option.split(word);
            if (op != null && !word.startsWith("--")) {
                operands.add(word);
            } else if (option.name().equals("--help") || option.name().equals("-h")) {
                return new Command.Help();
            } else if ((option.name().equals("--image") && image != null)
                    || (option.name().equals("--volume") && volume != null)) {
                throw new UsageException(option.name() + " given twice; " + SEE_HELP);
            } else if (option.name().equals("--image")) {
                image = Path.of(option.value(words, "FILE"));
            } else if (option.name().equals("--volume")) {
                volume = option.value(words, "NAME");
            } else if (word.equals("--read-only")) {
                readOnly = true;
            } else if (word.equals("--no-sync")) {
                sync = false;
            } else if (op == null && !word.startsWith("-")) {
                op = FsOperation.of(word).orElseThrow(() -> new UsageException("unknown fs operation '" + word
                        + "'; valid: " + FsOperation.valid() + "; " + SEE_HELP));
            } else {
                throw unexpected("fs", word);
            }
        }
        if (image == null) {
            throw new UsageException("fs needs --image FILE, the ext2 image to work on; " + SEE_HELP);
        }
        if (op == null) {
            throw new UsageException("fs needs an operation: one of " + FsOperation.valid() + "; " + SEE_HELP);
        }
        String problem = op.check(operands);
        if (problem != null) {
            throw new UsageException(problem + "; " + SEE_HELP);
        }
        if (readOnly && op.writes()) {
            throw new UsageException("fs " + op.word() + " changes the image; drop --read-only; " + SEE_HELP);
        }
        return new Command.Fs(image, volume, readOnly, op, java.util.List.copyOf(operands), sync);
    }

    /**
     * The words after a subcommand: its options with values (each at most once), an optional name,
     * or a request for help.
     */
    private record Words(String name, Map<String, String> values, boolean help) {

        /**
         * @param subcommand the subcommand, for messages
         * @param options    the options it takes, with the placeholder of their value
         * @param takesName  whether one word that is not an option is allowed
         */
        static Words read(String subcommand, Deque<String> words, Map<String, String> options, boolean takesName)
                throws UsageException {
            String name = null;
            Map<String, String> values = new HashMap<>();
            while (!words.isEmpty()) {
                String word = words.removeFirst();
                Option option = Option.split(word);
                if (option.name().equals("--help") || option.name().equals("-h")) {
                    return new Words(name, values, true);
                }
                String placeholder = options.get(option.name());
                if (placeholder != null) {
                    if (values.containsKey(option.name())) {
                        throw new UsageException(option.name() + " given twice; " + SEE_HELP);
                    }
                    values.put(option.name(), option.value(words, placeholder));
                } else if (takesName && name == null && !word.startsWith("-")) {
                    name = word;
                } else {
                    throw unexpected(subcommand, word);
                }
            }
            return new Words(name, values, false);
        }

        String value(String option) {
            return values.get(option);
        }

        Path path(String option) {
            String v = values.get(option);
            return v == null ? null : Path.of(v);
        }
    }

    private static int parseSeconds(String text) throws UsageException {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= Experiments.MAX_SECONDS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw new UsageException("--seconds '" + text + "' is not a number of samples; use a whole number from 1 to "
                + Experiments.MAX_SECONDS + "; " + SEE_HELP);
    }

    private static int parseWhole(String option, String text, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw new UsageException(option + " '" + text + "' is not a whole number from " + min + " to " + max + "; " + SEE_HELP);
    }

    private static int parseCores(String text) throws UsageException {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_CORES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted range
        }
        throw new UsageException("--cores '" + text + "' is not a core count; use a whole number from 1 to "
                + MAX_CORES + "; " + SEE_HELP);
    }

    private static void noMoreArguments(String subcommand, Deque<String> words) throws UsageException {
        if (!words.isEmpty()) {
            throw unexpected(subcommand, words.peekFirst());
        }
    }

    private static UsageException unexpected(String subcommand, String word) {
        String what = word.startsWith("-") ? "unknown option" : "unexpected argument";
        return new UsageException(what + " '" + word + "' for " + subcommand + "; " + SEE_HELP);
    }

    /** One option word, split into its name and, for {@code --name=value}, its inline value. */
    private record Option(String name, String inlineValue) {

        static Option split(String word) {
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 2) {
                return new Option(word.substring(0, eq), word.substring(eq + 1));
            }
            return new Option(word, null);
        }

        /** @return the inline value, or else the next word, which must exist and not be an option */
        String value(Deque<String> words, String placeholder) throws UsageException {
            String value = inlineValue != null ? inlineValue : words.pollFirst();
            if (value == null || value.isEmpty() || (inlineValue == null && value.startsWith("--"))) {
                throw new UsageException(name + " needs a value: " + name + " " + placeholder + "; " + SEE_HELP);
            }
            return value;
        }
    }
}
