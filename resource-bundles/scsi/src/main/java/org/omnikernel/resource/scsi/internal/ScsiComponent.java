package org.omnikernel.resource.scsi.internal;

import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.omnikernel.hal.Machine;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.storage.StorageUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes SCSIR as a {@link Resource} service (OKRT attaches it under the scheduler the grid names
 * for {@code resource.scsi}) and listens for the HAL's SCSI host adapters. Unit services are registered
 * and withdrawn on a thread of their own, not on a kernel core: service listeners (STOR) run inside
 * those calls.
 */
@Component(immediate = true)
public final class ScsiComponent {

    private final Machine machine;
    private final Okrt okrt;
    private final ExecutorService registrations = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scsir-registrations");
        t.setDaemon(true);
        return t;
    });
    private final ScsiResource scsir;
    private final ServiceRegistration<Resource> resource;
    private final Activity infrastructure;
    private final ScsiAdapters adapters;

    /**
     * @param machine the HAL's machine
     * @param okrt    the kernel
     * @param context this bundle's context
     */
    @Activate
    public ScsiComponent(@Reference Machine machine, @Reference Okrt okrt, BundleContext context) {
        this.machine = machine;
        this.okrt = okrt;
        this.scsir = new ScsiResource(unit -> register(context, unit), name -> okrt.resourceId(name).isPresent());
        this.resource = context.registerService(Resource.class, scsir, null);
        this.infrastructure = okrt.createActivity("scsir.infrastructure", Parameters.EMPTY);
        this.adapters = new ScsiAdapters(okrt, scsir, infrastructure);
        machine.devices().addListener(adapters);
    }

    private Runnable register(BundleContext context, ScsiUnit unit) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(StorageUnit.NAME, unit.name());
        @SuppressWarnings("unchecked")
        ServiceRegistration<StorageUnit>[] reg = new ServiceRegistration[1];
        registrations.execute(() -> reg[0] = context.registerService(StorageUnit.class, unit, props));
        return () -> registrations.execute(() -> {
            try {
                reg[0].unregister();
            } catch (IllegalStateException e) {
                // the bundle stopped first and took it along
            }
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        machine.devices().removeListener(adapters);
        scsir.close();
        resource.unregister();
        okrt.terminate(infrastructure);
        registrations.shutdown();
        registrations.awaitTermination(5, TimeUnit.SECONDS);
    }
}
