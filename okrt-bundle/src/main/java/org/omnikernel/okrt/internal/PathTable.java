package org.omnikernel.okrt.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.omnikernel.okrt.object.Buffer;

/**
 * Observed communication paths (sender resource → receiver resource) and what went along them:
 * messages, and bytes of {@link Buffer} arguments.
 *
 * <p>Sends made by handlers are counted in the sending core's table: only that core's thread writes
 * it, with opaque stores, so the send path pays no fence and no
 * contended atomic; a handler that keeps sending to one destination finds its cell without a lookup
 * ({@link ExecutionContextImpl} caches it). Sends from outside the grid ({@code external}) come from
 * any thread and go to striped {@link LongAdder}s instead.
 */
final class PathTable {

    /**
     * One path on one core. Two counters in plain fields, written with opaque stores by the owning core
     * only (as {@link SingleWriterCounters}, without the array indirection on the send path).
     */
    static final class Cell {
        private static final VarHandle MESSAGES;
        private static final VarHandle BYTES;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                MESSAGES = l.findVarHandle(Cell.class, "messages", long.class);
                BYTES = l.findVarHandle(Cell.class, "bytes", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final ResourceEntry from;
        final ResourceEntry to;
        @SuppressWarnings("unused") // through MESSAGES
        private long messages;
        @SuppressWarnings("unused") // through BYTES
        private long bytes;

        Cell(ResourceEntry from, ResourceEntry to) {
            this.from = from;
            this.to = to;
        }

        /** Counts one message; the owning core only. */
        void count(Object[] arguments) {
            MESSAGES.setOpaque(this, (long) MESSAGES.getOpaque(this) + 1);
            if (arguments.length != 0) {
                long b = bufferBytes(arguments);
                if (b != 0) {
                    BYTES.setOpaque(this, (long) BYTES.getOpaque(this) + b);
                }
            }
        }

        long messages() {
            return (long) MESSAGES.getOpaque(this);
        }

        long bytes() {
            return (long) BYTES.getOpaque(this);
        }
    }

    /** Lookup by (sender id, receiver id); the owning core's thread only. */
    private final Map<Long, Cell> index = new HashMap<>();
    /** Every cell, republished (copy on write) when a path is first seen; read by any thread. */
    private volatile Cell[] cells = new Cell[0];

    /** @return the cell of a path, created on first use; the owning core only */
    Cell cell(ResourceEntry from, ResourceEntry to) {
        Long key = ((long) from.id() << 32) | (to.id() & 0xffffffffL);
        Cell c = index.get(key);
        if (c == null) {
            c = new Cell(from, to);
            index.put(key, c);
            Cell[] grown = Arrays.copyOf(cells, cells.length + 1);
            grown[grown.length - 1] = c;
            cells = grown;
        }
        return c;
    }

    /** @return every path this core has seen; any thread */
    Cell[] cells() {
        return cells;
    }

    /** @return bytes of the buffer arguments */
    static long bufferBytes(Object[] arguments) {
        long bytes = 0;
        for (Object a : arguments) {
            if (a instanceof Buffer b) {
                bytes += b.length();
            }
        }
        return bytes;
    }

    /** Sends from outside the grid, by receiver; any thread. */
    static final class External {
        /** Messages and bytes to one receiver. */
        static final class Sums {
            final LongAdder messages = new LongAdder();
            final LongAdder bytes = new LongAdder();
        }

        private final ConcurrentHashMap<ResourceEntry, Sums> byReceiver = new ConcurrentHashMap<>();

        void count(ResourceEntry to, Object[] arguments) {
            Sums s = byReceiver.computeIfAbsent(to, k -> new Sums());
            s.messages.increment();
            long bytes = bufferBytes(arguments);
            if (bytes != 0) {
                s.bytes.add(bytes);
            }
        }

        Map<ResourceEntry, Sums> sums() {
            return byReceiver;
        }
    }
}
