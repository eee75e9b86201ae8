package org.omnikernel.scheduler.sfq;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * {@value SfqFactory#NAME} governing a resource whose handler spins for 5 µs and sends itself again,
 * in a real kernel on one core under {@code okrt.fifo}, sharing by the cpu metric.
 */
class SfqKernelTest {

    /** Three activities with shares 50, 33 and 17 keep one core saturated: cpu time follows the shares. */
    @Test
    void saturatingActivitiesGetCpuInProportionToTheirShares() throws Exception {
        String xml = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0'/>"
                + "<resourcescheduler resource='resource.spin' scheduler='propshare.sfq' metric='cpu' core='0'/>"
                + "</schedulerconfig>";
        var config = new SchedulerConfigParser(new GridCatalog(Set.of("resource.spin"),
                Set.of(FifoScheduler.NAME, SfqFactory.NAME)), 1)
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "sfq.xml");
        Kernel k = new Kernel(config, name -> switch (name) {
            case FifoScheduler.NAME -> new FifoScheduler();
            case SfqFactory.NAME -> new SfqFactory();
            default -> null;
        });
        k.start();
        AtomicBoolean stop = new AtomicBoolean();
        Resource spin = () -> ResourceInterface.named("resource.spin").request("SPIN", (ctx, m) -> {
            long until = System.nanoTime() + 5_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (!stop.get()) {
                ctx.send("resource.spin", "SPIN");
            }
        }).build();
        long[] shares = {50, 33, 17};
        Activity[] activities = new Activity[shares.length];
        KernelSnapshot s;
        try {
            k.attach(spin).orElseThrow();
            for (int i = 0; i < shares.length; i++) {
                activities[i] = k.createActivity("a" + shares[i], Parameters.of("share", Long.toString(shares[i])));
            }
            for (int m = 0; m < 8; m++) {
                for (Activity a : activities) {
                    k.send(a, "resource.spin", "SPIN", m);
                }
            }
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            s = k.statistics();
            stop.set(true);
        } finally {
            k.stop();
        }
        long[] cpu = new long[shares.length];
        long total = 0;
        for (int i = 0; i < shares.length; i++) {
            cpu[i] = s.activity(activities[i].id()).cpuNanos();
            total += cpu[i];
        }
        StringBuilder figures = new StringBuilder();
        for (int i = 0; i < shares.length; i++) {
            figures.append(String.format(" share %d: %.2f%%", shares[i], 100.0 * cpu[i] / total));
        }
        for (int i = 0; i < shares.length; i++) {
            assertTrue(cpu[i] > 0, "every activity ran:" + figures);
            assertEquals(shares[i], 100.0 * cpu[i] / total, 2.0, "cpu shares within 2 points of 50/33/17:" + figures);
        }
    }
}
