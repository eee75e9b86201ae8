package org.omnikernel.resource.filecache.internal;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
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
 * of STOR's routing table, following the table as mounts come and go (checked every
 * {@value #FOLLOW_MILLIS} ms: the routing table offers no listener). Configuration PID
 * {@code org.omnikernel.fcr}; the properties are those of {@link FcrConfig}.
 */
@Component(configurationPid = "org.omnikernel.fcr", immediate = true, service = {})
public final class FileCacheComponent {

    static final long FOLLOW_MILLIS = 500;
    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.filecache");

    private final ServiceRegistration<Resource> fcrRegistration;
    private final ServiceRegistration<Resource> gateRegistration;
    private final ServiceRegistration<FileService> callsRegistration;
    private final MountProviders providers;
    private final Okrt okrt;
    private final Activity teardown;
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fcr-mounts");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param storage    STOR
     * @param threads    the thread resource, for the calling kernel thread of an aopen
     * @param okrt       the runtime, for the activity that pays for closes at a process's end
     * @param properties the configuration
     * @param bundle     this bundle, to register the resources and providers
     */
    @Activate
    public FileCacheComponent(@Reference StorageService storage, @Reference ThreadService threads, @Reference Okrt okrt,
            Map<String, Object> properties, BundleContext bundle) {
        FileCacheResource fcr = new FileCacheResource(storage, FcrConfig.from(properties));
        this.okrt = okrt;
        this.teardown = okrt.createActivity("fcr.teardown", Parameters.of("share", "1"));
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
        follower.scheduleWithFixedDelay(this::followMounts, FOLLOW_MILLIS, FOLLOW_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void followMounts() {
        try {
            providers.follow();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "FCR could not follow the routing table", e);
        }
    }

    /** Unregisters the providers and resources. */
    @Deactivate
    public synchronized void deactivate() {
        follower.shutdownNow();
        providers.clear();
        unregister(callsRegistration);
        unregister(gateRegistration);
        unregister(fcrRegistration);
        okrt.terminate(teardown);
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework took it down with the bundle
        }
    }
}
