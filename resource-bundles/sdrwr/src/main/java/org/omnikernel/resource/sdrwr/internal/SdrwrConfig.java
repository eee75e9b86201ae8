package org.omnikernel.resource.sdrwr.internal;

import java.util.Map;

/**
 * SDRWR's tunable, from its component properties (Config Admin PID {@code org.omnikernel.sdrwr}):
 *
 * @param maxRequestBytes {@value #MAX_REQUEST}: the largest request SDRWR sends a disk (DRWR); a
 *                        storage request above it is split into requests of at most this many bytes
 *                        (rounded down to whole blocks, at least one block), all in flight at once.
 *                        Default {@value #DEFAULT_MAX_REQUEST_BYTES}, the seed's 32 KB (§5.7 note 7);
 *                        at most DRWR's {@value #DRWR_MAX_REQUEST_BYTES}
 */
record SdrwrConfig(int maxRequestBytes) {

    static final String MAX_REQUEST = "omnikernel.sdrwr.max.request.bytes";
    static final int DEFAULT_MAX_REQUEST_BYTES = 32 * 1024;
    /** DRWR's largest request (blockdev's {@code MAX_REQUEST_BYTES}): it refuses larger ones. */
    static final int DRWR_MAX_REQUEST_BYTES = 1 << 20;

    static final SdrwrConfig DEFAULTS = new SdrwrConfig(DEFAULT_MAX_REQUEST_BYTES);

    SdrwrConfig {
        if (maxRequestBytes < 1 || maxRequestBytes > DRWR_MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("bad SDRWR configuration: " + MAX_REQUEST + "=" + maxRequestBytes
                    + " must be from 1 to DRWR's largest request, " + DRWR_MAX_REQUEST_BYTES + " bytes");
        }
    }

    /**
     * @param properties component properties; an absent key takes the default
     * @return the configuration
     * @throws IllegalArgumentException naming a value that is not a number or out of range
     */
    static SdrwrConfig from(Map<String, ?> properties) {
        Object v = properties.get(MAX_REQUEST);
        if (v == null) {
            return DEFAULTS;
        }
        try {
            return new SdrwrConfig(Integer.parseInt(v.toString().trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_REQUEST + "=" + v + " is not a whole number of bytes", e);
        }
    }
}
