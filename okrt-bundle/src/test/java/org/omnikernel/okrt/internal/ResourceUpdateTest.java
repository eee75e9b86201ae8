package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.grid.GridSnapshot;
import org.omnikernel.okrt.object.Closure;

/** A resource whose service goes away is held as updating; a new version takes its queued messages over. */
class ResourceUpdateTest {

    private static ResourceInterface version(String marker, List<String> ran, boolean withOld) {
        ResourceInterface.Builder b = ResourceInterface.named("resource.b")
                .request("WORK", (ctx, m) -> ran.add(marker + m.argument(0, Integer.class)), Integer.class);
        if (withOld) {
            b.request("OLD", (ctx, m) -> ran.add(marker + "old"), Closure.class);
        }
        return b.build();
    }

    @Test
    void aNewVersionTakesOverQueuedMessagesAndSendersHearOfTypesItDropped() throws Exception {
        try (TestGrid g = TestGrid.start(2, 8); GridAdminImpl admin = admin(g)) {
            List<String> ran = new CopyOnWriteArrayList<>();
            List<String> notices = new CopyOnWriteArrayList<>();
            ResourceContext a = g.attach(ResourceInterface.named("resource.a").request(ResourceInterface.UNDELIVERABLE,
                    (ctx, m) -> notices.add(m.argument(1, String.class)), Message.class, String.class).build());
            g.attach(version("v1:", ran, true));
            int id = g.kernel.resourceId("resource.b").orElseThrow();

            long token = g.kernel.hold("resource.b");
            assertTrue(token > 0);
            Activity act = g.kernel.createActivity("act", Parameters.EMPTY);
            AtomicInteger destroyed = new AtomicInteger();
            for (int i = 0; i < 100; i++) {
                assertEquals(SendResult.OK, a.send(act, "resource.b", "WORK", i, i));
            }
            Closure c = Closure.of(x -> { }).onDestroy(x -> destroyed.incrementAndGet()).build();
            assertEquals(SendResult.OK, a.send(act, "resource.b", "OLD", 0, c));
            Thread.sleep(50);
            assertEquals(List.of(), ran, "nothing runs while the resource is updating");
            GridSnapshot s = admin.snapshot();
            GridSnapshot.ResourceView b = s.resources().stream().filter(r -> r.name().equals("resource.b")).findFirst().orElseThrow();
            assertEquals("updating", b.state());
            assertEquals(101, b.totals().queued());
            assertTrue(s.dump().contains("UPDATING"), s.dump());

            g.attach(version("v2:", ran, false));
            TestGrid.await("the new version ran every WORK", () -> ran.size() == 100);
            ran.forEach(r -> assertTrue(r.startsWith("v2:"), r));
            TestGrid.await("the sender heard of the dropped request type", () -> notices.size() == 1);
            assertTrue(notices.get(0).contains("no longer declares request type OLD"), notices.get(0));
            assertEquals(1, destroyed.get(), "the discarded message's closure was destroyed");
            assertEquals(id, g.kernel.resourceId("resource.b").orElseThrow(), "the same resource, taken over");
            assertTrue(g.kernel.detachIfHeld("resource.b", token).toCompletableFuture().isDone());
            assertTrue(g.kernel.resourceId("resource.b").isPresent(), "a stale grace period detaches nothing");
            assertEquals("attached", admin.snapshot().resources().stream().filter(r -> r.name().equals("resource.b"))
                    .findFirst().orElseThrow().state());
        }
    }

    @Test
    void whenNobodyTakesOverTheHeldResourceIsDetachedAndSendersTold() throws Exception {
        try (TestGrid g = TestGrid.start(2, 8)) {
            List<String> ran = new CopyOnWriteArrayList<>();
            List<String> notices = new CopyOnWriteArrayList<>();
            ResourceContext a = g.attach(ResourceInterface.named("resource.a").request(ResourceInterface.UNDELIVERABLE,
                    (ctx, m) -> notices.add(m.argument(1, String.class)), Message.class, String.class).build());
            g.attach(version("v1:", ran, true));
            long token = g.kernel.hold("resource.b");
            Activity act = g.kernel.createActivity("act", Parameters.EMPTY);
            AtomicInteger destroyed = new AtomicInteger();
            long closuresBefore = Closure.live();
            for (int i = 0; i < 20; i++) {
                a.send(act, "resource.b", "OLD", i, Closure.of(x -> { }).onDestroy(x -> destroyed.incrementAndGet()).build());
            }
            g.kernel.detachIfHeld("resource.b", token).toCompletableFuture().get(5, TimeUnit.SECONDS);
            TestGrid.await("every sender told", () -> notices.size() == 20);
            assertEquals(20, destroyed.get());
            assertEquals(closuresBefore, Closure.live(), "no closure left alive");
            assertEquals(List.of(), ran);
            var stats = g.kernel.statistics().resource("resource.b");
            assertEquals(0, stats.queues());
            assertEquals(0, stats.queued());
            assertEquals(SendResult.Status.NO_SUCH_RESOURCE, a.send(act, "resource.b", "WORK", 0, 1).status());
        }
    }

    private static GridAdminImpl admin(TestGrid g) {
        return new GridAdminImpl(g.kernel, () -> Set.of(FifoScheduler.NAME),
                () -> new GridCatalog(Set.of("resource.a", "resource.b"), Set.of(FifoScheduler.NAME)), List::of,
                GridAdminImpl.Journal.NONE, 50);
    }
}
