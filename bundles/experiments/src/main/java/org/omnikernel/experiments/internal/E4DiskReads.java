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
 * Experiment E4 (seed §5.7, Figs 5.8–5.9): file system workloads, disk-bound. Each of three processes
 * first has its own files (by default 8 of 2 MiB; the seed's were 32) created by {@code mkfiles}
 * (four writers at once, all three processes at once, so blocks interleave on disk; every file closed
 * with sync), then reads them with {@code diskread}: {@value #GROUPS_PER_CORE} groups of
 * {@value #STREAMS} stream threads per core, each group reading one file at a time in non-overlapping parts and closing it with the
 * evict flag, so every read goes to the disk. The disk is a file disk with the rotational model
 * (10K RPM class), the bottleneck. Every storage resource has a WFQ scheduler; STOR, SDRWR and the
 * disk's DRWR share by bytes; the infrastructure activity (weight 10000) has half of each, and the
 * processes' I/O aggregates (5000/3333/1667) the rest. What is compared is the bytes DRWR read for
 * each process per second (Fig 5.8).
 *
 * <pre>
 *  await /fs ─▶ mkfiles × 3 at once ─▶ all exited 0 (files on disk)
 *   ─▶ diskread × 3 (2 groups per core, 4 streams each) ─▶ warm-up, until every process reads from disk
 *   ─▶ 1 Hz: Δ bytes per process at drwr.DEVICE, and at SDRWR, STOR, FCR, EXT2R ─▶ shares
 *   ─▶ kill the processes ─▶ {@link SharesOutcome}
 * </pre>
 */
final class E4DiskReads {

    /** The experiment's name. */
    static final String NAME = "e4";
    /** Parallel streams per file (the seed's 4). */
    static final int STREAMS = 4;
    /**
     * Groups of streams per core and process. The seed ran one thread per core with 32 files in flight
     * each; a blocking stream has one request in flight, and between two of them the process has
     * nothing queued at DRWR, so more groups keep every process backlogged there.
     */
    static final int GROUPS_PER_CORE = 2;
    /** Writers per process while the files are made. */
    static final int WRITERS = 4;
    /** The deviation at DRWR a correct scheduler meets on a loaded 2-core machine, in pp. */
    static final double GOAL_PP = 5.0;
    /** How long making the files may take. */
    static final Duration SETUP_TIMEOUT = Duration.ofMinutes(30);
    /** How much longer than the warm-up every process may take to reach the disk. */
    static final Duration SPREAD_TIMEOUT = Duration.ofSeconds(30);
    /** The disk the launcher configures. */
    static final String DEVICE = "disk0";

    private static final long SECOND = 1_000_000_000L;

    private final Okrt okrt;
    private final ProcessService processes;
    private final ExperimentSettings settings;
    private final PrintStream progress;

    E4DiskReads(Okrt okrt, ProcessService processes, ExperimentSettings settings, PrintStream progress) {
        this.okrt = okrt;
        this.processes = processes;
        this.settings = settings;
        this.progress = progress;
    }

    SharesOutcome run() throws ExperimentFailure, InterruptedException {
        try (ProcessLoad load = new ProcessLoad(processes, NAME, progress)) {
            makeFiles(load);
            List<ProcessHandle> readers = new ArrayList<>();
            for (int i = 0; i < IoProcesses.LABELS.size(); i++) {
                long weight = IoProcesses.WEIGHTS.get(i);
                ProcessSpec spec = ProcessSpec.of("diskread", List.of(Integer.toString(groups()),
                        Integer.toString(STREAMS), Long.toString(weight), dir(i), Integer.toString(settings.files()),
                        Long.toString(fileBytes()))).withCpua(IoProcesses.TR_POLICY, weight);
                readers.add(load.start(IoProcesses.LABELS.get(i), spec));
            }
            progress.printf(Locale.ROOT, "%s: 3 diskread processes x %d groups x %d streams, files evicted after reading;"
                    + " warm-up %.1f s%n", NAME, groups(), STREAMS, settings.warmupSeconds());
            List<ShareSeries> series = warmUp(load, readers);
            ShareSampler sampler = new ShareSampler(okrt, progress);
            ShareSampler.Measurement measured = sampler.measure(NAME, settings.seconds(), series, GOAL_PP, load::checkAlive);
            return new SharesOutcome(NAME, "E4: relative bytes read per process at the disk's DRWR (seed §5.7, Fig 5.8)",
                    "§5.7, Fig 5.8", okrt.cores(), settings.warmupSeconds(), settings.grid(), List.of(
                            String.format(Locale.ROOT, "3 processes x %d files x %d KiB, made by 4 writers each at once"
                                    + " and synced; read by %d groups x %d streams per process, evicted after each read",
                                    settings.files(), settings.fileKib(), groups(), STREAMS),
                            "disk " + DEVICE + ": file disk, rotational model (10K RPM class), the bottleneck",
                            "weights: infrastructure 10000 (50%), processes 5000/3333/1667 at every resource scheduler (WFQ);"
                                    + " bytes at STOR, SDRWR, DRWR; CPU at FCR and EXT2R (EXT2R records no bytes)"),
                    measured.series(), List.of("drwr"),
                    "The seed (Vortex, 8 cores, a 10K RPM SCSI disk, 256 requests in the firmware) shows the disk"
                            + " bandwidth at DRWR shared by the 50/33/17 entitlement (Fig 5.8; capacity varied with"
                            + " block placement, so the figure is relative).", measured.cpu());
        }
    }

    private int groups() {
        return GROUPS_PER_CORE * okrt.cores();
    }

    private long fileBytes() {
        return settings.fileKib() * 1024L;
    }

    private static String dir(int i) {
        return IoProcesses.MOUNT_POINT + "/e4-" + IoProcesses.LABELS.get(i);
    }

    /** Makes every process's files, all at once, and waits for them to be on disk. */
    private void makeFiles(ProcessLoad load) throws ExperimentFailure, InterruptedException {
        long start = System.nanoTime();
        progress.printf(Locale.ROOT, "%s: making 3 x %d files of %d KiB (4 writers per process, synced)%n", NAME, settings.files(),
                settings.fileKib());
        List<ProcessHandle> makers = new ArrayList<>();
        for (int i = 0; i < IoProcesses.LABELS.size(); i++) {
            makers.add(load.start("mkfiles-" + IoProcesses.LABELS.get(i), ProcessSpec.of("mkfiles",
                    List.of(dir(i), Integer.toString(settings.files()), Long.toString(fileBytes()), Integer.toString(WRITERS)))));
        }
        for (ProcessHandle p : makers) {
            load.awaitExit(p, SETUP_TIMEOUT);
        }
        progress.printf(Locale.ROOT, "%s: files made in %.1f s%n", NAME, (System.nanoTime() - start) / 1e9);
    }

    /** Runs the warm-up, then until every process reads from the disk; @return the series to sample */
    private List<ShareSeries> warmUp(ProcessLoad load, List<ProcessHandle> readers)
            throws ExperimentFailure, InterruptedException {
        long start = System.nanoTime();
        long warm = start + (long) (settings.warmupSeconds() * SECOND);
        long giveUp = warm + SPREAD_TIMEOUT.toNanos();
        int streams = groups() * STREAMS;
        while (true) {
            load.checkAlive();
            KernelSnapshot s = okrt.statistics();
            List<ShareSeries> series = series(s, readers);
            List<String> idle = new ArrayList<>();
            for (int i = 0; i < readers.size(); i++) {
                int ioas = IoProcesses.ioAggregates(s, readers.get(i)).size();
                if (ioas < streams) {
                    idle.add(IoProcesses.LABELS.get(i) + ": " + ioas + " of " + streams + " streams reading");
                }
                if (series.get(0).meters().get(i).read(s) == 0) {
                    idle.add(IoProcesses.LABELS.get(i) + " at " + series.get(0).resource());
                }
            }
            long now = System.nanoTime();
            if (idle.isEmpty() && now - warm >= 0) {
                return series;
            }
            if (now - giveUp > 0) {
                throw new ExperimentFailure("no disk reads for " + String.join("; ", idle) + " after "
                        + (now - start) / SECOND + " s: does the grid give " + series.get(0).resource() + " a scheduler?");
            }
            E1CpuAttribution.parkUntil(now + 100_000_000L);
        }
    }

    private List<ShareSeries> series(KernelSnapshot s, List<ProcessHandle> readers) {
        List<Set<Long>> ioas = readers.stream().map(p -> IoProcesses.ioAggregates(s, p)).toList();
        List<ShareSeries> series = new ArrayList<>();
        for (List<String> r : List.of(List.of("drwr", "drwr." + DEVICE, "bytes"), List.of("sdrwr", "resource.sdrwr", "bytes"),
                List.of("stor", "resource.stor", "bytes"), List.of("ext2r", "ext2r." + DEVICE, "cpu_ns"),
                List.of("fcr", "resource.fcr", "cpu_ns"))) {
            series.add(new ShareSeries(r.get(0), r.get(1), r.get(2), IoProcesses.entitlement(r.get(1)),
                    ioas.stream().map(ids -> Meter.chargedAt(r.get(1), ids)).toList()));
        }
        return series;
    }
}
