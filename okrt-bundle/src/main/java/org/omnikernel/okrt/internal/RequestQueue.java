package org.omnikernel.okrt.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;

/**
 * The request queue of one activity at one resource on one core (seed Fig 3.2), and the client its
 * resource scheduler sees. Any thread enqueues; only the owning core dequeues.
 *
 * <p>Readiness protocol: {@link #flagged} is true from the moment the scheduler is (about to be) told
 * the queue is ready until a dispatch leaves it empty or blocked. The sender that flips it posts a
 * ready notice to the core, so {@code clientReady} runs on the core, once per empty-to-non-empty
 * transition, as Table 3.1 says.
 */
final class RequestQueue implements Client {

    final ResourceEntry resource;
    /** The scheduler instance whose client this queue is; a core move gives the resource a new one. */
    final SchedulerHost host;
    final ActivityImpl activity;
    final int localCore;
    final Core core;
    private final long id;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<MessageImpl> messages = new ArrayDeque<>();
    private boolean flagged;
    /** Written under the lock; read without it by senders checking whether a route needs a new queue. */
    private volatile boolean closed;
    private int barriers;

    /** The scheduler's state for this client; set on the core at registration. Core thread only. */
    ClientState state;
    /** The scheduler was told this client is ready and has not scheduled it since. Core thread only. */
    boolean inReadySet;

    /** Figures written by the owning core only; slots below. */
    final SingleWriterCounters figures = new SingleWriterCounters(6);
    static final int EXECUTED = 0;
    static final int CPU_NANOS = 1;
    static final int MEMORY_BYTES = 2;
    static final int NBYTES = 3;
    static final int WAITING_NANOS = 4;
    static final int REJECTED = 5;

    RequestQueue(ResourceEntry resource, SchedulerHost host, ActivityImpl activity, int localCore, Core core, long id) {
        this.resource = resource;
        this.host = host;
        this.activity = activity;
        this.localCore = localCore;
        this.core = core;
        this.id = id;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String label() {
        return activity.name();
    }

    @Override
    public long activityId() {
        return activity.id();
    }

    @Override
    public int queueLength() {
        lock.lock();
        try {
            return messages.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends a message.
     *
     * @return false when the queue has been closed (activity terminated or resource detached)
     */
    boolean enqueue(MessageImpl m) {
        boolean notify;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            messages.addLast(m);
            notify = flagIfRunnable();
        } finally {
            lock.unlock();
        }
        if (notify) {
            core.queueReady(this);
        }
        return true;
    }

    /**
     * Flags the queue when it has runnable messages and is not flagged yet; the caller then posts
     * the ready notice. Called holding the lock.
     *
     * @return whether this call flagged it
     */
    private boolean flagIfRunnable() {
        if (flagged || closed || barriers > 0 || messages.isEmpty()) {
            return false;
        }
        flagged = true;
        return true;
    }

    /**
     * Puts a rejected message back at the head.
     *
     * @return false when the queue was closed meanwhile and the message must be discarded
     */
    boolean pushFront(MessageImpl m) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            messages.addFirst(m);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next message to run, marking its route as executing; core thread only.
     *
     * @return the message, or null when empty or held back by a barrier
     */
    MessageImpl poll() {
        lock.lock();
        try {
            if (barriers > 0) {
                return null;
            }
            MessageImpl m = messages.pollFirst();
            if (m != null) {
                m.route.executing = true; // under this lock, where a remap's extract reads it
            }
            return m;
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a dispatch: keeps the queue flagged if it still has runnable messages.
     *
     * @return true when the scheduler must be told the client is ready again
     */
    boolean stillReady() {
        lock.lock();
        try {
            flagged = !closed && barriers == 0 && !messages.isEmpty();
            return flagged;
        } finally {
            lock.unlock();
        }
    }

    /** @return the routes of the messages queued here now */
    java.util.Set<Route> queuedRoutes() {
        java.util.Set<Route> out = new java.util.LinkedHashSet<>();
        lock.lock();
        try {
            for (MessageImpl m : messages) {
                out.add(m.route);
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** Moves a route's queued messages out, in order; called under the route's monitor. */
    List<MessageImpl> extract(Route route) {
        List<MessageImpl> out = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<MessageImpl> it = messages.iterator(); it.hasNext();) {
                MessageImpl m = it.next();
                if (m.route == route) {
                    out.add(m);
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /**
     * Appends moved messages, optionally behind a barrier; called under the route's monitor.
     *
     * @return false when the queue has been closed
     */
    boolean adopt(List<MessageImpl> moved, boolean barrier) {
        boolean notify;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (barrier) {
                barriers++;
            }
            messages.addAll(moved);
            notify = flagIfRunnable();
        } finally {
            lock.unlock();
        }
        if (notify) {
            core.queueReady(this);
        }
        return true;
    }

    /** The running message that held this queue back finished. */
    void releaseBarrier() {
        boolean notify;
        lock.lock();
        try {
            barriers--;
            notify = flagIfRunnable();
        } finally {
            lock.unlock();
        }
        if (notify) {
            core.queueReady(this);
        }
    }

    /**
     * Closes the queue for good; core thread only.
     *
     * @return the messages it held, to be discarded
     */
    List<MessageImpl> close() {
        lock.lock();
        try {
            closed = true;
            flagged = false;
            List<MessageImpl> out = new ArrayList<>(messages);
            messages.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "queue of " + activity + " at " + resource.name() + " on core " + core.index;
    }
}
