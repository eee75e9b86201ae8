package org.omnikernel.scheduler.wfq;

/**
 * How a WFQ core keeps a client that was idle from claiming a burst of catch-up service (the seed's
 * "policy to limit bursty behavior", elided from Fig 3.3). Scheduler parameter {@code burst}.
 *
 * <ul>
 * <li>{@link Clamp} ({@code clamp}, the default): when a client becomes ready its VFT is raised to at
 * least the core's virtual time (the SFQ/WF²Q rule). Service a client did not ask for is lost to it:
 * it re-enters level with the least-served ready client, so its service in any window is bounded by
 * its share, whatever its history. Strict isolation; intermittent clients get less than their share
 * over long periods.</li>
 * <li>{@link Reset} ({@code reset:<µs>}, the seed's approach): VFTs are left alone when a client
 * becomes ready, but every period all VFTs on the core are reset relative to the minimum ready VFT
 * (each becomes {@code max(vft - min, 0)}). A client keeps the credit it earned while idle within the
 * current period and may spend it as a burst — at most about {@code period × w / W_others} of
 * exclusive service — while credit older than one period is forgotten. Long-run fairness for
 * intermittent clients, bought with bursts that delay the others by up to one period's worth.</li>
 * </ul>
 */
sealed interface BurstPolicy permits BurstPolicy.Clamp, BurstPolicy.Reset {

    /** The parameter's key. */
    String KEY = "burst";

    /** The valid forms, for messages. */
    String VALID = "clamp, reset:<µs> (a whole number of µs, at least 1)";

    /** Clamp a client's VFT to the core's virtual time when it becomes ready. */
    record Clamp() implements BurstPolicy {
        @Override
        public String toString() {
            return "clamp";
        }
    }

    /**
     * Reset all VFTs of the core relative to the minimum every period.
     *
     * @param periodMicros the period in µs, at least 1
     */
    record Reset(long periodMicros) implements BurstPolicy {
        @Override
        public String toString() {
            return "reset:" + periodMicros;
        }
    }

    /**
     * @param value the parameter's value, or null for the default
     * @return the policy
     * @throws IllegalArgumentException naming the key, the value and the valid forms
     */
    static BurstPolicy parse(String value) {
        if (value == null) {
            return new Clamp();
        }
        String v = value.trim();
        if (v.equals("clamp")) {
            return new Clamp();
        }
        if (v.startsWith("reset:")) {
            String period = v.substring("reset:".length()).trim();
            long micros;
            try {
                micros = Long.parseLong(period);
            } catch (NumberFormatException e) {
                micros = 0;
            }
            if (micros >= 1) {
                return new Reset(micros);
            }
            throw new IllegalArgumentException("parameter " + KEY + "=\"" + value + "\": the reset period \"" + period
                    + "\" is not a whole number of µs of at least 1; valid: " + VALID);
        }
        throw new IllegalArgumentException("parameter " + KEY + "=\"" + value + "\" is not a burst policy; valid: " + VALID);
    }
}
