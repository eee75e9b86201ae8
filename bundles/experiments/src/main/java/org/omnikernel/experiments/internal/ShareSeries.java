package org.omnikernel.experiments.internal;

import java.util.List;

/**
 * One thing a share experiment compares among its activities, such as the CPU time FCR's scheduler
 * charged each process (seed Fig 5.4(b)) or the bytes DRWR read for each (Fig 5.8): what each is
 * entitled to there and a meter per activity.
 *
 * @param key         a short name for files and figures, such as {@code fcr}
 * @param resource    the resource (or the TR instances) it is measured at, for people
 * @param unit        the meters' unit, for the CSV header: {@code cpu_ns} or {@code bytes}
 * @param entitlement the activities' weights there
 * @param meters      one per activity, in the entitlement's order
 */
record ShareSeries(String key, String resource, String unit, Entitlement entitlement, List<Meter> meters) {

    /**
     * @param key         short name
     * @param resource    where
     * @param unit        the unit
     * @param entitlement the weights
     * @param meters      the meters; copied, one per activity
     */
    ShareSeries {
        meters = List.copyOf(meters);
        if (meters.size() != entitlement.size()) {
            throw new IllegalArgumentException(key + ": " + meters.size() + " meters for " + entitlement.size()
                    + " activities");
        }
    }

    /**
     * A series measured over a run.
     *
     * @param series  what was measured
     * @param samples its one-second samples
     * @param summary the run as a whole
     */
    record Measured(ShareSeries series, List<ShareSample> samples, ShareSummary summary) {

        /**
         * @param series  what
         * @param samples the samples; copied
         * @param summary the summary
         */
        Measured {
            samples = List.copyOf(samples);
        }
    }
}
