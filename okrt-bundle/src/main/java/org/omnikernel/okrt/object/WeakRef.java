package org.omnikernel.okrt.object;

import java.lang.ref.WeakReference;
import java.util.Optional;

/**
 * A reference that does not keep its {@link KObject} alive (seed §3.1.4, Fig 3.12). Resources pass
 * these between each other so that the providing resource keeps control over disposal: a TCP
 * connection can be closed while demultiplexed packets still refer to it.
 *
 * @param <T> the object's type
 */
public final class WeakRef<T extends KObject> {

    private final WeakReference<T> target;
    private final long uid;

    WeakRef(T target) {
        this.target = new WeakReference<>(target);
        this.uid = target.uid();
    }

    /** @return the uid of the object referred to */
    public long uid() {
        return uid;
    }

    /**
     * Checks that the object has not been disposed of and locks it, in one atomic action (the seed's
     * {@code VxO_REFLOCK}). The caller unlocks it with {@link KObject#unlock()}.
     *
     * @return the locked object, or empty when it has been disposed of
     */
    public Optional<T> lock() {
        T t = target.get();
        return t != null && t.lockIfAlive() ? Optional.of(t) : Optional.empty();
    }

    /**
     * Upgrades to a strong reference if the object is still alive; the caller releases it.
     *
     * @return the retained object, or empty when it has been disposed of
     */
    public Optional<T> retain() {
        T t = target.get();
        if (t == null || !t.lockIfAlive()) {
            return Optional.empty();
        }
        try {
            t.retain();
            return Optional.of(t);
        } finally {
            t.unlock();
        }
    }

    /** @return whether the object is still alive; a hint only, it may be disposed of right after */
    public boolean isAlive() {
        T t = target.get();
        return t != null && !t.isDisposed();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeakRef<?> w && w.uid == uid;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(uid);
    }

    @Override
    public String toString() {
        return "weak#" + uid;
    }
}
