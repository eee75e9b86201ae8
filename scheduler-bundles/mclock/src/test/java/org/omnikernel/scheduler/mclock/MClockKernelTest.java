package org.omnikernel.scheduler.mclock;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.scheduler.testkit.Shares;
import org.omnikernel.scheduler.testkit.Window;

/**
 * {@value MClockFactory#NAME} governing a resource whose handler spins for 5 µs and sends itself
 * again, in a real kernel on one core under {@code okrt.fifo}, sharing by the cpu metric.
 */
class MClockKernelTest {

    private static final String XML = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0'/>"
            + "<resourcescheduler resource='resource.spin' scheduler='propshare.mclock' metric='cpu' core='0'/>"
            + "</schedulerconfig>";
    private static final long RUN_NANOS = 1_000_000_000L;

    private static KernelRig boot() {
        return KernelRig.boot(XML, 1, Set.of("resource.spin"), new FifoScheduler(), new MClockFactory());
    }

    /** A reserves 40% of the core with a weight of 1 against B's 100: the reservation wins. */
    @Test
    void aReservationOfFortyPercentHoldsAgainstAHundredTimesTheWeight() throws Exception {
        Window run;
        Activity a;
        Activity b;
        try (KernelRig rig = boot()) {
            rig.attachSpinner("resource.spin", 5_000);
            a = rig.createActivity("a", Parameters.of("share", "1", "reservation", "400000000"));
            b = rig.createActivity("b", Parameters.of("share", "100"));
            rig.fill("resource.spin", 8, a, b);
            KernelRig.spinFor(RUN_NANOS);
            run = rig.sinceBoot();
        }
        Shares cpu = run.cpuShares(a, b);
        long ca = cpu.amount(0);
        long cb = cpu.amount(1);
        double shareA = cpu.fraction(0);
        assertTrue(ca > 0 && cb > 0, "both ran: " + ca + ", " + cb);
        assertTrue(shareA >= 0.37, "a's reservation of 40% of the core: a " + ca + " ns, b " + cb + " ns, a's share " + shareA);
    }

    /** B alone, limited to 20% of the core: it gets no more, and the core idles for the rest. */
    @Test
    void aLimitOfTwentyPercentHoldsAndTheCoreIdles() throws Exception {
        Window run;
        Activity b;
        long limit = 200_000_000L;
        try (KernelRig rig = boot()) {
            rig.attachSpinner("resource.spin", 5_000);
            b = rig.createActivity("b", Parameters.of("limit", Long.toString(limit)));
            KernelSnapshot before = rig.statistics();
            rig.fill("resource.spin", 8, b);
            KernelRig.spinFor(RUN_NANOS);
            run = rig.since(before);
        }
        long elapsed = run.nanos();
        long cpu = run.to().activity(b.id()).cpuNanos();
        // mClock's bound is the limit times the time plus the dispatch in progress; a dispatch is 4 × 5 µs,
        // but its measured time includes any preemption of the core's thread by the operating system,
        // which on a loaded machine stretches one to milliseconds
        long slack = 20_000_000L;
        assertTrue(cpu > 0, "b ran");
        assertTrue(cpu <= limit * elapsed / 1_000_000_000L + slack,
                "b got " + cpu + " ns of " + elapsed + " ns, above its limit of 20% and one dispatch");
        long idle = run.idleNanos(0);
        assertTrue(idle >= elapsed / 2, "the core idled " + idle + " ns of " + elapsed + " ns rather than exceed b's limit");
    }
}
