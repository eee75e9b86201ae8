package org.omnikernel.okrt;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * The omni-kernel runtime as a service: activities, sends from outside the grid, resources and
 * statistics. Registered by the OKRT bundle once the grid configuration has been read and checked.
 *
 * <p>Message flow (seed Fig 3.13–3.14):
 * <pre>
 *  send ──► route (source, affinity, activity) ──► request queue of (resource, activity, core)
 *                 │ miss/expired: Scheduler.loadShare → core, ttl
 *  core loop: CPU scheduler.schedule ──► resource scheduler.schedule ──► queue
 *             ──► up to batch messages run to completion ──► records to both schedulers
 * </pre>
 */
public interface Okrt {

    /**
     * Creates an activity.
     *
     * @param name       a human-readable name
     * @param parameters client parameters schedulers read (for example {@code share=5000})
     * @return the activity
     */
    Activity createActivity(String name, Parameters parameters);

    /**
     * Terminates an activity: new sends for it fail, its request queues are destroyed on every core,
     * their messages' closures run their destroy callbacks, and nothing of it remains.
     *
     * @param activity the activity
     * @return completes when every core has destroyed the activity's queues
     */
    CompletionStage<Void> terminate(Activity activity);

    /**
     * @param id an activity id
     * @return the live activity with that id
     */
    Optional<Activity> activity(long id);

    /** @return the live activities */
    List<Activity> activities();

    /**
     * Sends a message from outside the grid (source {@link ResourceContext#EXTERNAL}).
     *
     * @param activity    the activity that pays
     * @param destination the destination resource's name
     * @param requestType the request type
     * @param affinity    the affinity label
     * @param arguments   the arguments
     * @return the outcome; never throws for bad input
     */
    SendResult send(Activity activity, String destination, String requestType, long affinity, Object... arguments);

    /**
     * @param name a resource's name
     * @return its id, if attached
     */
    Optional<Integer> resourceId(String name);

    /** @return a consistent-enough, timestamped snapshot of every core, resource, activity and client */
    KernelSnapshot statistics();

    /** @return the number of cores running the dispatch loop */
    int cores();
}
