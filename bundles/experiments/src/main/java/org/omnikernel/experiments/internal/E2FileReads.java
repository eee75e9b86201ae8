package org.omnikernel.experiments.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.ProcessService;
import org.omnikernel.syscall.spi.ProcessSpec;

/**
 * Experiment E2 (seed §5.5, Figs 5.2–5.4): attribution with several schedulers. Three processes run
 * {@code fileread} with one thread per core, each thread opening its process's file, reading 32 KB
 * and closing it, over and over; after the first read the file is in FCR's cache, so the run is
 * CPU-bound. The grid ({@code conf/experiments/e2.xml}) gives the resources a read passes through —
 * FCR, AIOR, IOR and MQ here (the seed's were ASR, AIOR and FCR; we have no address-space resource:
 * data is copied into the reader's buffer through an I/O stream, IOR) — WFQ schedulers with CPU as
 * the metric and together at least half the CPU; the processes' CPU aggregates share the rest
 * 50/33/17, and their I/O aggregates have the same weights at every resource scheduler.
 *
 * <pre>
 *  await /fs ─▶ start fileread × 3 (threads = cores; file /fs/e2-&lt;p&gt;.dat written, synced)
 *   ─▶ warm-up, until every process is charged at every resource
 *   ─▶ 1 Hz: per resource, Δ charged per process (TR: Δ CPU of its CPU aggregate) ─▶ shares
 *   ─▶ kill the processes ─▶ {@link SharesOutcome}
 * </pre>
 */
final class E2FileReads {

    /** The experiment's name. */
    static final String NAME = "e2";
    /** The program each process runs. */
    static final String PROGRAM = "fileread";
    /** The resources measured besides the TR instances: key, resource. */
    static final List<List<String>> RESOURCES = List.of(List.of("fcr", "resource.fcr"), List.of("aior", "resource.aior"),
            List.of("ior", "resource.ior"), List.of("gate", "resource.fcr.gate"), List.of("ext2r", "ext2r.disk0"));
    /**
     * Reading threads per core and process. The seed ran one; here a thread's read is a round trip
     * through five resources whose latency leaves the cores idle with one, and shares follow the
     * entitlement only when the CPU is contended.
     */
    static final int THREADS_PER_CORE = 16;
    /**
     * The series the goal applies to: the seed's Fig 5.4 panels, TR, FCR, AIOR and (for its ASR, which
     * this kernel does not have) IOR. FCR's gate and EXT2R are measured and reported besides.
     */
    static final List<String> JUDGED = List.of("tr", "fcr", "aior", "ior");
    /** The deviation a correct scheduler meets at every resource on a loaded 2-core machine, in pp. */
    static final double GOAL_PP = 5.0;
    /** How much longer than the warm-up every process may take to be charged everywhere. */
    static final Duration SPREAD_TIMEOUT = Duration.ofSeconds(30);

    private static final long SECOND = 1_000_000_000L;

    private final Okrt okrt;
    private final ProcessService processes;
    private final ExperimentSettings settings;
    private final PrintStream progress;

    E2FileReads(Okrt okrt, ProcessService processes, ExperimentSettings settings, PrintStream progress) {
        this.okrt = okrt;
        this.processes = processes;
        this.settings = settings;
        this.progress = progress;
    }

    private int threads() {
        return THREADS_PER_CORE * okrt.cores();
    }

    SharesOutcome run() throws ExperimentFailure, InterruptedException {
        try (ProcessLoad load = new ProcessLoad(processes, NAME, progress)) {
            List<ProcessHandle> started = new ArrayList<>();
            for (int i = 0; i < IoProcesses.LABELS.size(); i++) {
                long weight = IoProcesses.WEIGHTS.get(i);
                String file = IoProcesses.MOUNT_POINT + "/e2-" + IoProcesses.LABELS.get(i) + ".dat";
                ProcessSpec spec = ProcessSpec.of(PROGRAM, List.of(Integer.toString(threads()), Long.toString(weight), file))
                        .withCpua(IoProcesses.TR_POLICY, weight);
                started.add(load.start(IoProcesses.LABELS.get(i), spec));
            }
            progress.printf(Locale.ROOT, "%s: 3 %s processes x %d threads: open, read 32 KB, close, repeat; warm-up %.1f s%n",
                    NAME, PROGRAM, threads(), settings.warmupSeconds());
            List<ShareSeries> series = warmUp(load, started);
            ShareSampler sampler = new ShareSampler(okrt, progress);
            ShareSampler.Measurement measured = sampler.measure(NAME, settings.seconds(), series, GOAL_PP, load::checkAlive);
            List<String> judged = JUDGED;
            return new SharesOutcome(NAME, "E2: relative CPU per process at each resource of a cached file read (seed §5.5, Fig 5.4)",
                    "§5.5, Fig 5.3–5.4", okrt.cores(), settings.warmupSeconds(), settings.grid(), List.of(
                            "3 fileread processes x " + threads() + " threads (" + THREADS_PER_CORE + " per core): open a 32 KB file, read 32 KB, close, repeat",
                            "weights 5000/3333/1667: CPU aggregates at the CPU scheduler (WFQ), I/O aggregates at every"
                                    + " resource scheduler (WFQ, metric cpu)",
                            "no ASR in this kernel: a read's data reaches the process through an I/O stream (IOR)"),
                    measured.series(), judged,
                    "The seed (Vortex, 8 cores) shows the threads' CPU (Fig 5.4(a)) and the CPU at FCR, AIOR and ASR"
                            + " (Fig 5.4(b)-(d)) following the 50/33/17 entitlement.", measured.cpu());
        }
    }

    /** Runs the warm-up, then until every process is charged at every resource; @return the series to sample */
    private List<ShareSeries> warmUp(ProcessLoad load, List<ProcessHandle> started)
            throws ExperimentFailure, InterruptedException {
        long start = System.nanoTime();
        long warm = start + (long) (settings.warmupSeconds() * SECOND);
        long giveUp = warm + SPREAD_TIMEOUT.toNanos();
        while (true) {
            load.checkAlive();
            KernelSnapshot s = okrt.statistics();
            List<ShareSeries> series = series(s, started);
            List<String> idle = new ArrayList<>();
            for (int i = 0; i < started.size(); i++) {
                int ioas = IoProcesses.ioAggregates(s, started.get(i)).size();
                if (ioas < threads()) {
                    idle.add(IoProcesses.LABELS.get(i) + ": " + ioas + " of " + threads() + " threads reading");
                }
            }
            for (ShareSeries x : series) {
                for (int i = 0; i < started.size(); i++) {
                    if (x.meters().get(i).read(s) == 0) {
                        idle.add(IoProcesses.LABELS.get(i) + " at " + x.resource());
                    }
                }
            }
            long now = System.nanoTime();
            if (idle.isEmpty() && now - warm >= 0) {
                return series;
            }
            if (now - giveUp > 0) {
                throw new ExperimentFailure("nothing charged to " + String.join("; ", idle) + " after "
                        + (now - start) / SECOND + " s: does a read pass there, and does the grid give it a scheduler?");
            }
            E1CpuAttribution.parkUntil(now + 100_000_000L);
        }
    }

    private List<ShareSeries> series(KernelSnapshot s, List<ProcessHandle> started) {
        List<ShareSeries> series = new ArrayList<>();
        series.add(new ShareSeries("tr", "TR (threads)", "cpu_ns", IoProcesses.entitlement("tr"),
                started.stream().map(p -> Meter.activityCpu(p.defaultCpua().activity().id())).toList()));
        List<Set<Long>> ioas = started.stream().map(p -> IoProcesses.ioAggregates(s, p)).toList();
        for (List<String> r : RESOURCES) {
            series.add(new ShareSeries(r.get(0), r.get(1), "cpu_ns", IoProcesses.entitlement(r.get(1)),
                    ioas.stream().map(ids -> Meter.chargedAt(r.get(1), ids)).toList()));
        }
        return series;
    }
}
