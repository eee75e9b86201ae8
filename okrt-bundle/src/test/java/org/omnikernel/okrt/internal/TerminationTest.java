package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceContext;
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

    @Test
    void sendersHearOfDestroyedMessagesAndAcceptedRequestsAreStillAnswered() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        List<Long> answeredUnder = new CopyOnWriteArrayList<>();
        AtomicReference<Message> accepted = new AtomicReference<>();
        AtomicInteger destroyed = new AtomicInteger();
        long closuresBefore = Closure.live();
        try (TestGrid g = TestGrid.start(2, 4)) {
            ResourceContext a = g.attach(ResourceInterface.named("resource.a")
                    .request(ResourceInterface.UNDELIVERABLE, (ctx, m) -> notices.add(m.argument(0, Message.class).requestType()
                            + ": " + m.argument(1, String.class)), Message.class, String.class)
                    .request("DONE", (ctx, m) -> answeredUnder.add(ctx.activity().id()), Integer.class)
                    .build());
            // resource.b: a full device for WRITE (queued at the head), and ACCEPT, a request it takes on
            // and answers later, when ANSWER comes (as a disk's completion interrupt would)
            ResourceContext b = g.attach(ResourceInterface.named("resource.b")
                    .request("WRITE", (ctx, m) -> ctx.reject(), Closure.class)
                    .request("ACCEPT", (ctx, m) -> accepted.set(m), Integer.class)
                    .request("ANSWER", (ctx, m) -> ctx.reply(accepted.get(), "DONE", accepted.get().argument(0, Integer.class)))
                    .build());
            Activity doomed = g.kernel.createActivity("doomed", Parameters.EMPTY);
            Activity other = g.kernel.createActivity("other", Parameters.EMPTY);
            assertEquals(SendResult.OK, a.send(doomed, "resource.b", "ACCEPT", 0, 7));
            TestGrid.await("ACCEPT taken on", () -> accepted.get() != null);
            for (int i = 0; i < 5; i++) {
                Closure c = Closure.of(x -> { }).onDestroy(x -> destroyed.incrementAndGet()).build();
                assertEquals(SendResult.OK, a.send(doomed, "resource.b", "WRITE", 0, c));
            }
            TestGrid.await("5 queued", () -> g.kernel.statistics().resource("resource.b").queued() == 5);

            g.kernel.terminate(doomed).toCompletableFuture().get(5, TimeUnit.SECONDS);

            TestGrid.await("the sender heard of every destroyed message", () -> notices.size() == 5);
            notices.forEach(n -> assertTrue(n.startsWith("WRITE: ") && n.contains("doomed") && n.contains("terminated"), n));
            assertEquals(5, destroyed.get(), "every destroyed message's closure ran its destroy callback");
            assertEquals(closuresBefore, Closure.live(), "no closure left alive");

            // the request accepted before the end is still answered, paid by the kernel activity
            b.resume(); // the device has room again (its interrupt resource would say so)
            assertEquals(SendResult.OK, g.kernel.send(other, "resource.b", "ANSWER", 0));
            TestGrid.await("the answer reached the sender", () -> answeredUnder.size() == 1);
            assertEquals(g.kernel.kernelActivity().id(), answeredUnder.get(0));
            assertNull(g.kernel.statistics().activity(doomed.id()), "nothing of the activity is left");
            assertEquals(0, g.kernel.statistics().resource("resource.b").queued());
            assertEquals(SendResult.Status.ACTIVITY_TERMINATED, a.send(doomed, "resource.b", "ACCEPT", 0, 1).status());
        }
    }

    @Test
    void answersQueuedForAnActivityThatEndsMoveToTheKernelActivity() throws Exception {
        List<Long> answeredUnder = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (TestGrid g = TestGrid.start(2, 4)) {
            // resource.a cannot take answers yet: they wait, queued for the activity, at its head
            ResourceContext a = g.attach(ResourceInterface.named("resource.a")
                    .request("DONE", (ctx, m) -> {
                        if (busy.get()) {
                            ctx.reject();
                        } else {
                            answeredUnder.add(ctx.activity().id());
                        }
                    }, Integer.class)
                    .build());
            g.attach(ResourceInterface.named("resource.b")
                    .request("ASK", (ctx, m) -> ctx.reply(m, "DONE", m.argument(0, Integer.class)), Integer.class)
                    .build());
            Activity doomed = g.kernel.createActivity("doomed", Parameters.EMPTY);
            for (int i = 0; i < 3; i++) {
                assertEquals(SendResult.OK, a.send(doomed, "resource.b", "ASK", 0, i));
            }
            TestGrid.await("3 answers queued at resource.a", () -> g.kernel.statistics().resource("resource.a").queued() == 3);

            g.kernel.terminate(doomed).toCompletableFuture().get(5, TimeUnit.SECONDS);
            busy.set(false);
            a.resume();

            TestGrid.await("every answer arrived", () -> answeredUnder.size() == 3);
            answeredUnder.forEach(id -> assertEquals(g.kernel.kernelActivity().id(), id));
            assertNull(g.kernel.statistics().activity(doomed.id()), "nothing of the activity is left");
            assertEquals(0, g.kernel.statistics().resource("resource.a").queued());
        }
    }
}
