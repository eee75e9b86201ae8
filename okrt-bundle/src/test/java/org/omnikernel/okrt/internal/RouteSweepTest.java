package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;

/**
 * Routes are swept out when a resource has many, but a sweep visits them all: a sender that uses a
 * new affinity label per message (DIR spreads completions by request tag) made every new route past
 * the threshold sweep thousands of live ones, the write's hot spot in bench storage.
 */
class RouteSweepTest {

    @Test
    void manyLiveRoutesAreSweptALogarithmicNumberOfTimesAndEveryMessageRuns() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (TestGrid g = TestGrid.start(2, 8)) {
            g.attach(ResourceInterface.named("resource.spread").request("NOP", (ctx, m) -> ran.incrementAndGet()).build());
            Activity a = g.kernel.createActivity("sender", Parameters.EMPTY);
            int routes = 5 * Router.ROUTE_SWEEP_THRESHOLD;
            for (int i = 0; i < routes; i++) {
                assertEquals(SendResult.OK, g.kernel.send(a, "resource.spread", "NOP", i + 1));
            }
            TestGrid.await("every message ran", () -> ran.get() == routes);
            ResourceEntry r = g.kernel.resourceById(g.kernel.resourceId("resource.spread").orElseThrow());
            // live mappings survive a sweep, so sweeping at every new route past 4096 made ~16 000 sweeps
            assertTrue(r.routeSweeps <= 4, "swept " + r.routeSweeps + " times for " + routes + " routes");
            assertTrue(r.routeSweeps >= 1, "never swept");
            assertTrue(r.routeSweepAt >= Router.ROUTE_SWEEP_THRESHOLD);
        }
    }
}
