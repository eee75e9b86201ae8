package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Closure;
import org.omnikernel.okrt.object.KObject;

class TerminationTest {

    private static final class Buffer extends KObject {
    }

    @Test
    void terminationRunsDestroyCallbacksAndLeavesNoQueueBehind() throws Exception {
        AtomicInteger destroyed = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        long closuresBefore = Closure.live();
        try (TestGrid g = TestGrid.start(2, 4)) {
            // A full device: it rejects everything, so the activity's messages stay queued.
            g.attach(ResourceInterface.named("resource.b").request("WRITE", (ctx, m) -> ctx.reject(), Closure.class).build());
            g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> ran.incrementAndGet()).build());
            Activity doomed = g.kernel.createActivity("doomed", Parameters.EMPTY);
            Activity other = g.kernel.createActivity("other", Parameters.EMPTY);
            Buffer shared = new Buffer();
            for (int i = 0; i < 10; i++) {
                Closure done = Closure.of(args -> { }).strong(shared).onDestroy(args -> destroyed.incrementAndGet()).build();
                assertEquals(SendResult.OK, g.kernel.send(doomed, "resource.b", "WRITE", i, done));
            }
            assertEquals(11, shared.refCount(), "each closure holds a strong reference");
            TestGrid.await("10 queued", () -> g.kernel.statistics().resource("resource.b").queued() == 10);
            assertEquals(SendResult.OK, g.kernel.send(other, "resource.a", "NOP", 0));

            g.kernel.terminate(doomed).toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertEquals(10, destroyed.get(), "every unrun closure's destroy callback ran");
            assertEquals(1, shared.refCount(), "destroyed closures released their strong references");
            assertEquals(closuresBefore, Closure.live());
            var s = g.kernel.statistics();
            assertEquals(0, s.resource("resource.b").queues(), "no queue of the activity is left");
            assertEquals(0, s.resource("resource.b").queued());
            assertNull(s.activity(doomed.id()));
            assertFalse(doomed.isAlive());
            assertTrue(g.kernel.activities().stream().noneMatch(a -> a.id() == doomed.id()));
            assertEquals(SendResult.Status.ACTIVITY_TERMINATED, g.kernel.send(doomed, "resource.a", "NOP", 0).status());
            TestGrid.await("the other activity is unaffected", () -> ran.get() == 1);
            assertTrue(g.kernel.resourceById(g.kernel.resourceId("resource.b").orElseThrow()).routes.keySet().stream()
                    .noneMatch(k -> k.activity() == doomed.id()), "no route of the activity is left");
        }
    }
}
