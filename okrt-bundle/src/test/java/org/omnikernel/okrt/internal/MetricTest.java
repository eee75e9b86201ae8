package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/** A scheduler shares by the metric it is configured with (Fig 3.15), and only by one the resource has. */
class MetricTest {

    private static final String GRID = "<schedulerconfig><cpuscheduler scheduler='okrt.fifo'/>"
            + "<resourcescheduler resource='resource.a' scheduler='okrt.fifo' metric='nbytes'/>"
            + "<resourcescheduler resource='resource.b' scheduler='okrt.fifo' metric='disk_time'/>"
            + "<resourcescheduler resource='*' scheduler='okrt.fifo'/></schedulerconfig>";

    @Test
    void theSchedulerIsChargedInItsMetricAndStatisticsCountBytes() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (TestGrid g = TestGrid.start(1, GRID, new SchedulerFactory[0])) {
            g.attach(ResourceInterface.named("resource.a").reports(Metric.NBYTES).request("WRITE", (ctx, m) -> {
                ctx.record(Metric.NBYTES, m.argument(0, Integer.class));
                ran.incrementAndGet();
            }, Integer.class).build());
            Activity a = g.kernel.createActivity("writer", Parameters.EMPTY);
            for (int i = 1; i <= 10; i++) {
                g.kernel.send(a, "resource.a", "WRITE", 0, i * 100);
            }
            TestGrid.await("ten writes", () -> ran.get() == 10);
            var s = g.kernel.statistics();
            assertEquals(5500, s.resource("resource.a").nbytes());
            assertEquals(5500, s.activity(a.id()).nbytes());
            var client = s.clients().stream().filter(c -> c.resource().equals("resource.a")).findFirst().orElseThrow();
            assertEquals(5500, client.statistics().consumed(), "okrt.fifo was charged bytes, not nanoseconds");
        }
    }

    @Test
    void aMetricTheResourceDoesNotReportIsRefusedAtAttachAndAtRecord() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        try (TestGrid g = TestGrid.start(1, GRID, new SchedulerFactory[0])) {
            var refused = assertThrows(IllegalArgumentException.class, () -> g.attach(ResourceInterface.named("resource.b")
                    .reports(Metric.NBYTES).request("SEEK", (ctx, m) -> { }).build()));
            assertTrue(refused.getMessage().contains("shares by metric disk_time") && refused.getMessage().contains("test.xml"),
                    refused.getMessage());
            g.attach(ResourceInterface.named("resource.c").request("READ", (ctx, m) -> {
                try {
                    ctx.record(Metric.NBYTES, 4096);
                } catch (IllegalArgumentException e) {
                    failures.incrementAndGet();
                }
            }).build());
            g.kernel.send(g.kernel.createActivity("r", Parameters.EMPTY), "resource.c", "READ", 0);
            TestGrid.await("the undeclared record refused", () -> failures.get() == 1);
            assertThrows(IllegalArgumentException.class, () -> ResourceInterface.named("resource.d").reports(Metric.CPU));
        }
    }
}
