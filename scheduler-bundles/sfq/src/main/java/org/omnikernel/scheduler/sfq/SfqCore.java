package org.omnikernel.scheduler.sfq;

import org.omnikernel.okrt.scheduler.LoadSharing;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeSet;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.scheduler.CoreScheduler;

/**
 * The per-core half of {@value SfqFactory#NAME}: start-time fair queueing (SFQ; Goyal, Vin and Cheng,
 * SIGCOMM 1996; IEEE/ACM Transactions on Networking 5(5), 1997) over the clients of one core.
 *
 * <h2>The algorithm</h2>
 * Each client has a start tag {@code S} and a finish tag {@code F}, in virtual time; the core has a
 * virtual time {@code v}.
 * <ul>
 * <li>When a client becomes ready: {@code S = max(v, F)}. A client that is still backlogged after its
 *     dispatch has {@code F >= v}, so {@code S = F}: it continues where its last dispatch ended. A client
 *     coming back from idle (or suspension, or new) starts at {@code v}: no credit for the time it was
 *     away, so no catch-up burst.</li>
 * <li>{@link #schedule}: the ready client with the smallest {@code S} (ties: the one ready first); then
 *     {@code v = S} of that client, the client in service.</li>
 * <li>{@link #resourceRecord}, after the dispatch: {@code F = S + c * 10000 / share}, where {@code c}
 *     is what the dispatch consumed in the scheduler's metric. Virtual time is thus in "metric units at
 *     share 10000".</li>
 * <li>When no client is ready and none is still backlogged after its dispatch (the end of a busy
 *     period), {@code v} becomes the largest finish tag reached.</li>
 * </ul>
 * Client parameter: {@value #SHARE}, the weight, at least 1, default 10000. Other keys are ignored: an
 * activity's parameters reach every scheduler of every resource it uses. At the CPU scheduler, a
 * resource scheduler's {@code cpushare} arrives as {@value #SHARE}.
 *
 * <h2>Why SFQ here</h2>
 * Fair queueing needs a notion of virtual time. Classical WFQ (Demers, Keshav and Shenker 1989;
 * Parekh and Gallager 1993) computes it by simulating a fluid server (GPS) of an assumed capacity
 * {@code C}: {@code dv/dt = C / (sum of the weights of backlogged clients)}, and
 * serves the smallest finish tag. When the real capacity is not {@code C} (a core whose thread the
 * operating system preempts, a core shared with a compartment's siblings, interrupts, a device whose
 * throughput depends on what it is asked to do) the simulated {@code v} runs ahead of or behind the
 * service actually given, and clients that become ready get tags from a wrong clock: they are starved
 * or favoured for as long as the error lasts. SFQ's {@code v} is the start tag of the client in
 * service: it is read off the service order itself and depends on no rate at all, so its fairness
 * bound holds for a server of any, varying, capacity. For any interval in which clients {@code f} and
 * {@code m} are both backlogged, with {@code W} the consumption each received, {@code w} their shares
 * and {@code cmax} their largest single dispatch:
 * <pre>  | W_f / w_f  -  W_m / w_m |  &lt;=  cmax_f / w_f  +  cmax_m / w_m</pre>
 * (Goyal et al., the fairness theorem). Two further points fit OKRT: the order needs only start tags, which
 * depend on past consumption, so a dispatch's cost may be known only after it ran, as OKRT's records
 * are; and the decision is O(log n) and reads no clock. OKRT's {@code propshare.wfq} (the seed's Fig
 * 3.3) shares the self-clocked virtual time; this class is the published algorithm exactly, with its
 * end-of-busy-period rule, so the published bound applies as stated (see the bundle's README).
 *
 * <p>Threading: every hook runs on this core's thread (see {@link CoreScheduler}); only the client
 * counts in {@link LoadSharing} are shared.
 */
final class SfqCore implements CoreScheduler<SfqCore.Entry> {

    static final String SHARE = "share";
    static final long DEFAULT_SHARE = 10_000;

    /** SFQ's state for one client. */
    static final class Entry implements ClientState {
        private final Client client;
        private long share;
        private double start;
        private double finish;
        private boolean ready;
        private boolean inService;
        /** Order of becoming ready, for ties and a total order in the ready set. */
        private long readySeq;
        private long consumed;

        Entry(Client client, long share) {
            this.client = client;
            this.share = share;
        }

        @Override
        public Client client() {
            return client;
        }
    }

    private static final Comparator<Entry> BY_START =
            Comparator.<Entry>comparingDouble(e -> e.start).thenComparingLong(e -> e.readySeq);

    private final int core;
    private final LoadSharing sharing;
    private final TreeSet<Entry> ready = new TreeSet<>(BY_START);
    private long readySeq;
    /** Virtual time: the start tag of the client in service (or served last). */
    private double v;
    /** The largest finish tag reached: the virtual time at the end of a busy period. */
    private double maxFinish;
    /** The client whose dispatch was charged last, until the next hook: it may be ready again, still backlogged. */
    private Entry justCharged;

    SfqCore(int core, LoadSharing sharing) {
        this.core = core;
        this.sharing = sharing;
    }

    static long shareOf(Parameters parameters) {
        try {
            return parameters.getLong(SHARE, DEFAULT_SHARE, 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SfqFactory.NAME + ": " + e.getMessage() + "; client parameter "
                    + SHARE + " is a whole number, at least 1, default " + DEFAULT_SHARE, e);
        }
    }

    @Override
    public Entry addClient(Client client, Parameters parameters) {
        justCharged = null;
        Entry e = new Entry(client, shareOf(parameters));
        sharing.added(core);
        return e;
    }

    @Override
    public void updateClient(Entry state, Parameters parameters) {
        justCharged = null;
        state.share = shareOf(parameters);
    }

    @Override
    public void removeClient(Entry state) {
        justCharged = null;
        drop(state);
        state.inService = false;
        sharing.removed(core);
    }

    @Override
    public Entry schedule() {
        justCharged = null;
        Entry e = ready.pollFirst();
        if (e == null) {
            return null;
        }
        e.ready = false;
        e.inService = true;
        v = e.start;
        return e;
    }

    @Override
    public void clientReady(Entry state) {
        boolean stillBacklogged = justCharged == state;
        justCharged = null;
        if (state.ready) {
            return;
        }
        if (!stillBacklogged && ready.isEmpty()) {
            // the server was idle: a new busy period starts from the largest finish tag reached
            v = Math.max(v, maxFinish);
        }
        state.start = Math.max(v, state.finish);
        state.readySeq = readySeq++;
        state.ready = true;
        ready.add(state);
    }

    @Override
    public void clientSuspended(Entry state) {
        justCharged = null;
        drop(state);
    }

    private void drop(Entry state) {
        if (state.ready) {
            ready.remove(state);
            state.ready = false;
        }
    }

    @Override
    public long pollReady() {
        justCharged = null;
        return ready.isEmpty() ? -1 : 0;
    }

    @Override
    public void resourceRecord(Entry state, ResourceRecord record) {
        long c = record.consumption();
        state.consumed += c;
        double cost = (double) c * DEFAULT_SHARE / state.share;
        if (state.inService) {
            state.inService = false;
            justCharged = state;
            state.finish = state.start + cost;
        } else {
            // consumption charged outside the client's own dispatch (reattributed work): it delays the
            // client's next service as if it had been part of its last dispatch
            boolean wasReady = state.ready;
            drop(state);
            state.finish = Math.max(state.finish, v) + cost;
            if (wasReady) {
                state.start = Math.max(state.start, state.finish);
                state.ready = true;
                ready.add(state);
            }
        }
        if (state.finish > maxFinish) {
            maxFinish = state.finish;
        }
    }

    @Override
    public ClientStatistics clientStatistics(Entry state) {
        return new ClientStatistics(state.consumed, Map.of(
                "start_tag", Math.round(state.start),
                "finish_tag", Math.round(state.finish),
                SHARE, state.share));
    }
}
