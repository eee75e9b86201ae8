package org.omnikernel.okrt.stats;

import org.omnikernel.okrt.scheduler.ClientStatistics;

/**
 * What one scheduler reported of one client on one core ({@code client_statistics}).
 *
 * @param resource   the governed resource, or {@code okrt.cpu}
 * @param scheduler  the scheduler's name
 * @param core       the core
 * @param client     the client's label
 * @param activityId the client's activity, or -1 for a child scheduler
 * @param statistics the scheduler's figures
 */
public record SchedulerClientStatistics(String resource, String scheduler, int core, String client, long activityId,
        ClientStatistics statistics) {
}
