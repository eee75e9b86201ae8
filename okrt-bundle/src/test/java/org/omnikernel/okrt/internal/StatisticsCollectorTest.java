package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.stats.KernelSnapshot;

class StatisticsCollectorTest {

    @Test
    void aHandlerAskingForStatisticsGetsItsOwnCoresSchedulerFigures() {
        try (TestGrid g = TestGrid.start(1, 1)) {
            AtomicReference<KernelSnapshot> seen = new AtomicReference<>();
            g.attach(ResourceInterface.named("resource.a").request("ASK", (ctx, m) -> seen.set(g.kernel.statistics())).build());
            Activity a = g.kernel.createActivity("asker", Parameters.of());
            g.kernel.send(a, "resource.a", "ASK", 0);
            TestGrid.await("the handler's snapshot", () -> seen.get() != null);
            KernelSnapshot s = seen.get();
            assertNotNull(s.resource("resource.a"));
            // the only core is running the asking handler: its figures can only be read in place
            assertTrue(s.clients().stream().anyMatch(c -> c.resource().equals("resource.a") && c.core() == 0
                    && c.activityId() == a.id()), "resource.a's scheduler figures on core 0: " + s.clients());
        }
    }
}
