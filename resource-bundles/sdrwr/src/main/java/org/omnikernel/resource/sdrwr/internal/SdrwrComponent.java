package org.omnikernel.resource.sdrwr.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.omnikernel.hal.Machine;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Resource;
import org.omnikernel.storage.StorageUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes SDRWR as a {@link Resource} service, which OKRT attaches under the scheduler the grid
 * names for {@code resource.sdrwr}, and each block device's unit as a {@link StorageUnit} service
 * (property {@value StorageUnit#NAME}), which STOR tracks. Configuration PID
 * {@code org.omnikernel.sdrwr}; the property is that of {@link SdrwrConfig} (the disk request limit).
 */
@Component(configurationPid = "org.omnikernel.sdrwr", immediate = true, service = {})
public final class SdrwrComponent {

    private final Machine machine;
    private final ServiceRegistration<Resource> resource;
    private final BlockUnits units;

    /**
     * @param machine the HAL's machine, whose device registry says which block devices there are
     * @param okrt    the kernel, which says whether a device's DRWR is attached
     * @param properties the configuration
     * @param context this bundle's context
     */
    @Activate
    public SdrwrComponent(@Reference Machine machine, @Reference Okrt okrt, Map<String, Object> properties,
            BundleContext context) {
        this.machine = machine;
        SdrwrResource sdrwr = new SdrwrResource(SdrwrConfig.from(properties));
        this.resource = context.registerService(Resource.class, sdrwr, null);
        this.units = new BlockUnits(sdrwr, name -> okrt.resourceId(name).isPresent(), unit -> {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(StorageUnit.NAME, unit.name());
            return context.registerService(StorageUnit.class, unit, props)::unregister;
        });
        machine.devices().addListener(units);
    }

    @Deactivate
    void deactivate() {
        machine.devices().removeListener(units);
        units.close();
        resource.unregister();
    }
}
