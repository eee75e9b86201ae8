package org.omnikernel.okrt;

/**
 * What a handler can do while it runs (seed Fig 3.5, Fig 3.7). Valid only during the handler call
 * and only on the core running it.
 *
 * <p>Messages sent here inherit the activity of the message being handled; an
 * {@linkplain ResourceInterface.Builder#infrastructure() infrastructure} resource may name another.
 */
public interface ExecutionContext {

    /** @return the message being handled */
    Message message();

    /** @return the activity paying for this execution */
    Activity activity();

    /** @return the index of the core running the handler */
    int core();

    /**
     * Sends a message for the current activity with the current message's affinity label.
     *
     * @param destination the destination resource's name
     * @param requestType the request type
     * @param arguments   the arguments
     * @return the outcome
     */
    SendResult send(String destination, String requestType, Object... arguments);

    /**
     * Sends a message for the current activity with a chosen affinity label.
     *
     * @param destination the destination resource's name
     * @param requestType the request type
     * @param affinity    the affinity label
     * @param arguments   the arguments
     * @return the outcome
     */
    SendResult sendWithAffinity(String destination, String requestType, long affinity, Object... arguments);

    /**
     * Sends a message ordered after all earlier messages of the same dependency label.
     *
     * @param dependency  the label, which must belong to the current activity unless this resource is infrastructure
     * @param destination the destination resource's name
     * @param requestType the request type
     * @param arguments   the arguments
     * @return the outcome
     */
    SendResult sendOrdered(DependencyLabel dependency, String destination, String requestType, Object... arguments);

    /**
     * Sends a message for the current activity after a delay, from this core's microsecond timers.
     * Checks happen now; the message is queued when the timer fires.
     *
     * @param delayMicros the delay in µs, at least 0
     * @param destination the destination resource's name
     * @param requestType the request type
     * @param arguments   the arguments
     * @return the outcome of the checks
     */
    SendResult sendDelayed(long delayMicros, String destination, String requestType, Object... arguments);

    /**
     * Infrastructure resources only: sends on behalf of an activity discovered while handling.
     *
     * @param activity    the activity that pays
     * @param destination the destination resource's name
     * @param requestType the request type
     * @param affinity    the affinity label
     * @param arguments   the arguments
     * @return the outcome; {@link SendResult.Status#NOT_PERMITTED} for a resource that is not infrastructure
     */
    SendResult sendAs(Activity activity, String destination, String requestType, long affinity, Object... arguments);

    /**
     * Replies to the sender of a message: a message to its source, for the same activity and affinity.
     * When that activity has ended meanwhile, the reply still goes, paid by the kernel activity: a
     * request accepted before its activity ended is answered (seed §3.1.4.1, the file provider's
     * problem).
     *
     * @param to          the message answered
     * @param requestType the reply's request type at the sender
     * @param arguments   the arguments
     * @return the outcome; {@link SendResult.Status#NO_SUCH_RESOURCE} when the message came from outside the grid
     */
    SendResult reply(Message to, String requestType, Object... arguments);

    /**
     * @param affinity the affinity label of the chain
     * @return a fresh dependency label for the current activity
     */
    DependencyLabel newDependencyLabel(long affinity);

    /**
     * Adds a consumption record to this execution (seed Fig 3.5), such as bytes written.
     *
     * @param metric      what was consumed
     * @param consumption how much
     * @throws IllegalArgumentException for a negative amount, for cpu and memory, which OKRT
     *                                  measures itself around every handler, or for a metric the
     *                                  resource's interface does not declare with {@code reports}
     */
    void record(Metric metric, long consumption);

    /**
     * Infrastructure resources only: attributes this execution's consumption to the activity it
     * discovered instead of the one that sent the message (retrospective attribution, seed §3.3.2).
     *
     * @param activity the activity that pays
     * @return false for a resource that is not infrastructure
     */
    boolean reattribute(Activity activity);

    /**
     * Rejects the message: the resource is over capacity. After the handler returns, OKRT puts the
     * message back at the head of its queue and suspends the resource's scheduler until
     * {@link ResourceContext#resume()} (seed §3.1.5). Nothing the handler sent or recorded is undone.
     */
    void reject();
}
