package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;

class AttributionTest {

    /**
     * A chain a → b → c inherits the activity of the first message; an infrastructure resource that
     * demultiplexes traffic arriving under the kernel's activity attributes its own execution and its
     * sends to the activity it discovers (seed §3.3.2).
     */
    @Test
    void sendsInheritTheActivityAndInfrastructureAttributesRetrospectively() throws Exception {
        Map<String, String> seenBy = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        Map<Long, Activity> owners = new ConcurrentHashMap<>();
        try (TestGrid g = TestGrid.start(2, 8)) {
            g.attach(ResourceInterface.named("resource.c").request("DELIVER", (ctx, m) -> {
                seenBy.put("c:" + m.argument(0, Long.class), ctx.activity().name());
                done.incrementAndGet();
            }, Long.class).build());
            g.attach(ResourceInterface.named("resource.b").infrastructure().request("PACKET", (ctx, m) -> {
                long port = m.argument(0, Long.class);
                Activity owner = owners.get(port);
                assertTrue(ctx.reattribute(owner));
                long until = System.nanoTime() + 200_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                ctx.sendAs(owner, "resource.c", "DELIVER", port, port);
            }, Long.class).build());
            g.attach(ResourceInterface.named("resource.a").request("FORWARD", (ctx, m) -> {
                seenBy.put("a", ctx.activity().name());
                SendResult refused = ctx.sendAs(g.kernel.kernelActivity(), "resource.c", "DELIVER", 0, 0L);
                seenBy.put("a.sendAs", refused.status().name());
                assertFalse(ctx.reattribute(g.kernel.kernelActivity()));
                ctx.send("resource.c", "DELIVER", 99L);
            }).build());
            Activity web = g.kernel.createActivity("web", Parameters.EMPTY);
            Activity db = g.kernel.createActivity("db", Parameters.EMPTY);
            owners.put(80L, web);
            owners.put(5432L, db);
            g.kernel.send(web, "resource.a", "FORWARD", 1);
            for (int i = 0; i < 50; i++) {
                g.kernel.send(g.kernel.kernelActivity(), "resource.b", "PACKET", 3, 5432L);
            }
            TestGrid.await("deliveries", () -> done.get() == 51);
            assertEquals("web", seenBy.get("a"));
            assertEquals("web", seenBy.get("c:99"), "c inherited a's activity");
            assertEquals("NOT_PERMITTED", seenBy.get("a.sendAs"), "a plain resource may not attribute elsewhere");
            assertEquals("db", seenBy.get("c:5432"), "demultiplexed packets are delivered on the owner's account");
            var s = g.kernel.statistics();
            assertTrue(s.activity(db.id()).cpuNanos() >= 50 * 200_000L,
                    "b's execution was attributed to db: " + s.activity(db.id()));
            assertEquals(100, s.activity(db.id()).messages(), "50 reattributed PACKETs and 50 DELIVERs");
        }
    }
}
