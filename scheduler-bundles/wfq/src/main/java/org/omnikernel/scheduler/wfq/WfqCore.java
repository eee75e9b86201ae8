package org.omnikernel.scheduler.wfq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientStatistics;
import org.omnikernel.okrt.scheduler.CoreScheduler;

/**
 * The per-core half of weighted fair queueing (the seed's Fig 3.3): ready clients in a heap ordered
 * by virtual finishing time (VFT); {@link #schedule} takes the client with the lowest VFT, the one
 * that has received the least service relative to its weight; {@link #resourceRecord} advances the
 * client's VFT by {@code consumption × SCALE / weight}.
 *
 * <p><b>Virtual time.</b> The core's virtual time is the VFT of the client most recently taken from
 * the top of the heap ({@link #schedule}), never decreasing — the start tag of the service in
 * progress, as in start-time fair queueing. Under {@link BurstPolicy.Clamp} every ready client's VFT
 * is at least the virtual time and at most one charge above it. The core also advances a scheduler VFT for {@code loadShare} (seed
 * §3.1.1.2: the scheduler as a client whose weight is the sum of its clients' weights, charged with
 * every service); it lives in {@link CoreFigures}.
 *
 * <p><b>Bursts.</b> {@link BurstPolicy.Clamp} raises a client's VFT to the virtual time when it
 * becomes ready; {@link BurstPolicy.Reset} leaves it, and every period resets all VFTs relative to
 * the lowest ready VFT. New clients start at the virtual time under both.
 *
 * <p><b>Overflow.</b> VFTs are longs in units of 2^-16 of the metric per unit of weight. When the
 * virtual time passes 2^60 (after about five years of CPU nanoseconds at a weight of 10000, five
 * hours at a weight of 1), every VFT is rebased by subtracting it, which keeps the order of ready
 * clients. A single charge advances a VFT by at most 2^56.
 *
 * <p><b>Threading.</b> Every hook is called by OKRT on this core's dispatch thread only, never
 * concurrently and never from inside a handler, so this class takes no locks. It writes only its own
 * slots of the shared {@link CoreFigures}.
 */
final class WfqCore implements CoreScheduler<WfqClient> {

    /** Virtual time above which the core rebases its VFTs. */
    static final long REBASE_AT = 1L << 60;

    private final int core;
    private final CoreFigures figures;
    private final boolean clamp;
    private final long resetNanos;
    private final LongSupplier nanoClock;
    private final VftHeap heap = new VftHeap();
    /** Every client on this core, ready or not, for resets and rebasing. */
    private final List<WfqClient> clients = new ArrayList<>();
    private long vtime;
    private long totalWeight;
    private long lastReset;

    /**
     * @param core      the core index among the scheduler's cores
     * @param burst     the burst policy
     * @param figures   the figures shared with {@code loadShare}
     * @param nanoClock a monotonic clock in ns, read only under {@link BurstPolicy.Reset}
     */
    WfqCore(int core, BurstPolicy burst, CoreFigures figures, LongSupplier nanoClock) {
        this.core = core;
        this.figures = figures;
        this.nanoClock = nanoClock;
        this.clamp = burst instanceof BurstPolicy.Clamp;
        this.resetNanos = burst instanceof BurstPolicy.Reset r ? Math.multiplyExact(r.periodMicros(), 1000L) : 0;
        this.lastReset = resetNanos > 0 ? nanoClock.getAsLong() : 0;
    }

    /**
     * The seed's {@code add_client}. Called by: OKRT on this core, when a request queue of an
     * activity (or, at a CPU or compartment scheduler, a child scheduler) is created here, before its
     * first {@link #clientReady}. The weight is {@code share} (default 10000); other keys are left to
     * other schedulers, since activity parameters are shared by all of them. The client starts at the
     * core's virtual time, level with the least-served ready client.
     *
     * @throws IllegalArgumentException naming {@code share} and its value when it is not a whole
     *                                  number from 1 to 10^9
     */
    @Override
    public WfqClient addClient(Client client, Parameters parameters) {
        WfqClient e = new WfqClient(client, WfqClient.weightOf(parameters, client.label()));
        e.vft = vtime;
        e.slot = clients.size();
        clients.add(e);
        totalWeight += e.weight;
        figures.clientAdded(core);
        return e;
    }

    /**
     * The seed's {@code update_client}. Called by: OKRT on this core, when the activity's parameters
     * (or a child scheduler's cpushare) change. A new weight applies from the next charge; the VFT
     * already earned stays. An invalid share throws and the old weight stays in force.
     */
    @Override
    public void updateClient(WfqClient state, Parameters parameters) {
        long w = WfqClient.weightOf(parameters, state.client().label());
        totalWeight += w - state.weight;
        state.weight = w;
    }

    /**
     * The seed's {@code remove_client}. Called by: OKRT on this core, when the client's queue is
     * destroyed (activity terminated, resource detached). Drops it from the heap in O(log n).
     */
    @Override
    public void removeClient(WfqClient state) {
        if (state.slot < 0) {
            return;
        }
        heap.remove(state);
        WfqClient last = clients.remove(clients.size() - 1);
        if (last != state) {
            clients.set(state.slot, last);
            last.slot = state.slot;
        }
        state.slot = -1;
        totalWeight -= state.weight;
        figures.clientRemoved(core);
    }

    /**
     * The seed's {@code schedule}. Called by: OKRT on this core, after {@link #pollReady()} returned
     * 0. Takes the client with the lowest VFT off the heap and advances the virtual time to its VFT.
     * Under {@link BurstPolicy.Reset} a period that has elapsed first resets the VFTs.
     */
    @Override
    public WfqClient schedule() {
        resetIfDue();
        WfqClient e = heap.poll();
        if (e == null) {
            return null;
        }
        if (e.vft > vtime) {
            vtime = e.vft;
        }
        e.dispatches++;
        if (vtime >= REBASE_AT) {
            rebase(vtime);
        }
        return e;
    }

    /**
     * The seed's {@code client_ready}. Called by: OKRT on this core, when the client's queue goes
     * from empty to non-empty, and after a dispatch that left it non-empty. Under
     * {@link BurstPolicy.Clamp} a VFT below the virtual time — a client that was idle — is raised to
     * it, so the client gets no catch-up burst. Under {@link BurstPolicy.Reset} a period that has
     * elapsed first resets the VFTs, so that a client returning after a reset that no decision has
     * observed yet (the core was idle) does not spend stale credit. A client already ready stays
     * where it is.
     */
    @Override
    public void clientReady(WfqClient state) {
        if (state.ready() || state.slot < 0) {
            return;
        }
        resetIfDue();
        if (clamp && state.vft < vtime) {
            state.vft = vtime;
        }
        heap.add(state);
    }

    /**
     * The seed's {@code client_suspended}. Called by: OKRT on this core, when a ready client may not
     * be dispatched (at a CPU scheduler: its resource rejected a message). Drops it from the heap in
     * O(log n); it returns through {@link #clientReady}.
     */
    @Override
    public void clientSuspended(WfqClient state) {
        heap.remove(state);
    }

    /**
     * The seed's {@code poll_ready}. Called by: OKRT on this core, after every change to the ready
     * set. WFQ is work-conserving: 0 when any client is ready, else -1.
     */
    @Override
    public long pollReady() {
        return heap.isEmpty() ? -1 : 0;
    }

    /**
     * The seed's {@code resource_record}. Called by: OKRT on this core, after the messages of a
     * dispatch ran, with a record of the configured metric (whatever it is: the charge does not
     * assume CPU time). Advances the client's VFT by {@code consumption × SCALE / weight} and the
     * core's scheduler VFT by {@code consumption / Σ weights}. A client charged while in the heap (an
     * infrastructure resource re-attributed work to it) is moved to its new place.
     */
    @Override
    public void resourceRecord(WfqClient state, ResourceRecord record) {
        long c = record.consumption();
        state.consumed += c;
        state.charge(c);
        heap.changed(state);
        if (totalWeight > 0 && c > 0) {
            figures.served(core, (double) c / totalWeight);
        }
    }

    /**
     * The seed's {@code client_statistics}. Called by: OKRT on this core, when a statistics snapshot
     * is taken.
     *
     * @return the consumption charged, and details {@code vft}, {@code weight} and {@code dispatches}
     */
    @Override
    public ClientStatistics clientStatistics(WfqClient state) {
        return new ClientStatistics(state.consumed,
                Map.of("vft", state.vft, "weight", state.weight, "dispatches", state.dispatches));
    }

    /**
     * Under {@link BurstPolicy.Reset}: when a period has elapsed since the last reset, resets every VFT
     * relative to the lowest ready VFT (or the virtual time when none is ready). Lazy: evaluated by
     * the hooks that depend on it, so an idle core reads no clock; several elapsed periods make one
     * reset.
     */
    private void resetIfDue() {
        if (resetNanos > 0) {
            long now = nanoClock.getAsLong();
            if (now - lastReset >= resetNanos) {
                lastReset = now;
                rebase(heap.isEmpty() ? vtime : heap.peek().vft);
            }
        }
    }

    /** @return the core's virtual time */
    long virtualTime() {
        return vtime;
    }

    /** @return the number of ready clients */
    int readyCount() {
        return heap.size();
    }

    /**
     * Makes every VFT and the virtual time relative to {@code base}: each becomes
     * {@code max(value - base, 0)}. Ready clients are all at or above the base (the lowest ready VFT
     * or the virtual time), so their order is kept; clients below it — idle ones — are raised to it.
     */
    private void rebase(long base) {
        if (base <= 0) {
            return;
        }
        for (WfqClient e : clients) {
            e.vft = Math.max(e.vft - base, 0);
        }
        vtime = Math.max(vtime - base, 0);
        heap.rebuild();
    }
}
