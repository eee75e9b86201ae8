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

    private record QueueKey(long activity, int local) {
    }

    private final int id;
    final ResourceInterface iface;
    final Resource resource;
    SchedulerHost host;
    final ConcurrentHashMap<Route.Key, Route> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<QueueKey, RequestQueue> queues = new ConcurrentHashMap<>();
    final AtomicLong labels = new AtomicLong();
    /** Written under this entry's monitor; read without it on the send path. */
    private volatile boolean attached = true;
    /** The share at the CPU scheduler now; starts as configured. */
    volatile long cpushare;
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

    /**
     * Finds or creates the activity's queue on a local core. The scheduler checks the activity's
     * parameters first ({@code checkClient}).
     *
     * @return the queue, or null when the resource is detached or the activity terminated
     * @throws IllegalArgumentException when the resource's scheduler refuses the activity's parameters
     */
    RequestQueue queueFor(ActivityImpl activity, int local, Kernel kernel) {
        synchronized (this) {
            if (!attached) {
                return null;
            }
        }
        QueueKey key = new QueueKey(activity.id(), local);
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
                host.scheduler.checkClient(activity.parameters());
                q = new RequestQueue(this, activity, local, kernel.core(host.kernelCores[local]), kernel.nextClientId());
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
        if (queues.remove(new QueueKey(q.activity.id(), q.localCore), q)) {
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
