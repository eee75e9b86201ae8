package org.omnikernel.okrt.scheduler;

import org.omnikernel.okrt.Parameters;

/**
 * One scheduler instance governing one resource, holding the state shared by all its cores (the
 * seed's {@code schedstate}). Per-core decisions live in the {@link CoreScheduler}s it creates.
 *
 * <p>Thread-safety: {@link #initCore} is called once per core before any message flows, on the
 * thread that attaches the resource. {@link #loadShare} is called on the sending thread, which may be
 * any core or a thread outside the kernel, concurrently with every other hook: it may read shared
 * state and, for coarse decisions, per-core state that tolerates racy reads.
 */
public interface Scheduler {

    /**
     * The seed's {@code init_core}: creates the state private to one core.
     *
     * @param core the index of the core among the scheduler's cores, from 0
     * @return the core's scheduler, whose hooks OKRT calls only on that core
     */
    CoreScheduler<?> initCore(int core);

    /**
     * The seed's {@code load_share}: decides which core (and so which request queue) handles an
     * affinity label of an activity, and for how long the mapping persists.
     *
     * <p>Called by: the sending thread, on a route miss or an expired mapping; no OKRT lock held
     * except the route's own, so it must be quick and must not call OKRT.
     *
     * @param request the affinity, the activity and the per-core client states
     * @return the core index and time to live
     */
    LoadShare loadShare(LoadShareRequest request);

    /**
     * Checks client parameters before OKRT makes a client with them: when a request queue is about to
     * be created for an activity, and before an activity's parameters change. A refusal becomes the
     * sender's or updater's error, so that no queue is created that {@link CoreScheduler#addClient}
     * would refuse.
     *
     * <p>Called by: any thread, concurrently with every hook; must not touch per-core state.
     *
     * @param parameters the activity's (or child scheduler's) client parameters
     * @throws IllegalArgumentException naming the bad parameter and what would be valid
     */
    default void checkClient(Parameters parameters) {
    }

    /**
     * @return a one-line description of the policy and its parameters, for dumps and the console
     */
    default String describe() {
        return getClass().getSimpleName();
    }
}
