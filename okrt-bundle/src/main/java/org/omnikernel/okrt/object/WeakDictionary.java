package org.omnikernel.okrt.object;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent key/object dictionary holding weak references (seed §3.1.4.2). Entries whose object
 * has been disposed of are dropped lazily: on the lookup that finds them and by a bounded sweep on
 * every insertion, so a resource can dispose of an object without locking the dictionaries that
 * mention it.
 *
 * @param <K> the key type
 * @param <V> the object type
 */
public final class WeakDictionary<K, V extends KObject> {

    private static final int SWEEP_PER_INSERT = 4;

    private final ConcurrentHashMap<K, WeakRef<V>> entries = new ConcurrentHashMap<>();
    private Iterator<Map.Entry<K, WeakRef<V>>> sweeper;

    /**
     * Associates a key with a weak reference to an object.
     *
     * @param key   the key
     * @param value the object; not retained
     */
    public void put(K key, V value) {
        entries.put(key, value.weakRef());
        sweep();
    }

    /**
     * Looks up and locks the object (weak-to-locked upgrade); the caller unlocks it.
     *
     * @param key the key
     * @return the locked object, or empty when absent or disposed of (and then dropped)
     */
    public Optional<V> lock(K key) {
        WeakRef<V> ref = entries.get(key);
        if (ref == null) {
            return Optional.empty();
        }
        Optional<V> locked = ref.lock();
        if (locked.isEmpty()) {
            entries.remove(key, ref);
        }
        return locked;
    }

    /**
     * Looks up and retains the object (weak-to-strong upgrade); the caller releases it.
     *
     * @param key the key
     * @return the retained object, or empty when absent or disposed of (and then dropped)
     */
    public Optional<V> retain(K key) {
        WeakRef<V> ref = entries.get(key);
        if (ref == null) {
            return Optional.empty();
        }
        Optional<V> strong = ref.retain();
        if (strong.isEmpty()) {
            entries.remove(key, ref);
        }
        return strong;
    }

    /**
     * @param key the key
     * @return whether an entry was removed
     */
    public boolean remove(K key) {
        return entries.remove(key) != null;
    }

    /** @return the number of entries whose object is alive; drops the others */
    public int size() {
        entries.values().removeIf(r -> !r.isAlive());
        return entries.size();
    }

    /** @return the number of entries held, dead ones included; shows how lazy the cleanup is */
    public int rawSize() {
        return entries.size();
    }

    private synchronized void sweep() {
        for (int i = 0; i < SWEEP_PER_INSERT; i++) {
            if (sweeper == null || !sweeper.hasNext()) {
                sweeper = entries.entrySet().iterator();
                if (!sweeper.hasNext()) {
                    return;
                }
            }
            Map.Entry<K, WeakRef<V>> e = sweeper.next();
            if (!e.getValue().isAlive()) {
                entries.remove(e.getKey(), e.getValue());
            }
        }
    }
}
