package org.omnikernel.okrt.internal;

import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;

/**
 * One scheduler instance on one core, as a node of that core's scheduling tree (§3.1.5, §4.2.2):
 *
 * <pre>
 *   CPU scheduler (root)
 *     ├─ compartment scheduler ─┬─ resource scheduler ── request queues
 *     │                         └─ resource scheduler ── request queues
 *     └─ resource scheduler ── request queues
 * </pre>
 *
 * A node below the root is a client of its parent: OKRT tells the parent it is ready when the node's
 * {@code pollReady} says 0, exactly as the seed tells the CPU scheduler about a resource scheduler.
 * All fields are touched only by the core's thread.
 */
final class SchedulerNode implements Client {

    final SchedulerHost host;
    final int local;
    /** The per-core half; replaced on this core by a hot swap. */
    CoreHooks hooks;
    /** The scheduler this node is a client of; null for the CPU scheduler. */
    final SchedulerNode parent;
    /** The parent's state for this node; null for the root, and until the parent added the node. */
    ClientState state;
    /** The parent has been told this node is ready and has not scheduled it since. */
    boolean readyAtParent;
    /** Deadline of the pending pollReady timer, or 0. */
    long timerDeadline;
    /** Removed from its parent for good. */
    boolean removed;

    SchedulerNode(SchedulerHost host, int local, CoreHooks hooks, SchedulerNode parent) {
        this.host = host;
        this.local = local;
        this.hooks = hooks;
        this.parent = parent;
    }

    /** @return whether this node's resource is suspended after a rejection, or held while its bundle updates */
    boolean suspended() {
        return host.resource != null && (host.resource.suspended || host.resource.updating);
    }

    @Override
    public long id() {
        return ((long) System.identityHashCode(host) << 16) | local;
    }

    @Override
    public String label() {
        return host.spec.resource();
    }

    @Override
    public long activityId() {
        return -1;
    }

    @Override
    public int queueLength() {
        return 0;
    }

    @Override
    public String toString() {
        return host.spec.scheduler() + " of " + host.spec.resource() + " on local core " + local;
    }
}
