package org.omnikernel.scheduler.wfq;

import java.util.Map;
import java.util.function.LongSupplier;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.scheduler.testkit.Dispatches;
import org.omnikernel.scheduler.testkit.TestClient;
import org.omnikernel.scheduler.testkit.TestContext;

/** Small fixtures shared by the hook-level tests: schedulers, cores, clients and a dispatch loop as OKRT runs it. */
final class WfqTesting {

    private WfqTesting() {
    }

    static WfqScheduler scheduler(Parameters p, int cores) {
        return (WfqScheduler) new WfqFactory().create(p, TestContext.of(cores, Metric.CPU));
    }

    static WfqScheduler scheduler(Parameters p, int cores, LongSupplier clock) {
        return new WfqScheduler(p, TestContext.of(cores, Metric.CPU), clock);
    }

    static WfqCore core(Parameters p) {
        return (WfqCore) scheduler(p, 1).initCore(0);
    }

    static WfqClient add(WfqCore core, String label, long share) {
        return core.addClient(new TestClient(label.hashCode(), label), Parameters.of("share", Long.toString(share)));
    }

    /**
     * Runs decisions as the core loop does: pollReady, schedule, a CPU record of {@code cost},
     * clientReady again (every client stays backlogged).
     *
     * @return dispatches per client label, in this run
     */
    static Map<String, Long> serve(WfqCore core, int n, long cost) {
        return Dispatches.countByLabel(Dispatches.serve(core, n, Metric.CPU, cost));
    }
}
