package org.omnikernel.okrt.scheduler;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;

/**
 * The per-core half of a scheduler (the seed's {@code corestate} and the hooks taking it, Table 3.1),
 * in the manner of Linux's {@code sched_class}: a small set of hooks OKRT calls as state changes.
 *
 * <p><b>Threading.</b> Every hook is called by OKRT on this core's dispatch thread only, never
 * concurrently, so the implementation needs no locks for its own state; it must not touch another
 * core's {@code CoreScheduler}. Hooks run inside the core's accounting as OKRT overhead and must be
 * short and non-blocking.
 *
 * <p><b>Clients.</b> For a resource scheduler a client is a request queue (one per activity per
 * core); for a CPU or compartment scheduler a client is a child scheduler. OKRT calls
 * {@link #clientReady} when a client's queue goes from empty to non-empty, and again after a dispatch
 * that left it non-empty; between {@link #clientReady} and the {@link #schedule} that returns it, a
 * client is ready exactly once.
 *
 * @param <S> the scheduler's per-client state
 */
public interface CoreScheduler<S extends ClientState> {

    /**
     * The seed's {@code add_client}. Called by: this core, when a request queue (or a child
     * scheduler) is created here, before its first {@link #clientReady}.
     *
     * @param client     the client
     * @param parameters the client's parameters (activity parameters, or cpushare for a child scheduler)
     * @return the scheduler's state for the client
     * @throws IllegalArgumentException when the parameters are invalid for this policy
     */
    S addClient(Client client, Parameters parameters);

    /**
     * The seed's {@code update_client}: the client's parameters changed (a weight, say).
     * Called by: this core.
     *
     * @param state      the client's state
     * @param parameters the new parameters
     * @throws IllegalArgumentException when they are invalid; the old ones then stay in force
     */
    void updateClient(S state, Parameters parameters);

    /**
     * The seed's {@code remove_client}. Called by: this core, when the client's queue is destroyed;
     * the client is not ready any more and is never passed to a hook again.
     *
     * @param state the client's state
     */
    void removeClient(S state);

    /**
     * The seed's {@code schedule}: picks the ready client to dispatch from now and forgets it as
     * ready. Called by: this core, after {@link #pollReady()} returned 0.
     *
     * @return the chosen client's state, or null when none is ready after all
     */
    S schedule();

    /**
     * The seed's {@code client_ready}. Called by: this core, as described in the class comment.
     * When the client is ready again right after its own dispatch (still backlogged), this call
     * comes immediately after that dispatch's {@link #resourceRecord}, with no other hook of this
     * scheduler in between; any other {@code clientReady} follows an idle spell of the client.
     *
     * @param state the client's state
     */
    void clientReady(S state);

    /**
     * The seed's {@code client_suspended}: the client is ready but may not be dispatched until it is
     * ready again (a suspended activity, or a child scheduler whose resource rejected a message).
     * Called by: this core. The scheduler must drop the client from its ready set.
     *
     * @param state the client's state
     */
    default void clientSuspended(S state) {
    }

    /**
     * The seed's {@code poll_ready}. Called by: this core, after every change to the ready set.
     *
     * @return 0 when a decision can be made now, a positive number of µs until one can (OKRT sets a
     *         timer), or -1 when no client is ready
     */
    long pollReady();

    /**
     * The seed's {@code resource_record}: consumption from a dispatch of this client, only records of
     * the configured metric. Called by: this core, after the messages of a dispatch ran.
     *
     * @param state  the client's state
     * @param record the consumption
     */
    void resourceRecord(S state, ResourceRecord record);

    /**
     * The seed's {@code client_statistics}. Called by: this core, when a statistics snapshot is taken.
     *
     * @param state the client's state
     * @return what the scheduler knows of the client
     */
    ClientStatistics clientStatistics(S state);
}
