package org.omnikernel.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Told of STOR's routing table as it changes, and asked to write back before a file system leaves
 * it. A whiteboard: register an implementation as an OSGi service and STOR calls it, so that a file
 * cache neither polls the table nor loses dirty pages when a volume is unmounted or the kernel stops:
 *
 * <pre>
 *  StorageService.unmount(/fs) ─► every listener: unmounting(mount) ─► all stages complete (or time out)
 *                              ─► the file system writes back, is marked clean, leaves the table
 *                              ─► every listener: unmounted(mount)
 * </pre>
 *
 * <p>STOR calls {@link #mounted} once for every mount present when it first sees a listener, and for
 * every mount after; calls come from OSGi and kernel threads, never from a handler, and must not block.
 *
 * @since 0.3.0
 */
public interface MountListener {

    /**
     * A file system entered the routing table.
     *
     * @param mount the new entry
     */
    void mounted(Mount mount);

    /**
     * The file system is about to be unmounted; its resource still answers. Send it what you hold
     * for it (a cache's dirty pages) and complete the stage when it has answered; STOR waits for every
     * listener, within its unmount time limit, before it unmounts.
     *
     * @param mount the entry leaving
     * @return completes when everything held for the mount is with its file system
     */
    default CompletionStage<Void> unmounting(Mount mount) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A file system left the routing table.
     *
     * @param mount the entry gone
     */
    void unmounted(Mount mount);
}
