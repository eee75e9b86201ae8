package org.omnikernel.scheduler.rate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.scheduler.testkit.Window;

/** {@code rate} governing a resource of a real kernel by CPU time. */
class RateKernelTest {

    private static final long RATE = 100_000_000; // ns of CPU per second: 10 % of a core
    private static final long BURST = 1_000_000;  // 1 ms of CPU

    /**
     * One activity keeps a 2 µs spinning resource saturated. Its CPU time stays within its bucket's
     * line, burst + rate × elapsed, and comes close to it; the core idles the rest of the time although
     * messages are queued all along.
     *
     * <p>Elapsed time runs from before the kernel starts, so it is longer than the client's life: the
     * bucket line the scheduler keeps, burst + rate × (time since the client was added), is below this
     * one by rate × the start-up time, which covers the one dispatch (2 µs) that may be charged past
     * the line after the fact.
     */
    @Test
    void aRateLimitedActivityStaysWithinItsBucketAndTheCoreIdles() throws Exception {
        String xml = "<schedulerconfig batch='1'><cpuscheduler scheduler='okrt.fifo' core='0'/>"
                + "<resourcescheduler resource='resource.spin' scheduler='rate' metric='cpu' core='0'/></schedulerconfig>";
        long t0;
        KernelSnapshot first;
        KernelSnapshot last;
        long t1;
        Activity a;
        try (KernelRig rig = KernelRig.boot(xml, 1, Set.of("resource.spin"), new RateFactory(), new FifoScheduler())) {
            t0 = rig.bootNanos();
            rig.attachSpinner("resource.spin", 2_000);
            a = rig.startActivity("limited", Parameters.of("rate", Long.toString(RATE), "burst", Long.toString(BURST)),
                    "resource.spin", 8);
            first = rig.statistics();
            Thread.sleep(1_000);
            last = rig.statistics();
            t1 = System.nanoTime();
        }
        long elapsed = t1 - t0;
        long line = BURST + RATE * elapsed / 1_000_000_000L;
        long cpu = last.activity(a.id()).cpuNanos();
        SchedulerClientStatistics client = KernelRig.client(last, "resource.spin", a);
        String figures = "cpu " + cpu + " ns, line " + line + " ns over " + elapsed + " ns; scheduler: " + client.statistics();
        assertTrue(cpu <= line, "the limit was exceeded: " + figures);
        assertTrue(cpu >= line / 2, "it ran at its rate: " + figures);
        assertTrue(last.activity(a.id()).queued() > 0, "messages were queued all along: " + figures);
        assertTrue(client.statistics().details().get("throttled_us") > 0, figures);

        Window run = new Window(first, last);
        long coreElapsed = run.coreElapsedNanos(0);
        long idle = run.idleNanos(0);
        assertTrue(idle > coreElapsed / 2, "the core idled " + idle + " ns of " + coreElapsed + " with work queued");
    }
}
