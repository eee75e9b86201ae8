package org.omnikernel.hal.internal;

import org.omnikernel.hal.Machine;
import org.omnikernel.hal.Processors;
import org.omnikernel.hal.device.Device;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Builds the {@link Machine} from the framework properties {@value Processors#CORES_PROPERTY} and
 * {@value Machine#MEMORY_PROPERTY}, registers it, and adopts every {@link Device} service a driver
 * bundle registers (whiteboard) into the machine's device registry.
 */
@Component(immediate = true)
public final class MachineComponent {

    private Machine machine;
    private ServiceRegistration<Machine> registration;
    private ServiceTracker<Device, Device> drivers;

    @Activate
    void activate(BundleContext context) {
        machine = Machine.create(Processors.coreCount(context.getProperty(Processors.CORES_PROPERTY)),
                Machine.memoryBytes(context.getProperty(Machine.MEMORY_PROPERTY)));
        registration = context.registerService(Machine.class, machine, null);
        drivers = new ServiceTracker<>(context, Device.class, new ServiceTrackerCustomizer<>() {
            @Override
            public Device addingService(ServiceReference<Device> ref) {
                Device d = context.getService(ref);
                if (d != null) {
                    machine.devices().add(d, ref.getBundle().getSymbolicName());
                }
                return d;
            }

            @Override
            public void modifiedService(ServiceReference<Device> ref, Device d) {
                // a device's service properties carry nothing the registry uses
            }

            @Override
            public void removedService(ServiceReference<Device> ref, Device d) {
                machine.devices().remove(d);
                context.ungetService(ref);
            }
        });
        drivers.open();
    }

    @Deactivate
    void deactivate() {
        drivers.close();
        registration.unregister();
    }
}
