package org.omnikernel.okrt;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.omnikernel.okrt.config.SchedulerSpec;
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
     * their messages' closures run their destroy callbacks, the sending resource of each destroyed
     * message hears of it ({@link ResourceInterface#UNDELIVERABLE}, paid by the kernel activity), and
     * nothing of it remains. Replies to its requests that resources had already accepted still reach
     * their senders, under the kernel activity ({@link ExecutionContext#reply}).
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
     * Attaches a resource instance at run time under a scheduler given here rather than by the grid
     * configuration: the thread resource attaches one instance per CPU aggregate this way, each with
     * its own scheduler and cpushare (seed §4.1.1). The resource is not an OSGi service; its owner
     * detaches it with {@link #detach(String)}.
     *
     * @param resource the resource; its interface's name must be free
     * @param spec     its scheduler: name, parameters, metric, cores, cpushare at the parent (the CPU
     *                 scheduler, or the compartment {@link SchedulerSpec#parent()} names), batch;
     *                 {@link SchedulerSpec#resource()} is ignored in favour of the interface's name
     * @return the resource's context
     * @throws IllegalArgumentException naming what was refused: an unknown scheduler, parameters it
     *                                  refuses, a share its parent refuses, cores the parent does not
     *                                  run on, a metric the resource does not report, a name in use
     * @since 0.2.0
     */
    ResourceContext attach(Resource resource, SchedulerSpec spec);

    /**
     * Detaches a resource: new sends to it fail, its queued messages are discarded with their
     * senders told, and its scheduler leaves its parent on every core.
     *
     * @param name the resource's name; an unknown name completes at once
     * @return completes once every core has let go of it
     * @since 0.2.0
     */
    CompletionStage<Void> detach(String name);

    /**
     * The scheduler the grid names for a resource by its own name: its own {@code resourcescheduler}
     * entry, or a run-time edit of it; empty when only {@code resource="*"} would cover it. For a
     * bundle that attaches its resources itself ({@link #attach(Resource, SchedulerSpec)}), such as one
     * instance per volume, and lets the grid decide when it names the instance.
     *
     * @param name a resource's name, such as {@code ext2r.disk0}
     * @return the named entry, or empty
     * @since 0.3.0
     */
    default Optional<SchedulerSpec> namedScheduler(String name) {
        return Optional.empty();
    }

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
