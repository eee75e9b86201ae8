package org.omnikernel.experiments.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * Experiment E1 (seed §5.4, Fig 5.1), synthetic mode: three CPU-bound activities, each burning CPU in
 * a resource of its own whose scheduler has the activity's weight at the CPU scheduler, with work on
 * every core; the CPU time each activity is attributed is sampled at 1 Hz and compared with its
 * entitlement.
 *
 * <pre>
 *  await resource.burn.a/b/c ─▶ activities e1.a, e1.b, e1.c
 *   ─▶ per activity, {@value #LABELS_PER_CORE} affinity labels per core, one BURN loop each
 *   ─▶ warm-up, until every activity has a request queue on every core
 *   ─▶ statistics every second for N s: Δ cpuNanos per activity ─▶ shares
 *   ─▶ terminate the activities (their loops end) ─▶ {@link E1Outcome}
 * </pre>
 *
 * <p>In the seed each process ran one CPU-bound thread per core under its own thread resource (TR)
 * instance; here each activity's resource stands in for its TR instance and a label's closed BURN
 * loop for one of its threads.
 */
final class E1CpuAttribution {

    /** The experiment's name. */
    static final String NAME = "e1";
    /** The activities' short names. */
    static final List<String> ACTIVITIES = List.of("a", "b", "c");
    /** The resource each activity burns CPU in, in the same order. */
    static final List<String> RESOURCES = List.of(BurnResourceA.NAME, BurnResourceB.NAME, BurnResourceC.NAME);
    /** Affinity labels started per activity and core (each keeps one BURN message in flight). */
    static final int LABELS_PER_CORE = 8;
    /** How long the resources may take to attach. */
    static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(30);
    /** How much longer than the warm-up the load may take to reach every core. */
    static final Duration SPREAD_TIMEOUT = Duration.ofSeconds(10);
    /** How long terminating the activities may take. */
    static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(10);

    private static final long SECOND = 1_000_000_000L;
    private static final long POLL_NANOS = 50_000_000L;

    private final Okrt okrt;
    private final ExperimentSettings settings;
    private final Entitlement entitlement;
    private final PrintStream progress;
    private final List<Activity> activities = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private final ShareSampler sampler;

    /**
     * @param okrt        the kernel
     * @param settings    how long, where, which slice
     * @param entitlement the activities' entitlement, from the grid
     * @param progress    where to print one line per sample
     */
    E1CpuAttribution(Okrt okrt, ExperimentSettings settings, Entitlement entitlement, PrintStream progress) {
        this.okrt = okrt;
        this.settings = settings;
        this.entitlement = entitlement;
        this.progress = progress;
        this.sampler = new ShareSampler(okrt, progress);
    }

    /**
     * Runs the experiment; the activities are terminated however it ends.
     *
     * @return the outcome
     * @throws ExperimentFailure    when the load cannot be set up or measured
     * @throws InterruptedException when the thread is interrupted (the framework stops)
     */
    E1Outcome run() throws ExperimentFailure, InterruptedException {
        awaitResources();
        try {
            for (String a : ACTIVITIES) {
                activities.add(okrt.createActivity(NAME + "." + a, Parameters.EMPTY));
                labels.add(0);
            }
            for (int i = 0; i < activities.size(); i++) {
                for (int k = 0; k < LABELS_PER_CORE * okrt.cores(); k++) {
                    startLoop(i);
                }
            }
            progress.printf(Locale.ROOT, "%s: %d activities x %d BURN loops of %d us on %d cores; warm-up %.1f s%n",
                    NAME, activities.size(), LABELS_PER_CORE * okrt.cores(), settings.sliceMicros(), okrt.cores(),
                    settings.warmupSeconds());
            warmUp();
            return measure();
        } finally {
            terminateActivities();
        }
    }

    private void awaitResources() throws ExperimentFailure, InterruptedException {
        long deadline = System.nanoTime() + ATTACH_TIMEOUT.toNanos();
        while (true) {
            List<String> missing = RESOURCES.stream().filter(r -> okrt.resourceId(r).isEmpty()).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ExperimentFailure(String.join(", ", missing) + " not attached within "
                        + ATTACH_TIMEOUT.toSeconds() + " s: does the grid give them a scheduler whose bundle is installed?");
            }
            parkUntil(System.nanoTime() + POLL_NANOS);
        }
    }

    /** Starts one more BURN loop of activity {@code i}, on a label of its own. */
    private void startLoop(int i) throws ExperimentFailure {
        int k = labels.get(i);
        labels.set(i, k + 1);
        long affinity = (i + 1) * 1_000_000L + k;
        SendResult r = okrt.send(activities.get(i), RESOURCES.get(i), BurnResource.BURN, affinity, settings.sliceNanos());
        if (!r.isOk()) {
            throw new ExperimentFailure("cannot start a BURN loop of " + activities.get(i).name() + " at "
                    + RESOURCES.get(i) + ": " + r);
        }
    }

    /**
     * Runs the load for the warm-up, and on until every activity has a request queue on every core:
     * a label's core is the load-share policy's choice, so an activity whose labels all landed on
     * some cores gets more labels until it covers them all.
     */
    private void warmUp() throws ExperimentFailure, InterruptedException {
        long start = System.nanoTime();
        long warm = start + (long) (settings.warmupSeconds() * SECOND);
        long giveUp = warm + SPREAD_TIMEOUT.toNanos();
        int maxLabels = 8 * LABELS_PER_CORE * okrt.cores();
        while (true) {
            List<String> uncovered = new ArrayList<>();
            KernelSnapshot s = okrt.statistics();
            for (int i = 0; i < activities.size(); i++) {
                List<Integer> cores = sampler.coresWithoutWork(s, RESOURCES.get(i), activities.get(i).id());
                if (!cores.isEmpty()) {
                    uncovered.add(activities.get(i).name() + " on cores " + cores);
                    if (labels.get(i) < maxLabels) {
                        startLoop(i);
                    }
                }
            }
            long now = System.nanoTime();
            if (uncovered.isEmpty() && now - warm >= 0) {
                return;
            }
            if (now - giveUp > 0) {
                throw new ExperimentFailure("no work for " + String.join("; ", uncovered) + " after "
                        + (now - start) / SECOND + " s: the load-share policy put every label elsewhere");
            }
            parkUntil(now + POLL_NANOS);
        }
    }

    private E1Outcome measure() throws InterruptedException {
        List<Long> ids = activities.stream().map(Activity::id).toList();
        RunDescription run = new RunDescription(NAME, RunDescription.SYNTHETIC, okrt.cores(), settings.warmupSeconds(),
                settings.sliceMicros(), labels.stream().mapToInt(Integer::intValue).max().orElse(0),
                settings.grid());
        return sampler.measure(NAME, settings.seconds(), entitlement, ids, run);
    }

    private void terminateActivities() throws InterruptedException {
        for (Activity a : activities) {
            try {
                okrt.terminate(a).toCompletableFuture().get(TERMINATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                progress.println(NAME + ": terminating " + a.name() + " did not complete: " + e);
            }
        }
    }

    /**
     * Waits until a point on the monotonic clock.
     *
     * @param deadline the point, from {@link System#nanoTime()}
     * @throws InterruptedException when interrupted
     */
    static void parkUntil(long deadline) throws InterruptedException {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting");
            }
        }
    }
}
