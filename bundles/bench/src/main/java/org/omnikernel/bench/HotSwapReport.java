package org.omnikernel.bench;

import static org.omnikernel.bench.HotSwapBenchmark.BATCH;
import static org.omnikernel.bench.HotSwapBenchmark.CPU_POLICIES;
import static org.omnikernel.bench.HotSwapBenchmark.PAUSE_GOAL_US;
import static org.omnikernel.bench.HotSwapBenchmark.POLICIES;
import static org.omnikernel.bench.HotSwapBenchmark.TARGET;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.omnikernel.bench.HotSwapBenchmark.GapRecord;
import org.omnikernel.bench.HotSwapBenchmark.Result;
import org.omnikernel.bench.HotSwapBenchmark.Settings;
import org.omnikernel.bench.HotSwapBenchmark.SwapRecord;
import org.omnikernel.okrt.internal.CorePause;
import org.omnikernel.okrt.stats.ResourceStatistics;

/** Turns a hot-swap run's figures into its summary, verdict and logs, and the summary into text. */
final class HotSwapReport {

    private HotSwapReport() {
    }

    /** Read after the kernel stopped: its core threads have ended, so their writes are visible. */
    static Result result(Settings s, int cores, SwapLoad shared, SwapFigures swaps, SwapFigures warmupSwaps, long phaseNanos,
            long phaseDelivered, long drainNanos, ResourceStatistics stats) {
        long sent = 0;
        long distinct = 0;
        long invocations = 0;
        long duplicates = 0;
        long violations = 0;
        for (SwapChain c : shared.chains) {
            synchronized (c) {
                sent += c.sent;
                distinct += c.next + c.ahead.size();
                invocations += c.invocations;
                duplicates += c.duplicates;
                violations += c.violations;
            }
        }
        long lost = sent - distinct;
        List<DispatchGaps> gaps = new ArrayList<>(List.of(shared.gaps));
        gaps.addAll(shared.otherGaps.values());
        long maxDuring = 0;
        long maxOutside = 0;
        List<Object> perCore = new ArrayList<>();
        for (DispatchGaps g : gaps) {
            maxDuring = Math.max(maxDuring, g.maxDuringSwaps);
            maxOutside = Math.max(maxOutside, g.maxOutsideSwaps);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("core", g.core);
            m.put("handler_invocations", g.invocations);
            m.put("max_gap_during_swaps_us", us(g.maxDuringSwaps));
            m.put("max_gap_outside_swaps_us", us(g.maxOutsideSwaps));
            perCore.add(m);
        }
        List<Long> all = walls(swaps.allPauses());
        List<Long> allCpu = swaps.allPauses().stream().map(CorePause::cpuNanos).toList();
        long maxPause = swaps.maxPause();
        long sendFailures = shared.sendFailures.sum();
        long bad = shared.badMessages.sum();
        long handlerFailures = stats == null ? -1 : stats.failures();

        List<String> problems = new ArrayList<>();
        if (lost != 0) {
            problems.add(lost + " lost");
        }
        if (duplicates != 0) {
            problems.add(duplicates + " duplicated");
        }
        if (violations != 0) {
            problems.add(violations + " order violations");
        }
        if (sendFailures != 0) {
            problems.add(sendFailures + " sends refused (first: " + shared.firstSendFailure.get() + ")");
        }
        int swapFailures = warmupSwaps.failures + swaps.failures;
        if (swapFailures != 0) {
            problems.add(swapFailures + " swaps failed (first: "
                    + (warmupSwaps.firstFailure != null ? warmupSwaps.firstFailure : swaps.firstFailure) + ")");
        }
        if (bad != 0 || handlerFailures != 0) {
            problems.add(bad + " messages without their label, " + handlerFailures + " handler failures");
        }
        boolean passed = problems.isEmpty();
        String verdict = passed ? "every message ran exactly once and in order" : String.join("; ", problems);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("swaps", swaps.resourcePauses.size());
        m.put("cpu_swaps", swaps.cpuPauses.size());
        m.put("messages_sent", sent);
        m.put("messages_delivered", distinct);
        m.put("lost", lost);
        m.put("duplicated", duplicates);
        m.put("order_violations", violations);
        m.put("max_pause_us", us(maxPause));
        m.put("max_dispatch_gap_us", us(maxDuring));
        m.put("seconds", Json.decimal(phaseNanos / 1e9, 3));
        m.put("cores", cores);
        m.put("passed", passed);
        m.put("verdict", verdict);
        m.put("swap_failures", swapFailures);
        m.put("send_failures", sendFailures);
        m.put("handler_invocations", invocations);
        m.put("kernel_messages", stats == null ? -1 : stats.messages());
        m.put("handler_failures", handlerFailures);
        m.put("request_queues", stats == null ? -1 : stats.queues());
        m.put("offered_msgs_per_s", s.rate() == 0 ? null : Json.decimal(s.rate(), 1));
        m.put("msgs_per_s_during_swaps", Json.decimal(phaseNanos == 0 ? Double.NaN : phaseDelivered * 1e9 / phaseNanos, 1));
        m.put("pause_us_p50", us(percentile(all, 0.50)));
        m.put("pause_us_p99", us(percentile(all, 0.99)));
        m.put("max_resource_pause_us", us(max(walls(swaps.resourcePauses))));
        m.put("max_cpu_pause_us", us(max(walls(swaps.cpuPauses))));
        m.put("pause_goal_us", Json.decimal(PAUSE_GOAL_US, 1));
        m.put("swaps_over_pause_goal", all.stream().filter(p -> p > PAUSE_GOAL_US * 1000).count());
        m.put("max_pause_cpu_time_us", us(max(allCpu)));
        m.put("pause_cpu_time_us_p50", us(percentile(allCpu, 0.50)));
        m.put("pause_cpu_time_us_p99", us(percentile(allCpu, 0.99)));
        m.put("swaps_over_pause_goal_cpu_time", allCpu.stream().filter(p -> p > PAUSE_GOAL_US * 1000).count());
        m.put("swaps_during_gc", swaps.gcOverlaps);
        m.put("swaps_core_preempted", shared.coreTasks.isEmpty() ? null : swaps.preempted);
        m.put("core_preemptions_during_swap_phase", swaps.phasePreemptions < 0 ? null : swaps.phasePreemptions);
        m.put("max_pause_undisturbed_us", swaps.maxPauseUndisturbed < 0 ? null : us(swaps.maxPauseUndisturbed));
        m.put("max_swap_latency_us", us(swaps.maxLatency));
        m.put("max_dispatch_gap_outside_swaps_us", us(maxOutside));
        m.put("per_core", perCore);
        m.put("drain_ms", Json.decimal(drainNanos / 1e6, 3));
        m.put("final_scheduler", stats == null ? null : stats.scheduler());
        m.put("final_cpu_scheduler", shared.cpuPolicy);
        m.put("policies", POLICIES);
        m.put("cpu_policies", CPU_POLICIES);
        m.put("activities", s.activities());
        m.put("labels", s.labels());
        m.put("window_per_label", s.window());
        m.put("handler_ns", s.handlerNs());
        m.put("batch", BATCH);
        m.put("warmup_seconds", Json.decimal(s.warmup(), 3));
        m.put("warmup_swaps", warmupSwaps.resourcePauses.size());
        m.put("warmup_cpu_swaps", warmupSwaps.cpuPauses.size());
        m.put("warmup_max_pause_us", us(warmupSwaps.maxPause()));
        List<GapRecord> longGaps = new ArrayList<>();
        for (DispatchGaps g : gaps) {
            for (int i = 0; i < g.longGapCount; i++) {
                longGaps.add(new GapRecord(g.core, g.longGaps[3 * i] - swaps.t0, g.longGaps[3 * i + 1], g.longGaps[3 * i + 2] != 0));
            }
        }
        longGaps.sort(java.util.Comparator.comparingLong(GapRecord::endNanos));
        List<SwapRecord> log = new ArrayList<>(warmupSwaps.log);
        log.addAll(swaps.log);
        return new Result(m, passed, verdict, log, longGaps);
    }

    static String text(Map<String, Object> m, boolean passed, String verdict) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "hot-swap: %s swaps of %s's scheduler (%s in turn) and %s of okrt.cpu's (%s), "
                + "%s cores, %s s under load%n", m.get("swaps"), TARGET, String.join(" -> ", POLICIES), m.get("cpu_swaps"),
                String.join(" / ", CPU_POLICIES), m.get("cores"), m.get("seconds")));
        b.append(String.format(Locale.ROOT, "  messages     sent %s, delivered %s, lost %s, duplicated %s, order violations %s "
                + "(%s chains, %s msgs/s while swapping, %s offered; send failures %s, swap failures %s)%n",
                m.get("messages_sent"), m.get("messages_delivered"), m.get("lost"), m.get("duplicated"),
                m.get("order_violations"), m.get("labels"), m.get("msgs_per_s_during_swaps"),
                m.get("offered_msgs_per_s") == null ? "as many as the kernel takes" : m.get("offered_msgs_per_s"),
                m.get("send_failures"), m.get("swap_failures")));
        b.append(String.format(Locale.ROOT, "  swap pause   max %s us (resource %s, cpu %s), p50 %s us, p99 %s us: "
                + "the longest a core was held handing clients over (swapScheduler); goal <= %.0f us, %s swaps above it%n",
                m.get("max_pause_us"), m.get("max_resource_pause_us"), m.get("max_cpu_pause_us"), m.get("pause_us_p50"),
                m.get("pause_us_p99"), PAUSE_GOAL_US, m.get("swaps_over_pause_goal")));
        b.append(String.format(Locale.ROOT, "               CPU time of the hand-over max %s us, p50 %s us, p99 %s us "
                + "(the swap's own cost on the core, without time the OS took the thread away)%n",
                m.get("max_pause_cpu_time_us"), m.get("pause_cpu_time_us_p50"), m.get("pause_cpu_time_us_p99")));
        b.append(String.format(Locale.ROOT, "               max %s us over the swaps during which no GC ran and no core thread was "
                + "switched out involuntarily (%s of %s swaps saw one switched out)%n", m.get("max_pause_undisturbed_us"),
                m.get("swaps_core_preempted"), ((Integer) m.get("swaps")) + ((Integer) m.get("cpu_swaps"))));
        b.append(String.format(Locale.ROOT, "  swap latency max %s us from the call to its completion; %s warm-up swaps before, "
                + "max pause %s us%n", m.get("max_swap_latency_us"), ((Integer) m.get("warmup_swaps"))
                + ((Integer) m.get("warmup_cpu_swaps")), m.get("warmup_max_pause_us")));
        b.append(String.format(Locale.ROOT, "  dispatch gap max %s us across a swap, %s us elsewhere (the handler's view: "
                + "longest interval between two invocations on one core; the core threads were switched out involuntarily "
                + "%s times while swapping)%n", m.get("max_dispatch_gap_us"), m.get("max_dispatch_gap_outside_swaps_us"),
                m.get("core_preemptions_during_swap_phase")));
        if (m.get("per_core") instanceof List<?> cores) {
            for (Object o : cores) {
                if (o instanceof Map<?, ?> c) {
                    b.append(String.format(Locale.ROOT, "    core %s: %s invocations, gap %s us across a swap, %s us elsewhere%n",
                            c.get("core"), c.get("handler_invocations"), c.get("max_gap_during_swaps_us"),
                            c.get("max_gap_outside_swaps_us")));
                }
            }
        }
        b.append(passed ? "PASS: " : "FAIL: ").append(verdict).append('\n');
        return b.toString();
    }

    private static List<Long> walls(List<CorePause> pauses) {
        return pauses.stream().map(CorePause::wallNanos).toList();
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static Object us(long nanos) {
        return Json.decimal(nanos / 1e3, 1);
    }

    /** @return the nearest-rank percentile, 0 for no values */
    static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }
}
