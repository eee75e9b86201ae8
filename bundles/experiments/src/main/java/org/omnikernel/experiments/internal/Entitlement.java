package org.omnikernel.experiments.internal;

import java.util.List;

/**
 * What each activity of a share experiment is entitled to: the {@code cpushare} its resource
 * scheduler has at the CPU scheduler, as a fraction of the sum over the experiment's resources. With
 * every resource busy on every core, a proportional-share CPU scheduler should give each exactly
 * that fraction of the CPU time it hands out (seed §5.2).
 *
 * @param activities the activities' short names, such as {@code a}
 * @param resources  the resource each activity burns CPU in, in the same order
 * @param cpushares  each resource scheduler's configured {@code cpushare}, in the same order
 */
record Entitlement(List<String> activities, List<String> resources, List<Long> cpushares) {

    /**
     * @param activities the activities' short names
     * @param resources  their resources
     * @param cpushares  their resources' cpushares, each at least 1
     */
    Entitlement {
        activities = List.copyOf(activities);
        resources = List.copyOf(resources);
        cpushares = List.copyOf(cpushares);
        if (activities.isEmpty() || activities.size() != resources.size() || activities.size() != cpushares.size()) {
            throw new IllegalArgumentException("an entitlement needs one resource and one cpushare per activity: "
                    + activities + ", " + resources + ", " + cpushares);
        }
        if (cpushares.stream().anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("cpushares must be at least 1: " + cpushares);
        }
    }

    /** @return how many activities */
    int size() {
        return activities.size();
    }

    /**
     * @param i an activity's index
     * @return its entitlement in percent of the CPU time the experiment's activities receive
     */
    double percent(int i) {
        long total = cpushares.stream().mapToLong(Long::longValue).sum();
        return 100.0 * cpushares.get(i) / total;
    }

    /** @return every activity's entitlement in percent, in order */
    List<Double> percents() {
        return java.util.stream.IntStream.range(0, size()).mapToObj(this::percent).toList();
    }
}
