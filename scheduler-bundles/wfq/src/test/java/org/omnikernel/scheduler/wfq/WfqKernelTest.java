package org.omnikernel.scheduler.wfq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * propshare.wfq in a real kernel (OKRT's {@code Kernel} on a plain class path): activities with
 * shares 50/33/17 keep a spinning resource saturated; their CPU time must follow the shares.
 * Figures are closed-form shares of what ran, never timings.
 */
class WfqKernelTest {

    private static final String[] NAMES = {"a50", "b33", "c17"};
    private static final long[] SHARES = {50, 33, 17};
    private static final int IN_FLIGHT = 8;

    private static SchedulerConfig config(String xml, Set<String> resources, int cores) throws Exception {
        return new SchedulerConfigParser(new GridCatalog(resources, Set.of(WfqFactory.NAME)), cores)
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "wfq.xml");
    }

    private static Kernel kernel(SchedulerConfig config) {
        return new Kernel(config, name -> name.equals(WfqFactory.NAME) ? new WfqFactory() : null);
    }

    /** A resource whose one request spins for 5 µs and sends itself again (same activity, same label). */
    private static Resource spin(String name, AtomicBoolean stop) {
        return () -> ResourceInterface.named(name).request("SPIN", (ctx, m) -> {
            long until = System.nanoTime() + 5_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (!stop.get()) {
                ctx.send(name, "SPIN");
            }
        }).build();
    }

    /** The activities' shares of the CPU time they got, in percent. */
    private static double[] cpuShares(KernelSnapshot s, List<Activity> activities) {
        double[] ns = new double[activities.size()];
        double total = 0;
        for (int i = 0; i < ns.length; i++) {
            ns[i] = s.activity(activities.get(i).id()).cpuNanos();
            total += ns[i];
        }
        for (int i = 0; i < ns.length; i++) {
            ns[i] = 100 * ns[i] / total;
        }
        return ns;
    }

    /**
     * Boots the grid, lets three activities saturate resource.spin with {@code IN_FLIGHT} labels each
     * for about a second, and returns their CPU shares.
     *
     * @param labels the affinity labels of each activity's messages
     */
    private static double[] run(String xml, int cores, long[] labels) throws Exception {
        Kernel k = kernel(config(xml, Set.of("resource.spin"), cores));
        AtomicBoolean stop = new AtomicBoolean();
        KernelSnapshot s;
        List<Activity> activities = new ArrayList<>();
        k.start();
        try {
            k.attach(spin("resource.spin", stop)).orElseThrow();
            for (int i = 0; i < 3; i++) {
                activities.add(k.createActivity(NAMES[i], Parameters.of("share", Long.toString(SHARES[i]))));
            }
            for (long label : labels) {
                for (Activity a : activities) {
                    assertTrue(k.send(a, "resource.spin", "SPIN", label).isOk());
                }
            }
            Thread.sleep(1000);
            s = k.statistics();
            stop.set(true);
        } finally {
            k.stop();
        }
        double[] shares = cpuShares(s, activities);
        System.out.printf("propshare.wfq %d core(s): cpu shares a50=%.2f%% b33=%.2f%% c17=%.2f%%, messages %d/%d/%d%n", cores,
                shares[0], shares[1], shares[2], s.activity(activities.get(0).id()).messages(),
                s.activity(activities.get(1).id()).messages(), s.activity(activities.get(2).id()).messages());
        s.clients().stream().filter(c -> c.resource().equals("resource.spin"))
                .forEach(c -> System.out.println("  core " + c.core() + " " + c.client() + " " + c.statistics()));
        for (int i = 0; i < 3; i++) {
            assertTrue(s.activity(activities.get(i).id()).messages() > 1000, NAMES[i] + " ran");
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
        Kernel k = kernel(config(xml, Set.of("resource.hi", "resource.lo"), 1));
        AtomicBoolean stop = new AtomicBoolean();
        KernelSnapshot s;
        k.start();
        try {
            k.attach(spin("resource.hi", stop)).orElseThrow();
            k.attach(spin("resource.lo", stop)).orElseThrow();
            Activity a = k.createActivity("a", Parameters.EMPTY);
            for (int i = 0; i < IN_FLIGHT; i++) {
                k.send(a, "resource.hi", "SPIN", i);
                k.send(a, "resource.lo", "SPIN", i);
            }
            Thread.sleep(500);
            s = k.statistics();
            stop.set(true);
        } finally {
            k.stop();
        }
        double hi = s.resource("resource.hi").cpuNanos();
        double lo = s.resource("resource.lo").cpuNanos();
        double pct = 100 * hi / (hi + lo);
        System.out.printf("propshare.wfq CPU scheduler, cpushare 30000:10000: resource.hi got %.2f%%%n", pct);
        assertTrue(Math.abs(pct - 75) <= 2, "resource.hi (cpushare 30000 of 40000) got " + pct + "% of the core");
    }
}
