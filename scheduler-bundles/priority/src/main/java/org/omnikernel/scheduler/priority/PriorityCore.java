package org.omnikernel.scheduler.priority;

import org.omnikernel.okrt.scheduler.LoadSharing;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Map;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.scheduler.CoreScheduler;

/**
 * The per-core half of strict priority: one FIFO of ready clients per priority level (an array of
 * 2001 lazily created deques) and a bit set of the levels whose FIFO is non-empty, so that finding the
 * highest ready level is a scan of at most 32 words and a dispatch allocates nothing.
 * {@link #schedule()} takes the head of the highest non-empty FIFO; a client
 * that is ready again after its dispatch goes to the back of its FIFO, so equals take turns (round
 * robin, one dispatch each) and a lower priority runs only while no higher one is ready. All hooks run
 * on this core's thread.
 *
 * <p>Client parameters: {@value #PRIORITY}, a whole number from {@value #MIN_PRIORITY} to
 * {@value #MAX_PRIORITY}, default 0. Keys this scheduler does not know are ignored, because an
 * activity's parameters reach every scheduler of every resource it uses (and a child scheduler brings
 * {@code share}); a bad value of {@value #PRIORITY} is refused.
 */
final class PriorityCore implements CoreScheduler<PriorityCore.Entry> {

    static final String PRIORITY = "priority";
    static final int MIN_PRIORITY = -1000;
    static final int MAX_PRIORITY = 1000;

    /** Strict priority's state for one client. */
    static final class Entry implements ClientState {
        private final Client client;
        private int priority;
        private boolean ready;
        private long consumed;
        private long dispatches;

        Entry(Client client, int priority) {
            this.client = client;
            this.priority = priority;
        }

        @Override
        public Client client() {
            return client;
        }

        int priority() {
            return priority;
        }
    }

    private final int core;
    private final LoadSharing sharing;
    /** Ready clients by priority level: index {@code priority - MIN_PRIORITY}; created on first use. */
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Entry>[] fifos = new ArrayDeque[MAX_PRIORITY - MIN_PRIORITY + 1];
    /** The levels whose FIFO holds a ready client. */
    private final BitSet nonEmpty = new BitSet(MAX_PRIORITY - MIN_PRIORITY + 1);

    PriorityCore(int core, LoadSharing sharing) {
        this.core = core;
        this.sharing = sharing;
    }

    /**
     * @param parameters client parameters
     * @return the priority they give
     * @throws IllegalArgumentException naming the key, the value and the valid range
     */
    static int priorityOf(Parameters parameters) {
        String v = parameters.get(PRIORITY);
        if (v == null) {
            return 0;
        }
        long p;
        try {
            p = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            p = Long.MIN_VALUE;
        }
        if (p < MIN_PRIORITY || p > MAX_PRIORITY) {
            throw new IllegalArgumentException(PriorityFactory.NAME + ": client parameter " + PRIORITY + "=\"" + v
                    + "\" is not valid; valid: a whole number from " + MIN_PRIORITY + " to " + MAX_PRIORITY
                    + ", larger runs first, default 0");
        }
        return (int) p;
    }

    @Override
    public Entry addClient(Client client, Parameters parameters) {
        Entry e = new Entry(client, priorityOf(parameters));
        sharing.added(core);
        return e;
    }

    @Override
    public void updateClient(Entry state, Parameters parameters) {
        int p = priorityOf(parameters);
        if (p == state.priority) {
            return;
        }
        boolean wasReady = state.ready;
        drop(state);
        state.priority = p;
        if (wasReady) {
            clientReady(state);
        }
    }

    @Override
    public void removeClient(Entry state) {
        drop(state);
        sharing.removed(core);
    }

    @Override
    public Entry schedule() {
        int level = nonEmpty.previousSetBit(MAX_PRIORITY - MIN_PRIORITY);
        if (level < 0) {
            return null;
        }
        ArrayDeque<Entry> fifo = fifos[level];
        Entry e = fifo.pollFirst();
        if (fifo.isEmpty()) {
            nonEmpty.clear(level);
        }
        e.ready = false;
        e.dispatches++;
        return e;
    }

    @Override
    public void clientReady(Entry state) {
        if (state.ready) {
            return;
        }
        state.ready = true;
        int level = state.priority - MIN_PRIORITY;
        ArrayDeque<Entry> fifo = fifos[level];
        if (fifo == null) {
            fifo = fifos[level] = new ArrayDeque<>();
        }
        fifo.addLast(state);
        nonEmpty.set(level);
    }

    @Override
    public void clientSuspended(Entry state) {
        drop(state);
    }

    private void drop(Entry state) {
        if (!state.ready) {
            return;
        }
        state.ready = false;
        int level = state.priority - MIN_PRIORITY;
        ArrayDeque<Entry> fifo = fifos[level];
        fifo.remove(state);
        if (fifo.isEmpty()) {
            nonEmpty.clear(level);
        }
    }

    @Override
    public long pollReady() {
        return nonEmpty.isEmpty() ? -1 : 0;
    }

    @Override
    public void resourceRecord(Entry state, ResourceRecord record) {
        state.consumed += record.consumption();
    }

    @Override
    public ClientStatistics clientStatistics(Entry state) {
        return new ClientStatistics(state.consumed, Map.of(PRIORITY, (long) state.priority, "dispatches", state.dispatches,
                "ready", state.ready ? 1L : 0L));
    }
}
