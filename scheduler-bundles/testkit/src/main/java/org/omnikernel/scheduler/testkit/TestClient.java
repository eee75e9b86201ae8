package org.omnikernel.scheduler.testkit;

import org.omnikernel.okrt.scheduler.Client;

/**
 * A scheduler client as OKRT presents a request queue, for calling {@code addClient} in hook-level
 * tests.
 *
 * @param id          the client's id, unique among a scheduler's clients
 * @param label       its label in statistics and in a test's expected dispatch orders
 * @param activityId  the id of the activity whose queue it is, or -1 for a child scheduler
 * @param queueLength messages waiting in the queue
 */
public record TestClient(long id, String label, long activityId, int queueLength) implements Client {

    /**
     * The queue of activity {@code id}, holding one message: what most hook tests need.
     *
     * @param id    the client's id, which is also its activity id
     * @param label its label
     */
    public TestClient(long id, String label) {
        this(id, label, id, 1);
    }
}
