package org.omnikernel.scheduler.roundrobin;

import java.util.ArrayDeque;
import java.util.Map;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.LoadSharing;

/**
 * The per-core half of round robin: a ring of ready clients. A client that is ready again right
 * after its dispatch goes back to the front until it has had {@code quantum} dispatches in a row,
 * then to the back. All hooks run on this core's thread.
 */
final class RoundRobinCore implements CoreScheduler<RoundRobinCore.Entry> {

    /** Round robin's state for one client. */
    static final class Entry implements ClientState {
        private final Client client;
        private boolean ready;
        private long consumed;
        private long dispatches;

        Entry(Client client) {
            this.client = client;
        }

        @Override
        public Client client() {
            return client;
        }
    }

    private final int core;
    private final int quantum;
    private final LoadSharing sharing;
    private final ArrayDeque<Entry> ring = new ArrayDeque<>();
    private Entry lastServed;
    private int servedInRow;

    RoundRobinCore(int core, int quantum, LoadSharing sharing) {
        this.core = core;
        this.quantum = quantum;
        this.sharing = sharing;
    }

    @Override
    public Entry addClient(Client client, Parameters parameters) {
        sharing.added(core);
        return new Entry(client);
    }

    @Override
    public void updateClient(Entry state, Parameters parameters) {
        // round robin has no per-client parameters
    }

    @Override
    public void removeClient(Entry state) {
        sharing.removed(core);
        drop(state);
        if (lastServed == state) {
            lastServed = null;
        }
    }

    @Override
    public Entry schedule() {
        Entry e = ring.pollFirst();
        if (e == null) {
            return null;
        }
        e.ready = false;
        e.dispatches++;
        if (e == lastServed) {
            servedInRow++;
        } else {
            lastServed = e;
            servedInRow = 1;
        }
        return e;
    }

    @Override
    public void clientReady(Entry state) {
        if (state.ready) {
            return;
        }
        state.ready = true;
        if (state == lastServed && servedInRow < quantum) {
            ring.addFirst(state);
        } else {
            ring.addLast(state);
        }
    }

    @Override
    public void clientSuspended(Entry state) {
        drop(state);
    }

    private void drop(Entry state) {
        if (state.ready) {
            ring.remove(state);
            state.ready = false;
        }
    }

    @Override
    public long pollReady() {
        return ring.isEmpty() ? -1 : 0;
    }

    @Override
    public void resourceRecord(Entry state, ResourceRecord record) {
        state.consumed += record.consumption();
    }

    @Override
    public ClientStatistics clientStatistics(Entry state) {
        return new ClientStatistics(state.consumed, Map.of("dispatches", state.dispatches, "ready", state.ready ? 1L : 0L));
    }
}
