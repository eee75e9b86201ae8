package org.omnikernel.experiments.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.ProcessService;
import org.omnikernel.syscall.spi.ProcessSpec;

/**
 * Experiment E1 (seed §5.4, Fig 5.1) on real processes: three processes run the {@code burn}
 * program with one CPU-bound thread per core; each process's default CPU aggregate has its own TR
 * instance under round robin, whose cpushare at the CPU scheduler (WFQ) is the grid's cpushare of
 * {@code resource.burn.a/b/c} (50/33/17). The CPU time each aggregate is attributed is sampled at 1 Hz.
 *
 * <pre>
 *  start burn × 3 (threads = cores), CPUA shares from the grid
 *   ─▶ warm-up, until every CPUA's TR instance has a client on every core
 *   ─▶ statistics every second for N s: Δ cpuNanos per CPUA activity ─▶ shares
 *   ─▶ kill the processes, await their release ─▶ {@link E1Outcome}
 * </pre>
 *
 * <p>Round robin's load share puts a new thread on the core with the fewest clients: the main thread
 * takes one core, and the thread it makes while running there goes to the other (seed: "the initial
 * mapping always assigned to the core with the least number of threads bound to it").
 */
final class E1Processes {

    /** The program every process runs. */
    static final String PROGRAM = "burn";
    /** The TR instances' scheduler (seed §5.4). */
    static final String TR_POLICY = "roundrobin";
    /** How long the load may take to reach every core after the warm-up. */
    static final Duration SPREAD_TIMEOUT = Duration.ofSeconds(20);

    private static final long SECOND = 1_000_000_000L;
    private static final long POLL_NANOS = 50_000_000L;

    private final Okrt okrt;
    private final ExperimentSettings settings;
    private final Entitlement grid;
    private final PrintStream progress;
    private final ShareSampler sampler;
    private final ProcessLoad load;
    private final List<ProcessHandle> started = new ArrayList<>();

    E1Processes(Okrt okrt, ProcessService processes, ExperimentSettings settings, Entitlement grid, PrintStream progress) {
        this.okrt = okrt;
        this.settings = settings;
        this.grid = grid;
        this.progress = progress;
        this.sampler = new ShareSampler(okrt, progress);
        this.load = new ProcessLoad(processes, E1CpuAttribution.NAME, progress);
    }

    E1Outcome run() throws ExperimentFailure, InterruptedException {
        try (load) {
            for (int i = 0; i < grid.size(); i++) {
                ProcessSpec spec = ProcessSpec.of(PROGRAM, List.of(Integer.toString(okrt.cores())))
                        .withCpua(TR_POLICY, grid.cpushares().get(i));
                started.add(load.start(grid.activities().get(i), spec));
            }
            progress.printf(Locale.ROOT, "%s: %d burn processes x %d threads on %d cores, TR %s, timeslice per TR; warm-up %.1f s%n",
                    E1CpuAttribution.NAME, started.size(), okrt.cores(), okrt.cores(), TR_POLICY, settings.warmupSeconds());
            warmUp();
            List<String> trs = started.stream().map(p -> p.defaultCpua().resourceName()).toList();
            Entitlement entitlement = new Entitlement(grid.activities(), trs, grid.cpushares());
            List<Long> ids = started.stream().map(p -> p.defaultCpua().activity().id()).toList();
            RunDescription run = new RunDescription(E1CpuAttribution.NAME, RunDescription.PROCESSES, okrt.cores(),
                    settings.warmupSeconds(), 0, okrt.cores(), settings.grid());
            return sampler.measure(E1CpuAttribution.NAME, settings.seconds(), entitlement, ids, run);
        }
    }

    private void warmUp() throws ExperimentFailure, InterruptedException {
        long start = System.nanoTime();
        long warm = start + (long) (settings.warmupSeconds() * SECOND);
        long giveUp = warm + SPREAD_TIMEOUT.toNanos();
        while (true) {
            List<String> uncovered = new ArrayList<>();
            KernelSnapshot s = okrt.statistics();
            for (int i = 0; i < started.size(); i++) {
                ProcessHandle p = started.get(i);
                if (!p.isAlive()) {
                    throw new ExperimentFailure("process " + grid.activities().get(i) + " ended during the warm-up"
                            + (p.failure().isEmpty() ? "" : ": " + p.failure()));
                }
                List<Integer> cores = sampler.coresWithoutWork(s, p.defaultCpua().resourceName(),
                        p.defaultCpua().activity().id());
                if (!cores.isEmpty()) {
                    uncovered.add(grid.activities().get(i) + " on cores " + cores);
                }
            }
            long now = System.nanoTime();
            if (uncovered.isEmpty() && now - warm >= 0) {
                return;
            }
            if (now - giveUp > 0) {
                throw new ExperimentFailure("no thread for " + String.join("; ", uncovered) + " after "
                        + (now - start) / SECOND + " s: the TR load share put every thread elsewhere");
            }
            E1CpuAttribution.parkUntil(now + POLL_NANOS);
        }
    }
}
