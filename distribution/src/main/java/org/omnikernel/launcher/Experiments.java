package org.omnikernel.launcher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments {@code ./okernel experiment} can run (the brief's §4, the seed's Chapter 5), by
 * name. The experiments bundle runs them inside the kernel; the launcher only needs their names, to
 * refuse an unknown one before it starts anything, and the grid each boots with,
 * {@code conf/experiments/<name>.xml}.
 */
final class Experiments {

    /** Each experiment's name and what it reproduces. */
    static final Map<String, String> DESCRIPTIONS = descriptions();
    /** The valid names, in order. */
    static final List<String> NAMES = List.copyOf(DESCRIPTIONS.keySet());
    /** Samples taken when {@code --seconds} is not given. */
    static final int DEFAULT_SECONDS = 30;
    /**
     * E4's files per process when {@code --files} is not given: 8, a quarter of the seed's 32, because
     * making the seed's 192 MiB on the modelled disk takes about 11 minutes here.
     */
    static final int DEFAULT_FILES = 8;
    /** E4's KiB per file when {@code --file-kib} is not given (the seed's 2 MB). */
    static final int DEFAULT_FILE_KIB = 2048;
    /** The most files per process {@code --files} accepts. */
    static final int MAX_FILES = 1000;
    /** The largest file {@code --file-kib} accepts: 64 MiB. */
    static final int MAX_FILE_KIB = 64 * 1024;
    /** The longest run {@code --seconds} accepts: a day. */
    static final int MAX_SECONDS = 86_400;

    private Experiments() {
    }

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("e1", "CPU attribution: three CPU-bound activities under WFQ 50/33/17 (seed §5.4, Fig 5.1)");
        d.put("e2", "attribution with several schedulers: three processes open, read 32 KB, close, repeat;"
                + " shares at TR, FCR, AIOR, IOR, MQ (seed §5.5, Fig 5.4)");
        d.put("e4", "disk-bound file reads: three processes, 8 files of 2 MiB each (seed: 32), 4 streams, evicted"
                + " after reading; disk bytes at DRWR 50/33/17 (seed §5.7, Fig 5.8)");
        return Collections.unmodifiableMap(d);
    }

    /** @return the valid names, comma-separated, for messages */
    static String valid() {
        return String.join(", ", NAMES);
    }
}
