package org.omnikernel.okrt.scheduler;

import java.util.Map;

/**
 * What a scheduler reports about one client (the seed's {@code clientstat_t}).
 *
 * @param consumed the consumption the scheduler has charged the client, in its metric's unit
 * @param details  policy-specific figures, such as a virtual finishing time or a weight
 */
public record ClientStatistics(long consumed, Map<String, Long> details) {

    /**
     * @param consumed the consumption charged
     * @param details  policy figures; copied
     */
    public ClientStatistics {
        details = Map.copyOf(details);
    }
}
