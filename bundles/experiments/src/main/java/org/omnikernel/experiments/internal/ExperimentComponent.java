package org.omnikernel.experiments.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.omnikernel.experiments.ExperimentReport;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.config.ConfigException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.omnikernel.storage.StorageService;
import org.omnikernel.syscall.spi.ProcessService;

/**
 * Runs the experiment named by the framework property {@value ExperimentReport#EXPERIMENT_PROPERTY},
 * once OKRT runs; without that property it does nothing, so the bundle can ship in every kernel.
 *
 * <pre>
 *  activate ─▶ property set? ─ no ─▶ inert
 *                  │ yes
 *                  ▼  (thread omnikernel-experiment-NAME)
 *    settings ─▶ entitlement from the grid ─▶ run ─▶ files ─▶ register ExperimentReport (done | failed)
 *      ─▶ omnikernel.experiment.exit=true? ─▶ stop the framework (the launcher waits for that)
 * </pre>
 *
 * <p>The run has its own thread, so that activation never blocks Declarative Services. Deactivation
 * (the framework stopping, OKRT going away) interrupts it; the activities are terminated either way.
 */
@Component(immediate = true)
public final class ExperimentComponent {

    /** The experiments this bundle can run, by name. */
    static final List<String> EXPERIMENTS = List.of(E1CpuAttribution.NAME, E2FileReads.NAME, E4DiskReads.NAME);

    private static final System.Logger LOG = System.getLogger("org.omnikernel.experiments");
    private static final long JOIN_MILLIS = 15_000;

    @Reference
    private Okrt okrt;

    /** The process resource, for E1 on processes; absent from a kernel without it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ProcessService processes;

    /** STOR, for E2 and E4, which need a file system mounted. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StorageService storage;

    private final PrintStream progress = System.out;
    private BundleContext context;
    private Thread runner;
    private ServiceRegistration<ExperimentReport> registration;
    private boolean deactivated;

    /** Created by Declarative Services. */
    public ExperimentComponent() {
    }

    @Activate
    synchronized void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        String name = bundleContext.getProperty(ExperimentReport.EXPERIMENT_PROPERTY);
        if (name == null || name.isBlank()) {
            return;
        }
        runner = new Thread(() -> runAndReport(name.trim()), "omnikernel-experiment-" + name.trim());
        runner.setDaemon(true);
        runner.start();
    }

    @Deactivate
    void deactivate() {
        Thread t;
        synchronized (this) {
            deactivated = true;
            t = runner;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
                registration = null;
            }
        }
    }

    private void runAndReport(String name) {
        FinishedReport report;
        try {
            report = run(name);
        } catch (InterruptedException e) {
            LOG.log(Level.INFO, "experiment " + name + " interrupted: the framework or OKRT is stopping");
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "experiment " + name + " failed", e);
            report = FinishedReport.failed(name, "unexpected " + e, defaultOut(name));
        }
        progress.println(name + ": " + report.state() + (report.error().isEmpty() ? "" : ": " + report.error()));
        progress.flush();
        if (!register(report)) {
            return;
        }
        if (ExperimentSettings.exitWhenDone(context::getProperty)) {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.log(Level.ERROR, "experiment " + name + " could not stop the framework", e);
            }
        }
    }

    private FinishedReport run(String name) throws InterruptedException {
        ExperimentSettings settings;
        try {
            settings = ExperimentSettings.from(name, context::getProperty);
        } catch (IllegalArgumentException e) {
            return FinishedReport.failed(name, e.getMessage(), defaultOut(name));
        }
        String out = settings.out().toString();
        if (!EXPERIMENTS.contains(name)) {
            return FinishedReport.failed(name, "unknown experiment '" + name + "'; valid: "
                    + String.join(", ", EXPERIMENTS), out);
        }
        if (settings.grid() == null) {
            return FinishedReport.failed(name, "no grid: set " + ExperimentSettings.CONFIG_PROPERTY
                    + " to conf/experiments/" + name + ".xml", out);
        }
        try {
            Outcome outcome = switch (name) {
                case E2FileReads.NAME -> {
                    IoProcesses.awaitMount(() -> storage, context);
                    yield new E2FileReads(okrt, awaitProcesses(), settings, progress).run();
                }
                case E4DiskReads.NAME -> {
                    IoProcesses.awaitMount(() -> storage, context);
                    yield new E4DiskReads(okrt, awaitProcesses(), settings, progress).run();
                }
                default -> runE1(settings);
            };
            List<Path> files = OutputFiles.write(settings.out(), outcome);
            String summary = outcome.summaryText() + System.lineSeparator() + "  files: "
                    + files.stream().map(Path::toString).collect(Collectors.joining(", "));
            return new FinishedReport(name, ExperimentReport.DONE, summary, "", out, outcome.figures());
        } catch (ExperimentFailure | ConfigException e) {
            return FinishedReport.failed(name, e.getMessage(), out);
        } catch (IOException e) {
            return FinishedReport.failed(name, "cannot write the results into " + out + ": " + e, out);
        }
    }

    private E1Outcome runE1(ExperimentSettings settings) throws ConfigException, ExperimentFailure, InterruptedException {
        Entitlement entitlement = GridEntitlement.read(context, settings.grid(), okrt.cores(),
                E1CpuAttribution.ACTIVITIES, E1CpuAttribution.RESOURCES);
        return settings.mode().equals(RunDescription.SYNTHETIC)
                ? new E1CpuAttribution(okrt, settings, entitlement, progress).run()
                : new E1Processes(okrt, awaitProcesses(), settings, entitlement, progress).run();
    }

    /** @return the process resource, once it is there */
    private ProcessService awaitProcesses() throws ExperimentFailure, InterruptedException {
        long deadline = System.nanoTime() + E1CpuAttribution.ATTACH_TIMEOUT.toNanos();
        for (ProcessService p = processes; p == null; p = processes) {
            if (System.nanoTime() - deadline > 0) {
                throw new ExperimentFailure("no process resource (bundle org.omnikernel.resource.process) within "
                        + E1CpuAttribution.ATTACH_TIMEOUT.toSeconds() + " s; run E1 with --mode synthetic without it");
            }
            E1CpuAttribution.parkUntil(System.nanoTime() + 50_000_000L);
        }
        return processes;
    }

    /** @return whether the report was registered (not when the component is going away) */
    private synchronized boolean register(FinishedReport report) {
        if (deactivated) {
            return false;
        }
        try {
            registration = context.registerService(ExperimentReport.class, report, report.serviceProperties());
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static String defaultOut(String name) {
        return Path.of("experiments-out", name).toAbsolutePath().normalize().toString();
    }
}
