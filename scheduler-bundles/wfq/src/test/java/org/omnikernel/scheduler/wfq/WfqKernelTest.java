package org.omnikernel.scheduler.wfq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.scheduler.testkit.Window;

/**
 * propshare.wfq in a real kernel (OKRT's {@code Kernel} on a plain class path): activities with
 * shares 50/33/17 keep a spinning resource saturated; their CPU time must follow the shares.
 * Figures are closed-form shares of what ran, never timings.
 */
class WfqKernelTest {

    private static final String[] NAMES = {"a50", "b33", "c17"};
    private static final long[] SHARES = {50, 33, 17};
    private static final int IN_FLIGHT = 8;

    private static KernelRig boot(String xml, Set<String> resources, int cores) {
        return KernelRig.boot(xml, cores, resources, new WfqFactory());
    }

    /**
     * Boots the grid, lets three activities saturate resource.spin with {@code IN_FLIGHT} labels each
     * for about a second, and returns their CPU shares, in percent.
     *
     * @param labels the affinity labels of each activity's messages
     */
    private static double[] run(String xml, int cores, long[] labels) throws Exception {
        Activity[] activities = new Activity[3];
        Window s;
        try (KernelRig rig = boot(xml, Set.of("resource.spin"), cores)) {
            rig.attachSpinner("resource.spin", 5_000);
            for (int i = 0; i < 3; i++) {
                activities[i] = rig.createActivity(NAMES[i], Parameters.of("share", Long.toString(SHARES[i])));
            }
            rig.fill("resource.spin", labels, activities);
            Thread.sleep(1000);
            s = rig.sinceBoot();
        }
        double[] shares = s.cpuShares(activities).percents();
        System.out.printf("propshare.wfq %d core(s): cpu shares a50=%.2f%% b33=%.2f%% c17=%.2f%%, messages %d/%d/%d%n", cores,
                shares[0], shares[1], shares[2], s.messages(activities[0]), s.messages(activities[1]),
                s.messages(activities[2]));
        s.to().clients().stream().filter(c -> c.resource().equals("resource.spin"))
                .forEach(c -> System.out.println("  core " + c.core() + " " + c.client() + " " + c.statistics()));
        for (int i = 0; i < 3; i++) {
            assertTrue(s.messages(activities[i]) > 1000, NAMES[i] + " ran");
        }
        return shares;
    }

    private static void assertShares(double[] shares, double tolerancePp) {
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(shares[i] - SHARES[i]) <= tolerancePp, String.format(
                    "%s got %.2f%% of the CPU time, share %d%% ± %.0f pp (all: %.2f/%.2f/%.2f)", NAMES[i], shares[i],
                    SHARES[i], tolerancePp, shares[0], shares[1], shares[2]));
        }
    }

    @Test
    void oneCoreIsSharedInProportionToTheActivitiesShares() throws Exception {
        String xml = "<schedulerconfig><cpuscheduler scheduler='propshare.wfq' core='0'/>"
                + "<resourcescheduler resource='resource.spin' scheduler='propshare.wfq' core='0'/></schedulerconfig>";
        long[] labels = new long[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            labels[i] = i;
        }
        assertShares(run(xml, 1, labels), 2);
    }

    /**
     * Two cores: per-core WFQ makes each core proportional among the clients on it, so the shares
     * across cores hold when every activity has labels on every core. affinity-sticky with labels
     * chosen to hash evenly gives each activity IN_FLIGHT/2 labels per core.
     */
    @Test
    void twoCoresAreSharedInProportionWhenEveryActivityHasLabelsOnBoth() throws Exception {
        String xml = "<schedulerconfig><cpuscheduler scheduler='propshare.wfq' core='0-?'/>"
                + "<resourcescheduler resource='resource.spin' scheduler='propshare.wfq' core='0-?'>"
                + "<param name='loadshare' value='affinity-sticky'/></resourcescheduler></schedulerconfig>";
        long[] labels = new long[IN_FLIGHT];
        int[] perCore = new int[2];
        int n = 0;
        for (long label = 0; n < IN_FLIGHT; label++) {
            int core = LoadSharePolicy.hashCore(label, 2);
            if (perCore[core] < IN_FLIGHT / 2) {
                perCore[core]++;
                labels[n++] = label;
            }
        }
        assertShares(run(xml, 2, labels), 3);
    }

    /** The CPU scheduler weighs resource schedulers by their cpushare, which OKRT passes as share. */
    @Test
    void theCpuSchedulerSharesACoreByCpushare() throws Exception {
        String xml = "<schedulerconfig><cpuscheduler scheduler='propshare.wfq' core='0'/>"
                + "<resourcescheduler resource='resource.hi' scheduler='propshare.wfq' core='0' cpushare='30000'/>"
                + "<resourcescheduler resource='resource.lo' scheduler='propshare.wfq' core='0' cpushare='10000'/>"
                + "</schedulerconfig>";
        Window s;
        try (KernelRig rig = boot(xml, Set.of("resource.hi", "resource.lo"), 1)) {
            rig.attachSpinner("resource.hi", 5_000);
            rig.attachSpinner("resource.lo", 5_000);
            Activity a = rig.createActivity("a", Parameters.EMPTY);
            for (int i = 0; i < IN_FLIGHT; i++) {
                rig.send(a, "resource.hi", i);
                rig.send(a, "resource.lo", i);
            }
            Thread.sleep(500);
            s = rig.sinceBoot();
        }
        double pct = s.resourceCpuShares("resource.hi", "resource.lo").percent(0);
        System.out.printf("propshare.wfq CPU scheduler, cpushare 30000:10000: resource.hi got %.2f%%%n", pct);
        assertTrue(Math.abs(pct - 75) <= 2, "resource.hi (cpushare 30000 of 40000) got " + pct + "% of the core");
    }
}
