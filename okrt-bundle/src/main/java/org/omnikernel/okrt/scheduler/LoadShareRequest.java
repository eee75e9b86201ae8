package org.omnikernel.okrt.scheduler;

/**
 * The arguments of {@link Scheduler#loadShare}: the seed's affinity, ncore and per-core states.
 *
 * @param affinity   the affinity label of the messages to route
 * @param activityId the id of the activity they belong to
 * @param cores      the number of cores the scheduler may use
 * @param previous   the core the label was mapped to before, or -1 for a first mapping
 */
public record LoadShareRequest(long affinity, long activityId, int cores, int previous) {
}
