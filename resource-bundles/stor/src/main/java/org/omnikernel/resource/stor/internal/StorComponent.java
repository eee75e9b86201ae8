package org.omnikernel.resource.stor.internal;

import java.util.Map;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.storage.FileSystemType;
import org.omnikernel.storage.MountListener;
import org.omnikernel.storage.StorageService;
import org.omnikernel.storage.StorageUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Publishes STOR: the resource as a {@link Resource} service (OKRT attaches it under the scheduler
 * the grid names for {@code resource.stor}) and the {@link StorageService}; tracks the
 * {@link StorageUnit}, {@link FileSystemType} and {@link MountListener} whiteboards. Registered as {@link MountDeclarations}
 * for the mount configurations' component.
 */
@Component(immediate = true, service = MountDeclarations.class)
public final class StorComponent implements MountDeclarations {

    private final Stor stor;
    private final ServiceRegistration<Resource> resource;
    private final ServiceRegistration<StorageService> service;

    /**
     * @param okrt    the kernel: STOR reads partition tables under an activity of its own, {@code stor}
     * @param context this bundle's context
     */
    @Activate
    public StorComponent(@Reference Okrt okrt, BundleContext context) {
        this.stor = new Stor(new ActivityOnce(okrt));
        resource = context.registerService(Resource.class, stor.resource(), null);
        service = context.registerService(StorageService.class, stor, null);
    }

    /** Makes STOR's activity once, when the first table is read. */
    private static final class ActivityOnce implements java.util.function.Supplier<Activity> {
        private final Okrt okrt;
        private Activity activity;

        ActivityOnce(Okrt okrt) {
            this.okrt = okrt;
        }

        @Override
        public synchronized Activity get() {
            if (activity == null) {
                activity = okrt.createActivity("stor", Parameters.EMPTY);
            }
            return activity;
        }
    }

    /** How long stopping STOR waits for its mounts to write back. */
    static final java.time.Duration UNMOUNT_TIMEOUT = java.time.Duration.ofSeconds(30);

    @Deactivate
    void deactivate() {
        // before anything below goes: the file systems write back and are marked clean
        stor.unmountAll(UNMOUNT_TIMEOUT);
        service.unregister();
        resource.unregister();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addUnit(StorageUnit unit) {
        stor.unitAdded(unit);
    }

    void removeUnit(StorageUnit unit) {
        stor.unitRemoved(unit);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(MountListener listener) {
        stor.listenerAdded(listener);
    }

    void removeListener(MountListener listener) {
        stor.listenerRemoved(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addType(FileSystemType type, Map<String, Object> properties) {
        stor.typeAdded(String.valueOf(properties.getOrDefault(FileSystemType.TYPE, "")), type);
    }

    void removeType(FileSystemType type, Map<String, Object> properties) {
        stor.typeRemoved(String.valueOf(properties.getOrDefault(FileSystemType.TYPE, "")), type);
    }

    @Override
    public void declare(MountDeclaration d) {
        stor.declare(d);
    }

    @Override
    public void withdraw(String id) {
        stor.withdraw(id);
    }
}
