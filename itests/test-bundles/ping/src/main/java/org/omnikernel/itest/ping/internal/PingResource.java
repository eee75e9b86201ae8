package org.omnikernel.itest.ping.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.itest.ping.api.FlowCounts;
import org.omnikernel.itest.ping.api.PingProbe;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Closure;
import org.osgi.service.component.annotations.Component;

/**
 * resource.ping: drives windowed PING flows at resource.pong and counts what comes back, per activity.
 * Each PING carries a {@link Closure} whose destroy callback counts PINGs that never ran. Handlers of
 * one activity may run on several cores at once, so every counter is atomic.
 */
@Component(service = {Resource.class, PingProbe.class})
public final class PingResource implements Resource, PingProbe {

    /** One activity's flow. */
    private static final class Flow {
        final AtomicLong target = new AtomicLong();
        final AtomicLong attempted = new AtomicLong();
        final AtomicLong pongs = new AtomicLong();
        final AtomicLong undeliverable = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong closuresDestroyed = new AtomicLong();
        volatile boolean halted;
        volatile String lastFailure = "";
        volatile String lastUndeliverableReason = "";

        /** Claims the next sequence number, or 0 when the flow is halted or at its target. */
        long claim() {
            for (;;) {
                if (halted) {
                    return 0;
                }
                long cur = attempted.get();
                if (cur >= target.get()) {
                    return 0;
                }
                if (attempted.compareAndSet(cur, cur + 1)) {
                    return cur + 1;
                }
            }
        }

        FlowCounts counts() {
            // fates before attempts: a snapshot never shows more fates than attempts
            long p = pongs.get();
            long u = undeliverable.get();
            long f = failed.get();
            return new FlowCounts(target.get(), attempted.get(), p, u, f, closuresDestroyed.get(), halted, lastFailure,
                    lastUndeliverableReason);
        }
    }

    private final ConcurrentHashMap<Long, Flow> flows = new ConcurrentHashMap<>();

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(PING)
                .request(START, this::start, Integer.class)
                .request("PONG", this::pong, Integer.class)
                .request(ResourceInterface.UNDELIVERABLE, this::undeliverable, Message.class, String.class)
                .build();
    }

    private Flow flow(long activityId) {
        return flows.computeIfAbsent(activityId, id -> new Flow());
    }

    private void start(ExecutionContext ctx, Message m) {
        int n = m.argument(0, Integer.class);
        Flow f = flow(ctx.activity().id());
        f.halted = false;
        f.target.addAndGet(Math.max(0, n));
        for (int i = 0; i < Math.min(n, WINDOW); i++) {
            if (!sendNext(ctx, f)) {
                return;
            }
        }
    }

    private void pong(ExecutionContext ctx, Message m) {
        Flow f = flow(ctx.activity().id());
        f.pongs.incrementAndGet();
        sendNext(ctx, f);
    }

    private void undeliverable(ExecutionContext ctx, Message m) {
        Message lost = m.argument(0, Message.class);
        Flow f = flow(lost.activity().id());
        f.halted = true;
        f.lastUndeliverableReason = m.argument(1, String.class);
        f.undeliverable.incrementAndGet();
    }

    /** @return whether a PING was sent */
    private static boolean sendNext(ExecutionContext ctx, Flow f) {
        long seq = f.claim();
        if (seq == 0) {
            return false;
        }
        // pong invokes the closure; OKRT destroys it if it discards the PING; a refused send leaves it to us
        Closure done = Closure.of(args -> { }).arg(seq).onDestroy(args -> f.closuresDestroyed.incrementAndGet()).build();
        SendResult r = ctx.send(PONG, "PING", (int) seq, done);
        if (r.isOk()) {
            return true;
        }
        done.destroy();
        f.halted = true;
        f.lastFailure = r.toString();
        f.failed.incrementAndGet();
        return false;
    }

    @Override
    public FlowCounts counts(long activityId) {
        Flow f = flows.get(activityId);
        return f == null ? FlowCounts.NONE : f.counts();
    }
}
