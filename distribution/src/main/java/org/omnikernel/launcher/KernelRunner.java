package org.omnikernel.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Boots the kernel: Apache Felix with every bundle of the distribution, then waits for OKRT's boot
 * report and, while the kernel runs, for the framework to stop.
 *
 * <pre>
 *   init Felix ─▶ install bundle/*.jar ─▶ start Felix ─▶ resolve all ─▶ start all but the shell
 *     ─▶ await KernelStatus (30 s) ─┬─ failed  ─▶ print the error, stop ─▶ exit 3
 *                                  ├─ nothing ─▶ say so, stop          ─▶ exit 4
 *                                  └─ running ─▶ banner ─▶ start the shell ─▶ wait for stop ─▶ exit 0
 * </pre>
 *
 * <p>The Gogo shell starts last so that its {@code g! } prompt follows the banner, and so that a
 * kernel that refused its configuration never gets a shell. A {@link KernelSession} other than
 * {@link KernelSession#SHELL} (an experiment) adds framework properties, keeps the shell closed and
 * may bound how long the kernel runs after its banner. A shutdown hook stops the framework on
 * Ctrl-C or SIGTERM; the framework's storage is a fresh temporary directory, deleted once it stops.
 */
final class KernelRunner {

    /** How long OKRT has to report how boot went. */
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(30);
    /** How long a stopping framework may take before the launcher gives up waiting. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /** The Gogo console bundle, started after the banner. */
    static final String SHELL_BUNDLE = "org.apache.felix.gogo.shell";
    /**
     * Bundles started before all others, in this order: SPI Fly must be active before any bundle
     * whose ServiceLoader calls it rewrites loads a class, and slf4j's provider must be registered
     * before Jetty asks slf4j for its first logger (else slf4j settles on its no-op logger).
     */
    static final List<String> FIRST_BUNDLES = List.of("org.apache.aries.spifly.dynamic.bundle", "slf4j.simple");

    // Held so that the level set on it is not lost when the logger is garbage-collected.
    private static final java.util.logging.Logger SPIFLY_LOG = java.util.logging.Logger.getLogger("org.apache.aries.spifly");

    /** Framework property: absolute path of the scheduler configuration OKRT boots with. */
    static final String CONFIG_PROPERTY = "omnikernel.config";
    /** Framework property: the number of cores (read by the HAL). */
    static final String CORES_PROPERTY = "omnikernel.cores";
    /** Felix Config Admin's store; a system property of that name overrides the distribution's. */
    static final String CONFIG_ADMIN_DIR_PROPERTY = "felix.cm.dir";
    /** Felix File Install's directory of *.cfg files. */
    static final String FILEINSTALL_DIR_PROPERTY = "felix.fileinstall.dir";
    /** Framework property a .cfg file can name as {@code ${omnikernel.var}}: the distribution's var/. */
    static final String VAR_PROPERTY = "omnikernel.var";

    private final OkernelHome home;
    private final Path config;
    private final Integer cores;
    private final boolean interactive;
    private final KernelSession session;
    private final HttpConsole console;
    private final PrintStream out;
    private final PrintStream err;
    private final Thread shutdownHook = new Thread(() -> stopFramework(true), "okernel-shutdown");

    // Written by the main thread before the shutdown hook is installed; read by the hook.
    private volatile Framework framework;
    private volatile Path storage;
    private boolean stopped; // guarded by this
    // Set as soon as a stop begins, so that a boot cut short by Ctrl-C does not report its bundles as failures.
    private volatile boolean stopping;

    /**
     * @param home        the distribution whose bundles to install
     * @param config      the scheduler configuration, already checked to be readable
     * @param cores       the core count, or null for every processor
     * @param interactive whether to give Gogo the terminal
     * @param out         where the banner goes
     * @param err         where errors go
     */
    KernelRunner(OkernelHome home, Path config, Integer cores, boolean interactive, PrintStream out,
            PrintStream err) {
        this(home, config, cores, interactive, KernelSession.SHELL, null, out, err);
    }

    /**
     * @param home        the distribution whose bundles to install
     * @param config      the scheduler configuration, already checked to be readable
     * @param cores       the core count, or null for every processor
     * @param interactive whether to give Gogo the terminal
     * @param console     the HTTP server's set-up, or null for none
     * @param out         where the banner goes
     * @param err         where errors go
     */
    KernelRunner(OkernelHome home, Path config, Integer cores, boolean interactive, HttpConsole console, PrintStream out,
            PrintStream err) {
        this(home, config, cores, interactive, KernelSession.SHELL, console, out, err);
    }

    /**
     * @param home        the distribution whose bundles to install
     * @param config      the scheduler configuration, already checked to be readable
     * @param cores       the core count, or null for every processor
     * @param interactive whether to give Gogo the terminal
     * @param session     what the run is for: the shell, or an experiment
     * @param console     the HTTP server's set-up, or null for none (Felix HTTP then serves nothing)
     * @param out         where the banner goes
     * @param err         where errors go
     */
    KernelRunner(OkernelHome home, Path config, Integer cores, boolean interactive, KernelSession session,
            HttpConsole console, PrintStream out, PrintStream err) {
        this.home = home;
        this.config = config;
        this.cores = cores;
        this.interactive = interactive;
        this.session = session;
        this.console = console;
        this.out = out;
        this.err = err;
    }

    /**
     * The framework properties of a kernel run.
     *
     * @param config      the scheduler configuration
     * @param cores       the core count, or null for every processor
     * @param interactive whether Gogo gets the terminal
     * @param storage     the framework's storage directory
     * @return the properties to create Felix with
     */
    static Map<String, String> frameworkProperties(Path config, Integer cores, boolean interactive, Path storage) {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The HAL imports it (optionally) for per-thread allocated bytes. Felix 7 derives it from the
        // JVM's modules already; naming it keeps the import wired should that default ever change.
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "com.sun.management");
        properties.put(CONFIG_PROPERTY, config.toAbsolutePath().normalize().toString());
        if (cores != null) {
            properties.put(CORES_PROPERTY, cores.toString());
        }
        if (!interactive) {
            // Without a terminal an interactive Gogo would read end-of-input and stop the framework.
            properties.put("gosh.args", "--nointeractive");
        }
        properties.put("felix.log.level", "1"); // errors only
        return properties;
    }

    /**
     * Felix File Install's settings: it feeds the {@code *.cfg} files of one directory to Config Admin
     * (and follows their changes), never installs bundles from it, and never writes configurations
     * back into the files. Without a directory of its own it would watch {@code ./load}.
     *
     * @param directory the .cfg directory; created when missing
     * @param var       the distribution's var/, for {@code ${omnikernel.var}} in the files
     * @return the properties
     * @throws IOException if a directory cannot be created
     */
    static Map<String, String> fileInstallProperties(Path directory, Path var) throws IOException {
        Files.createDirectories(directory);
        Files.createDirectories(var);
        return Map.of(FILEINSTALL_DIR_PROPERTY, directory.toAbsolutePath().normalize().toString(),
                "felix.fileinstall.filter", ".*\\.cfg",
                "felix.fileinstall.enableConfigSave", "false",
                "felix.fileinstall.noInitialDelay", "true",
                "felix.fileinstall.poll", "1000",
                "felix.fileinstall.log.level", "2",
                VAR_PROPERTY, var.toAbsolutePath().normalize().toString());
    }

    /**
     * Boots the kernel and returns when it has stopped or failed to boot.
     *
     * @return an {@link ExitCode}
     * @throws IOException          if the framework's storage directory cannot be created
     * @throws InterruptedException if the main thread is interrupted while waiting
     */
    int run() throws IOException, InterruptedException {
        storage = Files.createTempDirectory("okernel-felix-");
        // SPI Fly reports every provider it registers through java.util.logging at INFO: keep the start quiet.
        SPIFLY_LOG.setLevel(java.util.logging.Level.WARNING);
        // Jetty logs through slf4j-simple, which reads system properties: only warnings, unless asked.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            return boot();
        } finally {
            stopFramework(false);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or has run
            }
        }
    }

    private int boot() throws InterruptedException {
        try {
            Map<String, String> properties = frameworkProperties(config, cores, interactive, storage);
            properties.putAll(session.frameworkProperties());
            Path configFiles = storage.resolve("no-configuration-files");
            if (console != null) {
                properties.putAll(console.frameworkProperties());
                // a run, not an experiment: the grid's live edits, kept by Config Admin, come back next run
                properties.put(CONFIG_ADMIN_DIR_PROPERTY,
                        System.getProperty(CONFIG_ADMIN_DIR_PROPERTY, home.configAdminStore().toString()));
                // and the devices and mounts declared in conf/config/*.cfg
                configFiles = home.configFiles();
            } else {
                // No console asked for (an experiment): Felix HTTP must not take a port.
                properties.put(HttpConsole.ENABLE_PROPERTY, "false");
            }
            properties.putAll(fileInstallProperties(session.configurationFiles().orElse(configFiles), home.var()));
            framework = newFramework(properties);
            framework.init();
            session.frameworkInitialised(framework.getBundleContext());
        } catch (BundleException | IOException | RuntimeException e) {
            err.println("okernel: Apache Felix did not initialise: " + reason(e));
            return ExitCode.FAILURE;
        }
        BundleContext context = framework.getBundleContext();
        try (BootReportWatcher watcher = BootReportWatcher.open(context)) {
            List<Bundle> installed = install(context);
            if (installed.isEmpty()) {
                return ExitCode.FAILURE;
            }
            framework.start();
            // Resolve everything in one go, so that resolution sees every bundle at once.
            framework.adapt(FrameworkWiring.class).resolveBundles(installed);
            List<Bundle> shell = installed.stream().filter(b -> SHELL_BUNDLE.equals(b.getSymbolicName())).toList();
            List<Bundle> kernel = startOrder(installed.stream().filter(b -> !shell.contains(b)).toList());
            if (!start(kernel)) {
                return ExitCode.FAILURE;
            }
            Optional<BootReport> report = watcher.await(BOOT_TIMEOUT);
            if (report.isEmpty()) {
                err.println("okernel: no boot report from OKRT within " + BOOT_TIMEOUT.toSeconds()
                        + " s (no " + BootReport.KERNEL_STATUS + " service); stopping. Bundles:");
                printBundles(err, false);
                return ExitCode.NO_BOOT_REPORT;
            }
            if (!report.get().running()) {
                err.println("okernel: configuration error: " + report.get().error());
                return ExitCode.CONFIGURATION_ERROR;
            }
            if (session.printsBanner()) {
                printBanner(report.get());
            }
            if (session.opensShell() && !start(shell)) {
                return ExitCode.FAILURE;
            }
        } catch (BundleException e) {
            err.println("okernel: Apache Felix did not start: " + reason(e));
            return ExitCode.FAILURE;
        }
        Duration limit = session.timeLimit();
        FrameworkEvent stop = framework.waitForStop(limit == null ? 0 : limit.toMillis());
        if (stop.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            err.println("okernel: the kernel was still running after " + limit.toSeconds() + " s; stopping it");
            stopFramework(true);
            return ExitCode.FAILURE;
        }
        stopFramework(true);
        return stop.getType() == FrameworkEvent.ERROR ? ExitCode.FAILURE : ExitCode.OK;
    }

    /**
     * @param bundles bundles in file name order
     * @return the same, {@link #FIRST_BUNDLES} first
     */
    static List<Bundle> startOrder(List<Bundle> bundles) {
        List<Bundle> ordered = new ArrayList<>();
        for (String first : FIRST_BUNDLES) {
            bundles.stream().filter(b -> first.equals(b.getSymbolicName())).forEach(ordered::add);
        }
        bundles.stream().filter(b -> !ordered.contains(b)).forEach(ordered::add);
        return ordered;
    }

    private static Framework newFramework(Map<String, String> properties) {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, KernelRunner.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no OSGi framework on the class path (lib/ must hold org.apache.felix.framework)"));
        return factory.newFramework(properties);
    }

    /** @return the installed bundles, or an empty list after reporting why not all could be installed */
    private List<Bundle> install(BundleContext context) {
        List<Path> jars;
        try (Stream<Path> files = Files.list(home.bundles())) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            err.println("okernel: cannot list the bundles in " + home.bundles() + ": " + e.getMessage());
            return List.of();
        }
        if (jars.isEmpty()) {
            err.println("okernel: no bundles in " + home.bundles());
            return List.of();
        }
        List<Bundle> installed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Path jar : jars) {
            try {
                installed.add(context.installBundle(jar.toUri().toString()));
            } catch (BundleException | RuntimeException e) {
                failures.add("okernel: cannot install " + jar.getFileName() + ": " + reason(e));
            }
        }
        failures.forEach(err::println);
        return failures.isEmpty() ? installed : List.of();
    }

    /** Starts every bundle, reporting each failure with the framework's reason. */
    private boolean start(List<Bundle> bundles) {
        List<String> failures = new ArrayList<>();
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue; // fragments attach to their host; they cannot be started
            }
            try {
                bundle.start();
            } catch (BundleException | RuntimeException e) {
                failures.add("okernel: bundle " + bundle.getSymbolicName() + " " + bundle.getVersion()
                        + " did not start: " + reason(e));
            }
        }
        if (!stopping) {
            failures.forEach(err::println);
        }
        return failures.isEmpty();
    }

    private void printBanner(BootReport report) {
        out.println("Omnikernel " + LauncherVersion.load().version() + " on Apache Felix " + framework.getVersion());
        out.println("Bundles:");
        printBundles(out, true);
        if (!report.summary().isEmpty()) {
            out.println();
            out.println(report.summary());
        }
        if (console != null) {
            out.println(console.bannerLine());
        }
        out.println();
        out.println(session.runningLine());
        out.flush();
    }

    /** Prints one line per bundle: id, symbolic name, version, state. */
    private void printBundles(PrintStream to, boolean shellStartsNext) {
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            String state = stateName(bundle.getState());
            if (SHELL_BUNDLE.equals(bundle.getSymbolicName()) && bundle.getState() == Bundle.RESOLVED
                    && shellStartsNext && session.opensShell()) {
                state += " (starts after this banner)";
            }
            to.printf("  %3d  %-40s %-20s %s%n", bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion(),
                    state);
        }
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED:
                return "UNINSTALLED";
            case Bundle.INSTALLED:
                return "INSTALLED";
            case Bundle.RESOLVED:
                return "RESOLVED";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.ACTIVE:
                return "ACTIVE";
            default:
                return "state " + state;
        }
    }

    /** The framework's message, plus the cause's when the message alone hides it (activator errors). */
    private static String reason(Throwable e) {
        String reason = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            reason += " (caused by " + cause + ")";
        }
        return reason;
    }

    /**
     * Stops the framework if it runs, waits for it, and deletes its storage; only the first call
     * does anything. Called by the main thread and by the shutdown hook, possibly at once: the lock
     * makes the later caller wait until the first is done, so the JVM never exits mid-stop.
     *
     * @param announce whether to print {@code okernel: stopped} (a normal stop, not a failed boot)
     */
    private synchronized void stopFramework(boolean announce) {
        if (stopped) {
            return;
        }
        stopped = true;
        stopping = true;
        Framework running = framework;
        if (running != null) {
            try {
                running.stop();
                FrameworkEvent event = running.waitForStop(STOP_TIMEOUT.toMillis());
                if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    err.println("okernel: Apache Felix did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
                }
            } catch (BundleException | RuntimeException e) {
                err.println("okernel: stopping Apache Felix failed: " + reason(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteStorage();
        if (announce) {
            out.println("okernel: stopped");
            out.flush();
        }
    }

    private void deleteStorage() {
        Path dir = storage;
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            err.println("okernel: could not delete the framework storage " + dir + ": " + e.getMessage());
        }
    }
}
