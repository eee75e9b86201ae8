package org.omnikernel.okrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;

/**
 * A device read/write resource with four slots rejects when full; its interrupt resource frees a slot
 * and resumes it (seed §3.1.5). Completions come from the core's timers through delayed sends.
 */
class RejectionTest {

    private static final int SLOTS = 4;
    private static final int REQUESTS = 400;

    @Test
    void rejectedMessageReturnsToTheHeadAndTheSchedulerStaysSuspendedUntilResumed() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicBoolean suspended = new AtomicBoolean();
        AtomicInteger dispatchedWhileSuspended = new AtomicInteger();
        AtomicInteger rejections = new AtomicInteger();
        AtomicLong nextExpected = new AtomicLong();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicReference<ResourceContext> device = new AtomicReference<>();
        try (TestGrid g = TestGrid.start(2, 8)) {
            device.set(g.attach(ResourceInterface.named("resource.b").request("SUBMIT", (ctx, m) -> {
                if (suspended.get()) {
                    dispatchedWhileSuspended.incrementAndGet();
                }
                if (inFlight.get() >= SLOTS) {
                    rejections.incrementAndGet();
                    suspended.set(true);
                    ctx.reject();
                    return;
                }
                inFlight.incrementAndGet();
                long seq = m.argument(0, Long.class);
                if (!nextExpected.compareAndSet(seq, seq + 1)) {
                    outOfOrder.incrementAndGet();
                }
                ctx.sendDelayed(50, "resource.c", "COMPLETE");
            }, Long.class).build()));
            g.attach(ResourceInterface.named("resource.c").request("COMPLETE", (ctx, m) -> {
                inFlight.decrementAndGet();
                completed.incrementAndGet();
                if (suspended.compareAndSet(true, false)) {
                    device.get().resume();
                }
            }).build());
            ResourceContext sender = g.attach(ResourceInterface.named("resource.a").request("NOP", (ctx, m) -> { }).build());
            Activity act = g.kernel.createActivity("io", Parameters.EMPTY);
            DependencyLabel label = sender.newDependencyLabel(act, 7);
            for (long i = 0; i < REQUESTS; i++) {
                assertEquals(SendResult.OK, sender.sendOrdered(label, "resource.b", "SUBMIT", i));
            }
            TestGrid.await("all completions", () -> completed.get() == REQUESTS);
            assertEquals(0, outOfOrder.get(), "a rejected message must run again before the ones behind it");
            assertEquals(0, dispatchedWhileSuspended.get(), "nothing is dispatched to a suspended resource");
            assertTrue(rejections.get() > 0, "the device filled up at least once");
            assertEquals(REQUESTS, g.kernel.statistics().resource("resource.b").messages());
            assertEquals(rejections.get(), g.kernel.statistics().resource("resource.b").rejected());
        }
    }

    @Test
    void aResumeThatRacesTheRejectionItAnswersIsNotLost() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<ResourceContext> device = new AtomicReference<>();
        try (TestGrid g = TestGrid.start(1, 8)) {
            device.set(g.attach(ResourceInterface.named("resource.b").request("SUBMIT", (ctx, m) -> {
                if (attempts.incrementAndGet() % 2 == 1) {
                    // the device is full, and its completion interrupt resumes us before the core has
                    // even marked the resource suspended
                    ctx.reject();
                    device.get().resume();
                    return;
                }
                done.incrementAndGet();
            }, Long.class).build()));
            Activity a = g.kernel.createActivity("racer", Parameters.EMPTY);
            for (long i = 0; i < 50; i++) {
                assertEquals(SendResult.OK, g.kernel.send(a, "resource.b", "SUBMIT", 0, i));
            }
            TestGrid.await("every request accepted on its second attempt", () -> done.get() == 50);
        }
        assertEquals(100, attempts.get());
    }
}
