package org.omnikernel.experiments.internal;

import java.util.List;
import java.util.Locale;

/**
 * {@code samples.csv} of a share experiment: one row per one-second sample, with a header.
 *
 * <pre>
 * time_s,share_a,share_b,share_c,cpu_ns_a,cpu_ns_b,cpu_ns_c,unaccounted_ns,elapsed_core_ns,descheduled_ns
 * 1.000,50.0021,33.3301,16.6678,999912000,666420000,333267000,-212,2000104000,1250000
 * </pre>
 *
 * Shares are in percent (empty when no CPU time was attributed in that second); times in ns are the
 * changes over the sample, summed over the cores for the last three columns. The last column, time
 * the operating system did not run the core threads, is a diagnosis column: see {@link ShareSample}.
 */
final class SamplesCsv {

    private SamplesCsv() {
    }

    /**
     * @param activities the activities' short names, for the header
     * @param samples    the samples, in order
     * @return the file's text, ending with a newline
     */
    static String write(List<String> activities, List<ShareSample> samples) {
        StringBuilder b = new StringBuilder("time_s");
        activities.forEach(a -> b.append(",share_").append(a));
        activities.forEach(a -> b.append(",cpu_ns_").append(a));
        b.append(",unaccounted_ns,elapsed_core_ns,descheduled_ns\n");
        for (ShareSample s : samples) {
            b.append(String.format(Locale.ROOT, "%.3f", s.timeSeconds()));
            for (double share : s.sharesPercent()) {
                b.append(',');
                if (!Double.isNaN(share)) {
                    b.append(String.format(Locale.ROOT, "%.4f", share));
                }
            }
            s.cpuNanos().forEach(c -> b.append(',').append(c));
            b.append(',').append(s.unaccountedNanos()).append(',').append(s.elapsedCoreNanos()).append(',')
                    .append(s.descheduledNanos()).append('\n');
        }
        return b.toString();
    }

    /**
     * The samples of several series taken at the same instants (E2, E4): per series, its shares and
     * its amounts, columns named {@code <key>_share_<activity>} and {@code <key>_<unit>_<activity>};
     * the cores' columns once, from the first series.
     *
     * @param series the measured series, each with as many samples
     * @return the file's text, ending with a newline
     */
    static String writeSeries(List<ShareSeries.Measured> series) {
        StringBuilder b = new StringBuilder("time_s");
        for (ShareSeries.Measured m : series) {
            String key = m.series().key();
            m.series().entitlement().activities().forEach(a -> b.append(',').append(key).append("_share_").append(a));
            m.series().entitlement().activities().forEach(a -> b.append(',').append(key).append('_')
                    .append(m.series().unit()).append('_').append(a));
        }
        b.append(",unaccounted_ns,elapsed_core_ns,descheduled_ns\n");
        List<ShareSample> clock = series.get(0).samples();
        for (int k = 0; k < clock.size(); k++) {
            b.append(String.format(Locale.ROOT, "%.3f", clock.get(k).timeSeconds()));
            for (ShareSeries.Measured m : series) {
                ShareSample s = m.samples().get(k);
                for (double share : s.sharesPercent()) {
                    b.append(',');
                    if (!Double.isNaN(share)) {
                        b.append(String.format(Locale.ROOT, "%.4f", share));
                    }
                }
                s.cpuNanos().forEach(c -> b.append(',').append(c));
            }
            ShareSample s = clock.get(k);
            b.append(',').append(s.unaccountedNanos()).append(',').append(s.elapsedCoreNanos()).append(',')
                    .append(s.descheduledNanos()).append('\n');
        }
        return b.toString();
    }
}
