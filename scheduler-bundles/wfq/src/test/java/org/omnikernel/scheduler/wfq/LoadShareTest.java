package org.omnikernel.scheduler.wfq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.omnikernel.scheduler.wfq.WfqTesting.add;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;

/** The three load-share policies, and loadShare running concurrently with a core's hooks. */
class LoadShareTest {

    private static WfqCore[] cores(WfqScheduler s, int n) {
        WfqCore[] cs = new WfqCore[n];
        for (int i = 0; i < n; i++) {
            cs[i] = (WfqCore) s.initCore(i);
        }
        return cs;
    }

    private static void charge(WfqCore core, WfqClient e, long consumption) {
        core.clientReady(e);
        core.schedule();
        core.resourceRecord(e, new ResourceRecord(Metric.CPU, consumption));
    }

    private static LoadShare first(WfqScheduler s, int cores) {
        return s.loadShare(new LoadShareRequest(77, 5, cores, -1));
    }

    @Test
    void leastUtilizedPicksTheCoreWithTheLowestSchedulerVftPerUnitOfWeight() {
        WfqScheduler s = WfqTesting.scheduler(Parameters.EMPTY, 3);
        WfqCore[] c = cores(s, 3);
        WfqClient x = add(c[0], "x", 10_000);
        WfqClient y = add(c[0], "y", 20_000);
        WfqClient z = add(c[1], "z", 10_000);
        WfqClient w = add(c[2], "w", 10_000);
        // at boot every core is at 0: fewest clients wins, the lowest index on a tie, the previous core before that
        assertEquals(1, first(s, 3).core());
        assertEquals(2, s.loadShare(new LoadShareRequest(77, 5, 3, 2)).core());
        // core 0 served 3000 over weight 30000 = 0.1; core 1 2000/10000 = 0.2; core 2 1500/10000 = 0.15
        charge(c[0], x, 3000);
        charge(c[1], z, 2000);
        charge(c[2], w, 1500);
        assertEquals(0, first(s, 3).core());
        charge(c[0], y, 3000);
        assertEquals(2, first(s, 3).core());
        assertEquals(1_000_000, first(s, 3).ttlMicros(), "the seed's ttl by default");
    }

    @Test
    void affinityStickyKeepsThePreviousCoreAndOtherwiseHashesTheLabel() {
        WfqScheduler s = WfqTesting.scheduler(Parameters.of("loadshare", "affinity-sticky", "ttl", "250"), 3);
        WfqCore[] c = cores(s, 3);
        WfqClient x = add(c[1], "x", 10_000);
        charge(c[1], x, 1_000_000);
        for (int prev = 0; prev < 3; prev++) {
            assertEquals(prev, s.loadShare(new LoadShareRequest(99, 1, 3, prev)).core(), "keeps its core, busy or not");
        }
        int[] per = new int[3];
        for (long label = 0; label < 3000; label++) {
            int core = s.loadShare(new LoadShareRequest(label, 1, 3, -1)).core();
            assertEquals(core, s.loadShare(new LoadShareRequest(label, 2, 3, -1)).core(), "a label always lands alike");
            assertEquals(LoadSharePolicy.hashCore(label, 3), core);
            per[core]++;
        }
        for (int n : per) {
            assertTrue(n > 900 && n < 1100, "labels spread evenly: " + java.util.Arrays.toString(per));
        }
        int[] strided = new int[3];
        for (long label = 0; label < 3000; label++) {
            strided[s.loadShare(new LoadShareRequest(label * 3, 1, 3, -1)).core()]++;
        }
        for (int n : strided) {
            assertTrue(n > 900 && n < 1100, "multiples of the core count spread too: " + java.util.Arrays.toString(strided));
        }
        assertEquals(250, first(s, 3).ttlMicros());
    }

    @Test
    void fewestClientsPicksTheEmptiestCorePreferringThePreviousOnATie() {
        WfqScheduler s = WfqTesting.scheduler(Parameters.of("loadshare", "fewest-clients"), 3);
        WfqCore[] c = cores(s, 3);
        add(c[0], "x", 1);
        add(c[0], "y", 1);
        WfqClient z = add(c[1], "z", 1);
        assertEquals(2, first(s, 3).core());
        add(c[2], "w", 1);
        assertEquals(1, first(s, 3).core(), "cores 1 and 2 tie: the lower index");
        assertEquals(2, s.loadShare(new LoadShareRequest(77, 5, 3, 2)).core(), "a tie keeps the previous core");
        c[1].removeClient(z);
        assertEquals(1, s.loadShare(new LoadShareRequest(77, 5, 3, 2)).core(), "a removed client no longer counts");
    }

    @Test
    void loadShareRunsOnOtherThreadsWhileTheCoresMutate() throws Exception {
        for (String policy : List.of("least-utilized", "affinity-sticky", "fewest-clients")) {
            WfqScheduler s = WfqTesting.scheduler(Parameters.of("loadshare", policy), 4);
            WfqCore[] c = cores(s, 4);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int core = i;
                threads.add(new Thread(() -> {
                    try {
                        for (int n = 0; n < 20_000; n++) {
                            WfqClient e = add(c[core], "c" + n, 1 + n % 7);
                            charge(c[core], e, 1000 + core);
                            c[core].removeClient(e);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
                threads.add(new Thread(() -> {
                    try {
                        for (int n = 0; n < 20_000; n++) {
                            int got = s.loadShare(new LoadShareRequest(n, 1, 4, n % 5 - 1)).core();
                            if (got < 0 || got >= 4) {
                                throw new AssertionError(policy + " chose core " + got);
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(policy, failure.get());
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(0, s.figures().clients(i), "every add matched by a remove");
            }
        }
    }
}
