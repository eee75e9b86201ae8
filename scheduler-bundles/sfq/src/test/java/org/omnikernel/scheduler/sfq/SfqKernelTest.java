package org.omnikernel.scheduler.sfq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.scheduler.testkit.Shares;
import org.omnikernel.scheduler.testkit.Window;

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
        long[] shares = {50, 33, 17};
        Activity[] activities = new Activity[shares.length];
        Window run;
        try (KernelRig rig = KernelRig.boot(xml, 1, Set.of("resource.spin"), new FifoScheduler(), new SfqFactory())) {
            rig.attachSpinner("resource.spin", 5_000);
            for (int i = 0; i < shares.length; i++) {
                activities[i] = rig.createActivity("a" + shares[i], Parameters.of("share", Long.toString(shares[i])));
            }
            rig.fill("resource.spin", 8, activities);
            KernelRig.spinFor(1_000_000_000L);
            run = rig.sinceBoot();
        }
        Shares cpu = run.cpuShares(activities);
        StringBuilder figures = new StringBuilder();
        for (int i = 0; i < shares.length; i++) {
            figures.append(String.format(" share %d: %.2f%%", shares[i], cpu.percent(i)));
        }
        for (int i = 0; i < shares.length; i++) {
            assertTrue(cpu.amount(i) > 0, "every activity ran:" + figures);
            assertEquals(shares[i], cpu.percent(i), 2.0, "cpu shares within 2 points of 50/33/17:" + figures);
        }
    }
}
