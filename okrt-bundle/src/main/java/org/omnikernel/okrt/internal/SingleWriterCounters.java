package org.omnikernel.okrt.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A few counters that one thread (a core) writes and any thread reads. Writes are opaque stores:
 * on x86 a plain store with no fence, where a volatile store would cost a full fence per message;
 * readers see each counter whole (no torn longs) and eventually current, which is all a statistics
 * snapshot needs.
 */
final class SingleWriterCounters {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values;

    SingleWriterCounters(int slots) {
        this.values = new long[slots];
    }

    /** Adds to a counter. Only the owning thread calls this. */
    void add(int slot, long delta) {
        SLOT.setOpaque(values, slot, (long) SLOT.getOpaque(values, slot) + delta);
    }

    /** Sets a counter. Only the owning thread calls this. */
    void set(int slot, long value) {
        SLOT.setOpaque(values, slot, value);
    }

    /** @return a counter's value; any thread */
    long get(int slot) {
        return (long) SLOT.getOpaque(values, slot);
    }
}
