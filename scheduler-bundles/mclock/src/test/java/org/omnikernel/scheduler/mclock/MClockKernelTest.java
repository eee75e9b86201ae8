package org.omnikernel.scheduler.mclock;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.stats.CoreStatistics;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * {@value MClockFactory#NAME} governing a resource whose handler spins for 5 µs and sends itself
 * again, in a real kernel on one core under {@code okrt.fifo}, sharing by the cpu metric.
 */
class MClockKernelTest {

    private static final String XML = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0'/>"
            + "<resourcescheduler resource='resource.spin' scheduler='propshare.mclock' metric='cpu' core='0'/>"
            + "</schedulerconfig>";
    private static final long RUN_NANOS = 1_000_000_000L;

    private static Kernel boot() throws Exception {
        var config = new SchedulerConfigParser(new GridCatalog(Set.of("resource.spin"),
                Set.of(FifoScheduler.NAME, MClockFactory.NAME)), 1)
                .parse(new ByteArrayInputStream(XML.getBytes(StandardCharsets.UTF_8)), "mclock.xml");
        Kernel k = new Kernel(config, name -> switch (name) {
            case FifoScheduler.NAME -> new FifoScheduler();
            case MClockFactory.NAME -> new MClockFactory();
            default -> null;
        });
        k.start();
        return k;
    }

    private static Resource spin(AtomicBoolean stop) {
        return () -> ResourceInterface.named("resource.spin").request("SPIN", (ctx, m) -> {
            long until = System.nanoTime() + 5_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (!stop.get()) {
                ctx.send("resource.spin", "SPIN");
            }
        }).build();
    }

    private static void spinFor(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** A reserves 40% of the core with a weight of 1 against B's 100: the reservation wins. */
    @Test
    void aReservationOfFortyPercentHoldsAgainstAHundredTimesTheWeight() throws Exception {
        Kernel k = boot();
        AtomicBoolean stop = new AtomicBoolean();
        KernelSnapshot s;
        Activity a;
        Activity b;
        try {
            k.attach(spin(stop)).orElseThrow();
            a = k.createActivity("a", Parameters.of("share", "1", "reservation", "400000000"));
            b = k.createActivity("b", Parameters.of("share", "100"));
            for (int i = 0; i < 8; i++) {
                k.send(a, "resource.spin", "SPIN", i);
                k.send(b, "resource.spin", "SPIN", i);
            }
            spinFor(RUN_NANOS);
            s = k.statistics();
            stop.set(true);
        } finally {
            k.stop();
        }
        long ca = s.activity(a.id()).cpuNanos();
        long cb = s.activity(b.id()).cpuNanos();
        double shareA = (double) ca / (ca + cb);
        assertTrue(ca > 0 && cb > 0, "both ran: " + ca + ", " + cb);
        assertTrue(shareA >= 0.37, "a's reservation of 40% of the core: a " + ca + " ns, b " + cb + " ns, a's share " + shareA);
    }

    /** B alone, limited to 20% of the core: it gets no more, and the core idles for the rest. */
    @Test
    void aLimitOfTwentyPercentHoldsAndTheCoreIdles() throws Exception {
        Kernel k = boot();
        AtomicBoolean stop = new AtomicBoolean();
        KernelSnapshot before;
        KernelSnapshot after;
        Activity b;
        long limit = 200_000_000L;
        try {
            k.attach(spin(stop)).orElseThrow();
            b = k.createActivity("b", Parameters.of("limit", Long.toString(limit)));
            before = k.statistics();
            for (int i = 0; i < 8; i++) {
                k.send(b, "resource.spin", "SPIN", i);
            }
            spinFor(RUN_NANOS);
            after = k.statistics();
            stop.set(true);
        } finally {
            k.stop();
        }
        long elapsed = after.timestampNanos() - before.timestampNanos();
        long cpu = after.activity(b.id()).cpuNanos();
        // mClock's bound is the limit times the time plus the dispatch in progress; a dispatch is 4 × 5 µs,
        // but its measured time includes any preemption of the core's thread by the operating system,
        // which on a loaded machine stretches one to milliseconds
        long slack = 20_000_000L;
        assertTrue(cpu > 0, "b ran");
        assertTrue(cpu <= limit * elapsed / 1_000_000_000L + slack,
                "b got " + cpu + " ns of " + elapsed + " ns, above its limit of 20% and one dispatch");
        CoreStatistics c0 = before.cores().get(0);
        CoreStatistics c1 = after.cores().get(0);
        long idle = c1.idleNanos() - c0.idleNanos();
        assertTrue(idle >= elapsed / 2, "the core idled " + idle + " ns of " + elapsed + " ns rather than exceed b's limit");
    }
}
