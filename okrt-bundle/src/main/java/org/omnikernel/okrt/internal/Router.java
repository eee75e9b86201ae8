package org.omnikernel.okrt.internal;

import java.lang.System.Logger.Level;
import java.util.List;

import org.omnikernel.hal.Clocks;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.SendResult.Status;
import org.omnikernel.okrt.scheduler.LoadShare;
import org.omnikernel.okrt.scheduler.LoadShareRequest;

/**
 * The last part of the send path (seed Fig 3.13, §3.1): from a checked message to its request
 * queue. Looks up the message's request routing tag at the destination, asks the governing
 * scheduler's {@code loadShare} for a mapping when there is none or it expired, moves the route's
 * queued messages in order when the mapping changes (behind a barrier while one of them runs), and
 * enqueues. Runs on the sending thread.
 */
final class Router {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.okrt");
    /** Routes a resource may have before a new one sweeps out the idle and expired ones. */
    static final int ROUTE_SWEEP_THRESHOLD = 4096;

    private final Kernel kernel;

    Router(Kernel kernel) {
        this.kernel = kernel;
    }

    SendResult route(MessageImpl m) {
        ResourceEntry to = m.destination;
        Route.Key key = new Route.Key(m.source, m.affinity, m.activity.id());
        Route route = to.routes.get(key);
        if (route == null) {
            if (to.routes.size() > to.routeSweepAt) {
                sweepRoutes(to);
            }
            route = to.routes.computeIfAbsent(key, Route::new);
        }
        Remap remap = null;
        SendResult result = SendResult.OK;
        synchronized (route) {
            long now = Clocks.monotonicNanos();
            if (route.queue == null || now - route.expiresAt >= 0 || route.queue.isClosed() || route.queue.host != to.host) {
                remap = remap(to, route, m.activity, now);
                result = remap.result();
            }
            if (result.isOk()) {
                route.pending++;
                m.route = route;
                m.enqueuedAt = now;
                if (!route.queue.enqueue(m)) {
                    route.pending--;
                    result = closedError(to, m.activity);
                }
            }
        }
        if (remap != null) {
            discard(remap.orphans(), to.name() + " closed the queue its messages were moving to");
        }
        return result;
    }

    /** The outcome of a remap: whether the route has a queue now, and messages that could not move. */
    private record Remap(SendResult result, List<MessageImpl> orphans) {
    }

    /**
     * Obtains a new RRT mapping from the scheduler and moves the route's queued messages (seed §3.1).
     * Called holding the route's monitor; the caller discards the orphans after releasing it.
     */
    private Remap remap(ResourceEntry to, Route route, ActivityImpl activity, long now) {
        SchedulerHost h = to.host;
        int previous = route.queue == null || route.queue.host != h ? -1 : route.queue.localCore;
        LoadShare share;
        try {
            share = h.scheduler.loadShare(new LoadShareRequest(route.key.affinity(), activity.id(), h.cores(), previous));
            if (share.core() >= h.cores()) {
                throw new IllegalStateException("load share chose core " + share.core() + " of " + h.cores());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduler " + h.spec.scheduler() + " of " + to.name() + " failed in loadShare; "
                    + "routing to its first core for 1 ms", e);
            share = new LoadShare(Math.max(previous, 0), 1000);
        }
        RequestQueue next;
        try {
            next = to.queueFor(activity, h, share.core(), kernel);
        } catch (IllegalArgumentException e) {
            return new Remap(SendResult.error(Status.BAD_ARGUMENTS, "scheduler " + h.spec.scheduler() + " of " + to.name()
                    + " refuses the parameters of " + activity + ": " + e.getMessage()), List.of());
        }
        RequestQueue old = route.queue;
        List<MessageImpl> moved = old != null && old != next && route.pending > 0 ? old.extract(route) : List.of();
        if (next == null) {
            route.pending -= moved.size();
            return new Remap(closedError(to, activity), moved);
        }
        if (old != null && old != next && route.pending > 0) {
            boolean barrier = route.executing;
            if (barrier) {
                RequestQueue earlier = route.barrier;
                route.barrier = next;
                if (earlier != null) {
                    earlier.releaseBarrier();
                }
            }
            if (!next.adopt(moved, barrier)) {
                route.pending -= moved.size();
                return new Remap(closedError(to, activity), moved);
            }
        }
        route.queue = next;
        route.expiresAt = now + share.ttlMicros() * 1000;
        return new Remap(SendResult.OK, List.of());
    }

    /**
     * Moves a route onto its resource's current scheduler after a core move: its queued messages go,
     * in order, to a queue that scheduler maps it to (behind a barrier while one of them runs), as on
     * an expired mapping; a route with nothing queued is simply mapped again by its next send.
     */
    void migrate(Route route, ResourceEntry to) {
        Remap remap;
        synchronized (route) {
            RequestQueue q = route.queue;
            if (q == null || q.host == to.host) {
                return;
            }
            if (route.pending == 0) {
                route.queue = null;
                return;
            }
            remap = remap(to, route, q.activity, Clocks.monotonicNanos());
        }
        discard(remap.orphans(), to.name() + " moved to other cores and the queue its messages were moving to closed");
    }

    /**
     * Discards messages that were accepted but can no longer run: their senders are told (under the
     * kernel activity when the message's has ended), and their closures' destroy callbacks run (§3.1.4.1).
     */
    void discard(List<MessageImpl> messages, String reason) {
        for (MessageImpl m : messages) {
            kernel.undeliverable(m, reason);
            m.destroy();
        }
    }

    private static SendResult closedError(ResourceEntry to, ActivityImpl activity) {
        return activity.isAlive()
                ? SendResult.error(Status.NO_SUCH_RESOURCE, to.name() + " has been detached")
                : SendResult.error(Status.ACTIVITY_TERMINATED, activity + " has been terminated");
    }

    /**
     * Drops routes with nothing queued whose mapping expired. A sweep visits every route, so the next
     * one waits until the routes left have doubled: with many live routes (a sender that uses a new
     * affinity label per message, such as DIR's completions) every new route swept them all before,
     * O(routes) per send; now each route pays O(1) amortized.
     */
    private static void sweepRoutes(ResourceEntry to) {
        long now = Clocks.monotonicNanos();
        to.routes.values().removeIf(r -> {
            synchronized (r) {
                return r.pending == 0 && now - r.expiresAt >= 0;
            }
        });
        to.routeSweeps++;
        to.routeSweepAt = Math.max(ROUTE_SWEEP_THRESHOLD, 2 * to.routes.size());
    }
}
