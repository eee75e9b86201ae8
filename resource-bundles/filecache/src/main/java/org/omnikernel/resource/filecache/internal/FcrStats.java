package org.omnikernel.resource.filecache.internal;

import java.util.Map;

/**
 * A snapshot of FCR's cache and counters.
 *
 * @param cachedBytes      bytes of pages held
 * @param dirtyBytes       bytes of pages written and not yet written back
 * @param bytesByActivity  bytes held on each activity's priority queue, by activity name
 * @param files            files with pages or open handles
 * @param handles          open handles
 * @param hits             pages READs found in the cache
 * @param misses           pages READs had to wait for
 * @param fsReads          file-system READs sent (each at most 32 KB)
 * @param fsReadBytes      bytes they asked for
 * @param fsWrites         file-system WRITEs sent by write-back
 * @param fsWriteBytes     bytes they carried
 * @param reclaimedBytes   bytes freed by RECLAIM and the capacity bound
 */
public record FcrStats(long cachedBytes, long dirtyBytes, Map<String, Long> bytesByActivity, int files, int handles,
        long hits, long misses, long fsReads, long fsReadBytes, long fsWrites, long fsWriteBytes, long reclaimedBytes) {
}
