package org.omnikernel.okrt.internal;

/**
 * One request routing tag (RRT: source, affinity, activity) at a destination resource and its
 * current mapping to a request queue (seed §3.1). All messages of a route are in its queue or running,
 * which is what keeps dependency order: a dependency label fixes the affinity, so dependent messages
 * share a route.
 *
 * <p>Locking: sends and remaps hold the route's monitor, then the queue's lock. The dispatcher marks
 * {@link #executing} under the queue's lock and clears it under the route's monitor, so that a remap
 * either sees the running message and sets a barrier, or sees none.
 */
final class Route {

    /** The RRT. Hand-written equality: this is looked up on every send. */
    record Key(int source, long affinity, long activity) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.affinity == affinity && k.activity == activity && k.source == source;
        }

        @Override
        public int hashCode() {
            long h = affinity * 0x9E3779B97F4A7C15L + activity * 0xC2B2AE3D27D4EB4FL + source;
            return (int) (h ^ (h >>> 32));
        }
    }

    final Key key;
    RequestQueue queue;
    long expiresAt;
    /** Messages of this route queued or running. Guarded by this. */
    int pending;
    /**
     * A message of this route is running. Set under the queue's lock (poll) and cleared under this
     * route's monitor; read by a remap holding both, so the locks order every access.
     */
    boolean executing;
    /** A queue held back until the running message finishes. Guarded by this. */
    RequestQueue barrier;

    Route(Key key) {
        this.key = key;
    }

    /** Called by the dispatcher after a message of this route ran. */
    void ran() {
        RequestQueue release;
        synchronized (this) {
            pending--;
            executing = false;
            release = barrier;
            barrier = null;
        }
        if (release != null) {
            release.releaseBarrier();
        }
    }

    /** Called when a queued message of this route is discarded unrun. */
    synchronized void discarded() {
        pending--;
    }

    /**
     * Called by the dispatcher when the resource rejected the running message: it goes back to the
     * head of the route's current queue, which is its old queue unless a remap moved the route while
     * it ran; then it is ahead of the moved messages, as it was sent before them.
     *
     * @return false when that queue has been closed meanwhile: the caller discards the message
     */
    boolean rejected(MessageImpl m) {
        RequestQueue release;
        boolean requeued;
        synchronized (this) {
            executing = false;
            requeued = queue.pushFront(m);
            if (!requeued) {
                pending--;
            }
            release = barrier;
            barrier = null;
        }
        if (release != null) {
            release.releaseBarrier();
        }
        return requeued;
    }
}
