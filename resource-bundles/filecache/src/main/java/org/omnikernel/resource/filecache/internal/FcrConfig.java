package org.omnikernel.resource.filecache.internal;

import java.util.Map;

/**
 * FCR's tunables, from its component properties (Config Admin PID {@code org.omnikernel.fcr}):
 *
 * @param capacityBytes       {@value #CAPACITY}: pages beyond it are reclaimed at once, from the
 *                            activity most over its proportional share first (default 64 MiB)
 * @param dirtyLimitBytes     {@value #DIRTY_LIMIT}: dirty bytes beyond it start write-back of every
 *                            dirty file (default 8 MiB)
 * @param writebackMillis     {@value #WRITEBACK}: dirty pages are written back this long after a
 *                            write at the latest; 0 turns the timer off (default 5000)
 * @param readAheadPages      {@value #READ_AHEAD}: pages fetched beyond a file's first sequential READ
 *                            (default 8, 32 KB)
 * @param readAheadMaxPages   {@value #READ_AHEAD_MAX}: the window doubles with every further sequential
 *                            READ of a handle up to this many pages (default 512, 2 MiB), fetched in
 *                            runs of at most 32 KB that are all in flight at once; a seek starts over
 */
record FcrConfig(long capacityBytes, long dirtyLimitBytes, long writebackMillis, int readAheadPages,
        int readAheadMaxPages) {

    static final String CAPACITY = "omnikernel.fcr.capacity";
    static final String DIRTY_LIMIT = "omnikernel.fcr.dirty.limit";
    static final String WRITEBACK = "omnikernel.fcr.writeback.ms";
    static final String READ_AHEAD = "omnikernel.fcr.readahead.pages";
    static final String READ_AHEAD_MAX = "omnikernel.fcr.readahead.max.pages";

    static final FcrConfig DEFAULTS = new FcrConfig(64L << 20, 8L << 20, 5000, 8, 512);

    FcrConfig {
        if (capacityBytes < Page.SIZE || dirtyLimitBytes < Page.SIZE || writebackMillis < 0 || readAheadPages < 0
                || readAheadMaxPages < readAheadPages) {
            throw new IllegalArgumentException("bad FCR configuration: capacity " + capacityBytes + " and dirty limit "
                    + dirtyLimitBytes + " must be at least one page (" + Page.SIZE + " bytes); write-back interval "
                    + writebackMillis + " ms and read-ahead " + readAheadPages + " pages must not be negative, and the"
                    + " read-ahead maximum " + readAheadMaxPages + " pages not below the read-ahead");
        }
    }

    /** A fixed read-ahead window: it does not grow. */
    FcrConfig(long capacityBytes, long dirtyLimitBytes, long writebackMillis, int readAheadPages) {
        this(capacityBytes, dirtyLimitBytes, writebackMillis, readAheadPages, readAheadPages);
    }

    /**
     * @param properties component properties; absent keys take the defaults
     * @return the configuration
     * @throws IllegalArgumentException naming a value that is not a number or out of range
     */
    static FcrConfig from(Map<String, ?> properties) {
        return new FcrConfig(number(properties, CAPACITY, DEFAULTS.capacityBytes),
                number(properties, DIRTY_LIMIT, DEFAULTS.dirtyLimitBytes),
                number(properties, WRITEBACK, DEFAULTS.writebackMillis),
                (int) number(properties, READ_AHEAD, DEFAULTS.readAheadPages),
                (int) number(properties, READ_AHEAD_MAX, Math.max(DEFAULTS.readAheadMaxPages,
                        number(properties, READ_AHEAD, DEFAULTS.readAheadPages))));
    }

    private static long number(Map<String, ?> properties, String key, long fallback) {
        Object v = properties.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a whole number", e);
        }
    }
}
