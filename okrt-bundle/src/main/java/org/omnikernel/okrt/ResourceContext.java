package org.omnikernel.okrt;

/**
 * A resource's handle on OKRT, for work that does not run inside a handler: a device completion, a
 * timer owned by the resource, the first message of a flow started from outside.
 */
public interface ResourceContext {

    /** Source id of messages sent from outside the grid (tests, the shell, programs' system calls). */
    int EXTERNAL = 0;

    /** @return the id OKRT assigned at registration */
    int id();

    /** @return the resource's name */
    String name();

    /**
     * Sends a message on behalf of an activity, from this resource.
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
     * Sends a message that must run after every earlier message of the same dependency label.
     *
     * @param dependency  the label; its activity pays and its affinity routes the message
     * @param destination the destination resource's name
     * @param requestType the request type
     * @param arguments   the arguments
     * @return the outcome
     */
    SendResult sendOrdered(DependencyLabel dependency, String destination, String requestType, Object... arguments);

    /**
     * @param activity the activity the chain belongs to
     * @param affinity the affinity label of the chain
     * @return a fresh dependency label from this resource's counter
     */
    DependencyLabel newDependencyLabel(Activity activity, long affinity);

    /** Resumes this resource's scheduler after a rejection suspended it (seed §3.1.5). */
    void resume();
}
