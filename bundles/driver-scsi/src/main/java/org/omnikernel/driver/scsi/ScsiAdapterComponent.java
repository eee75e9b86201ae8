package org.omnikernel.driver.scsi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.omnikernel.hal.device.Device;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * One SCSI host adapter per Config Admin factory configuration of PID {@value #PID}, registered as a
 * {@link Device} for the HAL to adopt. A bad configuration fails the component with a message naming
 * the property and registers nothing.
 */
@Component(configurationPid = ScsiAdapterComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
public final class ScsiAdapterComponent {

    /** The factory PID of adapter configurations. */
    public static final String PID = "org.omnikernel.driver.scsi";

    /** An adapter's configuration; property names are the method names. */
    public @interface Config {
        /** @return the adapter's device name, e.g. {@code scsi0} */
        String name();

        /** @return one image file per LUN, LUN 0 first */
        String[] luns();

        /** @return logical block size in bytes */
        int block_size() default 512;

        /** @return commands in flight at most */
        int queue_depth() default 32;

        /** @return refuse writes (the units are opened read-only) */
        boolean read_only() default false;
    }

    private final ServiceRegistration<Device> registration;

    /**
     * @param config  the configuration
     * @param context this bundle's context
     * @throws IllegalArgumentException naming a bad property
     */
    @Activate
    public ScsiAdapterComponent(Config config, BundleContext context) {
        this.registration = context.registerService(Device.class, fromConfig(config), null);
    }

    static ScsiAdapter fromConfig(Config c) {
        if (c.name() == null || c.luns() == null || c.luns().length == 0) {
            throw new IllegalArgumentException(PID + ": properties name and luns (image files, LUN 0 first) are required");
        }
        List<Path> images = new ArrayList<>();
        for (String lun : c.luns()) {
            Path p = Path.of(lun);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(PID + " " + c.name() + ": LUN " + images.size() + " image " + p
                        + " is not a file");
            }
            images.add(p);
        }
        return new ScsiAdapter(c.name(), images, c.block_size(), c.queue_depth(), c.read_only());
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
