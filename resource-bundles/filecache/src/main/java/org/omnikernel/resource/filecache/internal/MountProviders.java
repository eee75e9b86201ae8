package org.omnikernel.resource.filecache.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.omnikernel.storage.Mount;
import org.omnikernel.storage.StorageService;
import org.omnikernel.syscall.spi.PathProvider;

/**
 * Keeps one registration of the /fs path provider per mount point of STOR's routing table: each
 * {@link #follow()} registers the provider for new mount points and withdraws it from those gone.
 */
final class MountProviders {

    /** Registers a provider for a prefix; the answer withdraws it. */
    @FunctionalInterface
    interface Registrar {
        Runnable register(String prefix, PathProvider provider);
    }

    private final StorageService storage;
    private final PathProvider provider;
    private final Registrar registrar;
    private final Map<String, Runnable> registered = new HashMap<>();

    MountProviders(StorageService storage, PathProvider provider, Registrar registrar) {
        this.storage = storage;
        this.provider = provider;
        this.registrar = registrar;
    }

    /** Brings the registrations in line with the routing table. */
    synchronized void follow() {
        Set<String> points = storage.mounts().stream().map(Mount::mountPoint).collect(Collectors.toSet());
        registered.entrySet().removeIf(e -> {
            if (!points.contains(e.getKey())) {
                e.getValue().run();
                return true;
            }
            return false;
        });
        for (String p : points) {
            registered.computeIfAbsent(p, k -> registrar.register(k, provider));
        }
    }

    /** Withdraws every registration. */
    synchronized void clear() {
        registered.values().forEach(Runnable::run);
        registered.clear();
    }

    /** @return the prefixes provided now */
    synchronized Set<String> prefixes() {
        return Set.copyOf(registered.keySet());
    }
}
