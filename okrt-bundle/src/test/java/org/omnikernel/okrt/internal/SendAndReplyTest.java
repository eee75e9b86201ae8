package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.stats.KernelSnapshot;

class SendAndReplyTest {

    @Test
    void replyInheritsTheActivityOfTheRequest() throws Exception {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        try (TestGrid g = TestGrid.start(2, 8)) {
            g.attach(ResourceInterface.named("resource.b")
                    .request("PING", (ctx, m) -> ctx.reply(m, "PONG", m.argument(0, Integer.class) + 1), Integer.class)
                    .build());
            g.attach(ResourceInterface.named("resource.a")
                    .request("START", (ctx, m) -> ctx.send("resource.b", "PING", 41))
                    .request("PONG", (ctx, m) -> seen.add(ctx.activity().name() + ":" + m.argument(0, Integer.class)),
                            Integer.class)
                    .build());
            Activity x = g.kernel.createActivity("x", Parameters.EMPTY);
            Activity y = g.kernel.createActivity("y", Parameters.EMPTY);
            assertEquals(SendResult.OK, g.kernel.send(x, "resource.a", "START", 1));
            assertEquals(SendResult.OK, g.kernel.send(y, "resource.a", "START", 2));
            TestGrid.await("two pongs", () -> seen.size() == 2);
            assertEquals(List.of("x:42", "y:42"), seen.stream().sorted().toList());

            KernelSnapshot s = g.kernel.statistics();
            assertEquals(2, s.resource("resource.b").messages());
            assertEquals(4, s.resource("resource.a").messages());
            assertEquals(3, s.activity(x.id()).messages(), "START, PING and PONG are all x's");
            assertTrue(s.activity(x.id()).cpuNanos() > 0);
        }
    }

    @Test
    void unknownRequestTypeIsAnErrorToTheSenderNamingTheValidTypes() throws Exception {
        AtomicInteger delivered = new AtomicInteger();
        try (TestGrid g = TestGrid.start(1, 1)) {
            g.attach(ResourceInterface.named("resource.b").request("PING", (ctx, m) -> delivered.incrementAndGet()).build());
            Activity x = g.kernel.createActivity("x", Parameters.EMPTY);
            SendResult r = g.kernel.send(x, "resource.b", "PONG", 0);
            assertEquals(SendResult.Status.UNKNOWN_REQUEST_TYPE, r.status());
            assertTrue(r.detail().contains("PONG") && r.detail().contains("[PING]"), r.detail());
            SendResult bad = g.kernel.send(x, "resource.b", "PING", 0, "surplus");
            assertEquals(SendResult.Status.BAD_ARGUMENTS, bad.status());
            assertEquals(SendResult.Status.NO_SUCH_RESOURCE, g.kernel.send(x, "resource.zz", "PING", 0).status());
            assertEquals(0, delivered.get());
        }
    }
}
