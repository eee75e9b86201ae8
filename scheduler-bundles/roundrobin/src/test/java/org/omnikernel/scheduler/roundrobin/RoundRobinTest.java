package org.omnikernel.scheduler.roundrobin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.LoadShareRequest;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerContext;
import org.omnikernel.okrt.stats.KernelSnapshot;

class RoundRobinTest {

    private record Named(long id, String label) implements Client {
        @Override
        public long activityId() {
            return id;
        }

        @Override
        public int queueLength() {
            return 1;
        }
    }

    private static SchedulerContext context(int cores) {
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
                return Metric.CPU;
            }
        };
    }

    @Test
    void servesReadyClientsInTurnAQuantumAtATime() {
        Scheduler s = new RoundRobinFactory().create(Parameters.of("quantum", "2"), context(1));
        RoundRobinCore core = (RoundRobinCore) s.initCore(0);
        RoundRobinCore.Entry a = core.addClient(new Named(1, "a"), Parameters.EMPTY);
        RoundRobinCore.Entry b = core.addClient(new Named(2, "b"), Parameters.EMPTY);
        assertEquals(-1, core.pollReady());
        core.clientReady(a);
        core.clientReady(b);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            assertEquals(0, core.pollReady());
            RoundRobinCore.Entry e = core.schedule();
            order.add(e.client().label());
            core.resourceRecord(e, new ResourceRecord(Metric.CPU, 10));
            core.clientReady(e);
        }
        assertEquals(List.of("a", "a", "b", "b", "a", "a", "b", "b"), order);
        assertEquals(40, core.clientStatistics(a).consumed());
        assertEquals(Map.of("dispatches", 4L, "ready", 1L), core.clientStatistics(a).details());
        core.clientSuspended(a);
        core.removeClient(b);
        assertEquals(-1, core.pollReady(), "a suspended and a removed client are not ready");
        assertNull(core.schedule());
    }

    @Test
    void loadShareSendsANewLabelToTheCoreWithFewestClients() {
        Scheduler s = new RoundRobinFactory().create(Parameters.EMPTY, context(3));
        RoundRobinCore c0 = (RoundRobinCore) s.initCore(0);
        RoundRobinCore c1 = (RoundRobinCore) s.initCore(1);
        s.initCore(2);
        c0.addClient(new Named(1, "x"), Parameters.EMPTY);
        c0.addClient(new Named(2, "y"), Parameters.EMPTY);
        c1.addClient(new Named(3, "z"), Parameters.EMPTY);
        assertEquals(2, s.loadShare(new LoadShareRequest(5, 9, 3, -1)).core());
        assertEquals(1_000_000, s.loadShare(new LoadShareRequest(5, 9, 3, -1)).ttlMicros());
    }

    @Test
    void refusesUnknownAndOutOfRangeParameters() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new RoundRobinFactory().create(Parameters.of("weight", "3"), context(1)));
        assertTrue(unknown.getMessage().contains("\"weight\""), unknown.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new RoundRobinFactory().create(Parameters.of("quantum", "0"), context(1)));
        assertTrue(zero.getMessage().contains("quantum=0"), zero.getMessage());
    }

    /** Two activities that keep one core saturated get equal numbers of messages, CPU scheduler included. */
    @Test
    void saturatingActivitiesShareACoreEquallyInARealKernel() throws Exception {
        String xml = "<schedulerconfig batch='4'><cpuscheduler scheduler='roundrobin' core='0'/>"
                + "<resourcescheduler resource='*' scheduler='roundrobin' core='0'/></schedulerconfig>";
        var config = new SchedulerConfigParser(new GridCatalog(Set.of("resource.spin"), Set.of("roundrobin")), 1)
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "rr.xml");
        Kernel k = new Kernel(config, name -> name.equals("roundrobin") ? new RoundRobinFactory() : null);
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
        KernelSnapshot s;
        Activity a;
        Activity b;
        try {
            k.attach(spin).orElseThrow();
            a = k.createActivity("a", Parameters.EMPTY);
            b = k.createActivity("b", Parameters.EMPTY);
            for (int i = 0; i < 8; i++) {
                k.send(a, "resource.spin", "SPIN", i);
                k.send(b, "resource.spin", "SPIN", i);
            }
            long until = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            s = k.statistics();
            stop.set(true);
        } finally {
            k.stop();
        }
        long ma = s.activity(a.id()).messages();
        long mb = s.activity(b.id()).messages();
        assertTrue(ma > 1000 && mb > 1000, "both ran: " + ma + ", " + mb);
        assertTrue(Math.abs(ma - mb) <= 8, "round robin in batches of 4 keeps them within two batches: " + ma + " vs " + mb);
    }
}
