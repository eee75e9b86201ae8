package org.omnikernel.scheduler.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;

/**
 * A resource whose one request, {@value #REQUEST}, spins for a fixed time and sends itself again (same
 * activity, same affinity label): a closed loop that keeps its core saturated with as many messages in
 * flight as a test sends it. Stopping the loop lets the messages in flight finish without resending.
 * Made by {@link KernelRig#attachSpinner}.
 */
public final class Spinner implements Resource {

    /** The request type the resource serves. */
    public static final String REQUEST = "SPIN";

    private final String name;
    private final long spinNanos;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Set<Long> stoppedActivities = ConcurrentHashMap.newKeySet();

    Spinner(String name, long spinNanos) {
        this.name = name;
        this.spinNanos = spinNanos;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(name).request(REQUEST, (ctx, m) -> {
            KernelRig.spinFor(spinNanos);
            if (!stopped.get() && !stoppedActivities.contains(ctx.activity().id())) {
                ctx.send(name, REQUEST);
            }
        }).build();
    }

    /** @return the resource's name */
    public String name() {
        return name;
    }

    /** Ends the loop for every activity: messages in flight run once more and are not resent. */
    public void stop() {
        stopped.set(true);
    }

    /** @param activityId the id of an activity whose loop ends, while the others' go on */
    public void stop(long activityId) {
        stoppedActivities.add(activityId);
    }
}
