package org.omnikernel.okrt.object;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A kernel object (seed §3.1.4, Fig 3.11): a uid, a reference count and a lock in front of the
 * object's state. The count starts at 1, held by the creator; {@link #release()} of the last
 * reference disposes of the object, running {@link #onDispose()} once.
 *
 * <p>Contract (as Netty's {@code ReferenceCounted}): {@link #release()} returns true if and only if
 * the count became 0 and the object was disposed of. Retaining a disposed object is an error.
 * Other resources normally hold a {@link WeakRef}, which does not keep the object alive and locks it
 * only if it is still alive.
 */
public abstract class KObject {

    private static final AtomicLong UIDS = new AtomicLong();

    private final long uid = UIDS.incrementAndGet();
    private final AtomicInteger refCount = new AtomicInteger(1);
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean disposed;

    /** @return the unique id given at creation; never reused */
    public final long uid() {
        return uid;
    }

    /** @return the current reference count; 0 once disposed */
    public final int refCount() {
        return refCount.get();
    }

    /** @return whether the last reference has been released */
    public final boolean isDisposed() {
        return disposed;
    }

    /**
     * Takes another strong reference.
     *
     * @return this object
     * @throws IllegalStateException when the object has already been disposed of
     */
    public final KObject retain() {
        for (;;) {
            int n = refCount.get();
            if (n <= 0) {
                throw new IllegalStateException(this + " retained after disposal");
            }
            if (refCount.compareAndSet(n, n + 1)) {
                return this;
            }
        }
    }

    /**
     * Gives up one strong reference.
     *
     * @return true if and only if the count became 0 and the object was disposed of
     * @throws IllegalStateException when released more often than retained
     */
    public final boolean release() {
        int n = refCount.decrementAndGet();
        if (n > 0) {
            return false;
        }
        if (n < 0) {
            refCount.incrementAndGet();
            throw new IllegalStateException(this + " released more often than retained");
        }
        lock.lock();
        try {
            disposed = true;
        } finally {
            lock.unlock();
        }
        onDispose();
        return true;
    }

    /** @return a weak reference that does not keep this object alive */
    public final <T extends KObject> WeakRef<T> weakRef() {
        @SuppressWarnings("unchecked")
        T self = (T) this;
        return new WeakRef<>(self);
    }

    /** Locks the object's state. Recursive. */
    public final void lock() {
        lock.lock();
    }

    /** Unlocks the object's state. */
    public final void unlock() {
        lock.unlock();
    }

    /** @return whether the calling thread holds the object's lock */
    public final boolean isLockedByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /**
     * Locks the object if it has not been disposed of, in one atomic step with respect to disposal.
     *
     * @return true when locked; false (and not locked) when disposed
     */
    final boolean lockIfAlive() {
        lock.lock();
        if (disposed) {
            lock.unlock();
            return false;
        }
        return true;
    }

    /**
     * The destructor (the seed's {@code t_free}): runs once, on the thread that released the last
     * reference, after the object is marked disposed. Default: nothing.
     */
    protected void onDispose() {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "#" + uid;
    }
}
