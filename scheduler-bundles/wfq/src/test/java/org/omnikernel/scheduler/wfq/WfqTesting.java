package org.omnikernel.scheduler.wfq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.SchedulerContext;

/** Small fixtures shared by the hook-level tests: clients, contexts and a dispatch loop as OKRT runs it. */
final class WfqTesting {

    private WfqTesting() {
    }

    /** A client as OKRT would present a request queue. */
    record Named(long id, String label) implements Client {
        @Override
        public long activityId() {
            return id;
        }

        @Override
        public int queueLength() {
            return 1;
        }
    }

    static SchedulerContext context(int cores, Metric metric) {
        return new SchedulerContext() {
            @Override
            public String resource() {
                return "resource.test";
            }

            @Override
            public int cores() {
                return cores;
            }

            @Override
            public Metric metric() {
                return metric;
            }
        };
    }

    static WfqScheduler scheduler(Parameters p, int cores) {
        return (WfqScheduler) new WfqFactory().create(p, context(cores, Metric.CPU));
    }

    static WfqScheduler scheduler(Parameters p, int cores, LongSupplier clock) {
        return new WfqScheduler(p, context(cores, Metric.CPU), clock);
    }

    static WfqCore core(Parameters p) {
        return (WfqCore) scheduler(p, 1).initCore(0);
    }

    static WfqClient add(WfqCore core, String label, long share) {
        return core.addClient(new Named(label.hashCode(), label), Parameters.of("share", Long.toString(share)));
    }

    /**
     * Runs decisions as the core loop does: pollReady, schedule, a record of the dispatch's
     * consumption, clientReady again (every client stays backlogged).
     *
     * @return dispatches per client label, in this run
     */
    static Map<String, Long> serve(WfqCore core, int n, Metric metric, ToLongFunction<WfqClient> cost) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (core.pollReady() != 0) {
                throw new AssertionError("a work-conserving scheduler with ready clients must decide now");
            }
            WfqClient e = core.schedule();
            if (e == null) {
                throw new AssertionError("pollReady said 0 but schedule returned null");
            }
            counts.merge(e.client().label(), 1L, Long::sum);
            core.resourceRecord(e, new ResourceRecord(metric, cost.applyAsLong(e)));
            core.clientReady(e);
        }
        return counts;
    }

    static Map<String, Long> serve(WfqCore core, int n, long cost) {
        return serve(core, n, Metric.CPU, e -> cost);
    }
}
