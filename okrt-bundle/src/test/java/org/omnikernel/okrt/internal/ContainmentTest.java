package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;

class ContainmentTest {

    @Test
    void aHandlerThatThrowsNeverStopsItsCore() throws Exception {
        AtomicInteger ok = new AtomicInteger();
        try (TestGrid g = TestGrid.start(1, 8)) {
            g.attach(ResourceInterface.named("resource.a").request("WORK", (ctx, m) -> {
                if (m.argument(0, Integer.class) % 10 == 0) {
                    throw new IllegalStateException("driver bug");
                }
                ok.incrementAndGet();
            }, Integer.class).build());
            Activity a = g.kernel.createActivity("a", Parameters.EMPTY);
            for (int i = 0; i < 100; i++) {
                g.kernel.send(a, "resource.a", "WORK", i, i);
            }
            TestGrid.await("the 90 good messages", () -> ok.get() == 90);
            var r = g.kernel.statistics().resource("resource.a");
            assertEquals(10, r.failures());
            assertEquals(100, r.messages());
        }
    }
}
