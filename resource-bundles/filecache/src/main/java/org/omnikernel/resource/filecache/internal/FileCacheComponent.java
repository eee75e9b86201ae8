package org.omnikernel.resource.filecache.internal;

import java.util.Hashtable;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.storage.Mount;
import org.omnikernel.storage.MountListener;
import org.omnikernel.storage.StorageService;
import org.omnikernel.syscall.spi.PathProvider;
import org.omnikernel.syscall.spi.FileService;
import org.omnikernel.syscall.spi.ThreadService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Wires FCR into the kernel: registers {@link FileCacheResource} and its {@link FileGate} as resources, the file system calls ({@link FileCalls}) as the FileService
 * (OKRT attaches them under the grid's schedulers) and one {@link MountPathProvider} per mount point
 * of STOR's routing table, following the table through a {@link MountListener} (STOR's whiteboard),
 * which also writes a file system's dirty pages back before STOR unmounts it. When this component
 * stops first (the kernel stopping), it writes every dirty page back before FCR leaves the grid.
 * Configuration PID {@code org.omnikernel.fcr}; the properties are those of {@link FcrConfig}.
 */
@Component(configurationPid = "org.omnikernel.fcr", immediate = true, service = {})
public final class FileCacheComponent {

    /** How long stopping FCR waits for its dirty pages to be written back. */
    static final Duration STOP_WRITE_BACK = Duration.ofSeconds(15);
    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.filecache");

    private final ServiceRegistration<Resource> fcrRegistration;
    private final ServiceRegistration<Resource> gateRegistration;
    private final ServiceRegistration<FileService> callsRegistration;
    private final ServiceRegistration<MountListener> listenerRegistration;
    private final FileCacheResource fcr;
    private final MountProviders providers;
    private final Okrt okrt;
    private final Activity teardown;
    private final Activity writeBack;

    /**
     * @param storage    STOR
     * @param threads    the thread resource, for the calling kernel thread of an aopen
     * @param okrt       the runtime, for the activities that pay for closes and write-back after a process's end
     * @param properties the configuration
     * @param bundle     this bundle, to register the resources and providers
     */
    @Activate
    public FileCacheComponent(@Reference StorageService storage, @Reference ThreadService threads, @Reference Okrt okrt,
            Map<String, Object> properties, BundleContext bundle) {
        this.okrt = okrt;
        this.teardown = okrt.createActivity("fcr.teardown", Parameters.of("share", "1"));
        this.writeBack = okrt.createActivity("fcr.writeback", Parameters.of("share", "1"));
        fcr = new FileCacheResource(storage, FcrConfig.from(properties), writeBack);
        FileGate gate = new FileGate(teardown);
        MountPathProvider provider = new MountPathProvider(gate, threads);
        providers = new MountProviders(storage, provider, (prefix, p) -> {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(PathProvider.PREFIX, prefix);
            ServiceRegistration<PathProvider> r = bundle.registerService(PathProvider.class, p, props);
            return () -> unregister(r);
        });
        fcrRegistration = bundle.registerService(Resource.class, fcr, null);
        gateRegistration = bundle.registerService(Resource.class, gate, null);
        callsRegistration = bundle.registerService(FileService.class, new FileCalls(gate, threads), null);
        followMounts();
        listenerRegistration = bundle.registerService(MountListener.class, new MountListener() {
            @Override
            public void mounted(Mount mount) {
                followMounts();
            }

            @Override
            public CompletionStage<Void> unmounting(Mount mount) {
                return fcr.writeBackAll(mount.resource());
            }

            @Override
            public void unmounted(Mount mount) {
                followMounts();
            }

            @Override
            public String toString() {
                return "FCR's mount listener";
            }
        }, null);
    }

    private void followMounts() {
        try {
            providers.follow();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "FCR could not follow the routing table", e);
        }
    }

    /** Writes every dirty page back, then unregisters the providers and resources. */
    @Deactivate
    public synchronized void deactivate() {
        unregister(listenerRegistration);
        try {
            fcr.writeBackAll("").toCompletableFuture().get(STOP_WRITE_BACK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "FCR stopping could not write every dirty page back: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        providers.clear();
        unregister(callsRegistration);
        unregister(gateRegistration);
        unregister(fcrRegistration);
        okrt.terminate(teardown);
        okrt.terminate(writeBack);
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework took it down with the bundle
        }
    }
}
