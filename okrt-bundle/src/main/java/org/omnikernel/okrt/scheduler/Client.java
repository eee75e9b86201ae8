package org.omnikernel.okrt.scheduler;

/**
 * A scheduler's client as OKRT presents it: a request queue of one activity on one core at a
 * resource, or a child scheduler at the CPU scheduler. Read-only; schedulers never dequeue themselves.
 */
public interface Client {

    /** @return a stable id, unique among the scheduler's clients */
    long id();

    /** @return a label for statistics: the activity's name, or the child scheduler's resource */
    String label();

    /** @return the id of the activity whose queue this is, or -1 for a child scheduler */
    long activityId();

    /** @return messages waiting in the queue now, or 0 for a child scheduler */
    int queueLength();
}
