package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;

/**
 * An attached resource: its interface, its scheduler, its request queues and routes, and the
 * figures of queues already destroyed so that its statistics stay continuous.
 */
final class ResourceEntry {

    /** A queue's identity: activity, scheduler instance (a core move makes a new one), local core. */
    private record QueueKey(long activity, SchedulerHost host, int local) {
    }

    private final int id;
    /** Replaced when a new version of the resource takes over (see {@link Kernel#attach}). */
    volatile ResourceInterface iface;
    volatile Resource resource;
    /** A new version took over queued messages once: dispatch checks each message's request type. */
    volatile boolean takenOver;
    /** Counts holds, so that an expired grace period detaches only the hold it was set for. */
    long holds;
    /** Replaced by a core move; read by any sending thread. */
    volatile SchedulerHost host;
    final ConcurrentHashMap<Route.Key, Route> routes = new ConcurrentHashMap<>();
    /** Routes beyond which a new route sweeps out expired ones ({@link Router}); racy by design: a hint. */
    volatile int routeSweepAt = Router.ROUTE_SWEEP_THRESHOLD;
    /** Sweeps made, for tests. */
    volatile int routeSweeps;
    private final ConcurrentHashMap<QueueKey, RequestQueue> queues = new ConcurrentHashMap<>();
    final AtomicLong labels = new AtomicLong();
    /** Written under this entry's monitor; read without it on the send path. */
    private volatile boolean attached = true;
    /** The share at the CPU scheduler now; starts as configured. */
    volatile long cpushare;
    /**
     * Its service went away and a resource of its name may register again within the grace period:
     * messages wait in its queues and its scheduler is suspended until then.
     */
    volatile boolean updating;
    /** Set when the resource rejected a message; cleared by resume. */
    volatile boolean suspended;
    /**
     * A resume that found the resource not (yet) suspended: the device's completion may race the
     * rejection it answers, and must not be lost, or the resource would wait for a resume that came.
     */
    final java.util.concurrent.atomic.AtomicBoolean resumeRequested = new java.util.concurrent.atomic.AtomicBoolean();

    /** Figures of queues already destroyed, so that the resource's statistics stay continuous. */
    final QueueTotals retired = new QueueTotals();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong undeliverable = new AtomicLong();

    ResourceEntry(int id, Resource resource, ResourceInterface iface) {
        this.id = id;
        this.resource = resource;
        this.iface = iface;
    }

    int id() {
        return id;
    }

    String name() {
        return iface.name();
    }

    boolean isAttached() {
        return attached;
    }

    /** @return {@code attached}, {@code updating} or {@code detached}, as the grid model names it */
    String state() {
        return !attached ? "detached" : updating ? "updating" : "attached";
    }

    /**
     * Finds or creates the activity's queue on a local core. The scheduler checks the activity's
     * parameters first ({@code checkClient}).
     *
     * @return the queue, or null when the resource is detached or the activity terminated
     * @throws IllegalArgumentException when the resource's scheduler refuses the activity's parameters
     */
    RequestQueue queueFor(ActivityImpl activity, SchedulerHost h, int local, Kernel kernel) {
        synchronized (this) {
            if (!attached) {
                return null;
            }
        }
        QueueKey key = new QueueKey(activity.id(), h, local);
        RequestQueue q = queues.get(key);
        if (q != null) {
            return q;
        }
        synchronized (this) {
            if (!attached) {
                return null;
            }
            q = queues.get(key);
            if (q == null) {
                h.scheduler.checkClient(activity.parameters());
                q = new RequestQueue(this, h, activity, local, kernel.core(h.kernelCores[local]), kernel.nextClientId());
                if (!activity.adopt(q)) {
                    return null;
                }
                queues.put(key, q);
            }
            return q;
        }
    }

    /** Marks the resource detached. @return the queues to destroy */
    synchronized List<RequestQueue> detach() {
        attached = false;
        return new ArrayList<>(queues.values());
    }

    /** Folds a destroyed queue's figures into the retired totals and forgets it. */
    void retire(RequestQueue q) {
        if (queues.remove(new QueueKey(q.activity.id(), q.host, q.localCore), q)) {
            retired.add(q);
        }
    }

    Iterable<RequestQueue> queues() {
        return queues.values();
    }

    int queueCount() {
        return queues.size();
    }
}
