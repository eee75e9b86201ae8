package org.omnikernel.resource.filecache.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.omnikernel.storage.Mount;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountRoute;
import org.omnikernel.storage.StorageService;
import org.omnikernel.storage.Volume;

/**
 * A storage service for tests: a routing table of file-system resources the test attached itself
 * (no volumes, so mount, unmount and format of volumes are refused). Routes by the longest mount
 * point that is a whole-segment prefix, as STOR does.
 */
final class RoutingTable implements StorageService {

    private final List<Mount> mounts = new CopyOnWriteArrayList<>();

    void add(String mountPoint, String resource, boolean readOnly) {
        mounts.add(new Mount(mountPoint, "host:" + resource, "hostdir", resource, readOnly, ""));
    }

    void remove(String mountPoint) {
        mounts.removeIf(m -> m.mountPoint().equals(mountPoint));
    }

    @Override
    public List<Volume> volumes() {
        return List.of();
    }

    @Override
    public Optional<Volume> volume(String name) {
        return Optional.empty();
    }

    @Override
    public List<Mount> mounts() {
        return List.copyOf(mounts);
    }

    @Override
    public Optional<MountRoute> route(String path) {
        Mount best = null;
        for (Mount m : mounts) {
            String p = m.mountPoint();
            if ((path.equals(p) || path.startsWith(p + "/")) && (best == null || p.length() > best.mountPoint().length())) {
                best = m;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String rel = path.substring(best.mountPoint().length());
        return Optional.of(new MountRoute(best, rel.isEmpty() ? "/" : rel));
    }

    @Override
    public CompletionStage<Mount> mount(String volume, String mountPoint, String type, MountOptions options) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("no volume " + volume + ": the test table has none"));
    }

    @Override
    public CompletionStage<Void> unmount(String mountPoint) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("the test table mounts no volumes"));
    }

    @Override
    public CompletionStage<Void> format(String volume, String type, Map<String, String> options) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("no volume " + volume + ": the test table has none"));
    }
}
