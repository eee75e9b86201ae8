package org.omnikernel.okrt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;

/**
 * An activity and the request queues it has at every resource and core, so that termination can
 * find and destroy all of them. Queue creation and termination synchronize on the activity: no queue
 * is created after termination began.
 */
final class ActivityImpl implements Activity {

    private final long id;
    private final String name;
    private volatile Parameters parameters;
    private volatile boolean alive = true;
    private final Set<RequestQueue> queues = ConcurrentHashMap.newKeySet();
    /** Figures of this activity's queues that were destroyed while it lives on (a resource detached). */
    final QueueTotals retired = new QueueTotals();

    ActivityImpl(long id, String name, Parameters parameters) {
        this.id = id;
        this.name = name;
        this.parameters = parameters;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    void parameters(Parameters p) {
        this.parameters = p;
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    /** @return false when the activity is terminated and the queue must not exist */
    synchronized boolean adopt(RequestQueue q) {
        if (!alive) {
            return false;
        }
        queues.add(q);
        return true;
    }

    /** Forgets a destroyed queue, keeping what it ran for this activity. */
    void forget(RequestQueue q) {
        if (queues.remove(q)) {
            retired.add(q);
        }
    }

    /** Marks the activity terminated. @return the queues to destroy */
    synchronized List<RequestQueue> beginTermination() {
        alive = false;
        return new ArrayList<>(queues);
    }

    Set<RequestQueue> queues() {
        return queues;
    }

    @Override
    public String toString() {
        return "activity " + id + " (" + name + ")";
    }
}
