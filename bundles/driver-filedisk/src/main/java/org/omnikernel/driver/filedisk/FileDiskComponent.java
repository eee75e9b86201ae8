package org.omnikernel.driver.filedisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.omnikernel.hal.device.Device;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * One file-backed disk per Config Admin factory configuration of PID {@value #PID}, registered as a
 * {@link Device} for the HAL to adopt. A bad configuration fails the component with a message that
 * names the property (Felix SCR logs it) and registers nothing.
 */
@Component(configurationPid = FileDiskComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
public final class FileDiskComponent {

    /** The factory PID of disk configurations. */
    public static final String PID = "org.omnikernel.driver.filedisk";

    /** A disk's configuration; property names are the method names. */
    public @interface Config {
        /** @return the device's name, e.g. {@code disk0} */
        String name();

        /** @return the image file */
        String image();

        /** @return when the image does not exist, create it (sparse) with this many bytes; 0: do not create */
        long create_bytes() default 0;

        /** @return bytes per block */
        int block_size() default 512;

        /** @return requests in flight at most */
        int queue_depth() default 32;

        /**
         * @return pass-through: requests the image file serves at once, 1 to the queue depth. One keeps a
         *         sequential reader's requests in order, so the host's read-ahead works for them; four at
         *         once made the storage benchmark's cold read 30-50 % slower on 2-core machines (the host's
         *         read-ahead of one file is confused by reads racing each other, and its work grows)
         */
        int concurrency() default 1;

        /** @return refuse writes */
        boolean read_only() default false;

        /** @return {@code pass-through} or {@code rotational} */
        String model() default "pass-through";

        /** @return rotational: spindle speed */
        int rpm() default 10000;

        /** @return rotational: shortest seek, µs */
        long track_to_track_us() default 300;

        /** @return rotational: longest seek, µs */
        long full_stroke_us() default 8000;

        /** @return rotational: media rate, MB/s */
        long media_mb_per_s() default 120;

        /** @return rotational: bytes per track */
        long track_bytes() default 512 * 1024;
    }

    private final ServiceRegistration<Device> registration;

    /**
     * Registers the configured disk as a {@link Device} service.
     *
     * @param config  the configuration
     * @param context this bundle's context
     * @throws IOException              when the image cannot be created
     * @throws IllegalArgumentException naming a bad property
     */
    @Activate
    public FileDiskComponent(Config config, BundleContext context) throws IOException {
        this.registration = context.registerService(Device.class, fromConfig(config), null);
    }

    /**
     * Builds the disk a configuration describes without registering it, for kernels that tests and
     * tools stand up themselves (the storage resources' tests use real file disks this way).
     *
     * @param config the configuration
     * @return the device, not yet started
     * @throws IOException              when the image cannot be created
     * @throws IllegalArgumentException naming a bad property
     */
    public static org.omnikernel.hal.device.BlockDevice device(Config config) throws IOException {
        return fromConfig(config);
    }

    static FileDisk fromConfig(Config c) throws IOException {
        if (c.name() == null || c.image() == null || c.image().isBlank()) {
            throw new IllegalArgumentException(PID + ": properties name and image are required");
        }
        Path image = Path.of(c.image());
        if (!Files.exists(image)) {
            if (c.create_bytes() <= 0) {
                throw new IllegalArgumentException(PID + " " + c.name() + ": image " + image
                        + " does not exist (set create.bytes to create it)");
            }
            Files.createDirectories(image.toAbsolutePath().getParent());
            try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(c.create_bytes());
            }
        }
        DiskModel model = switch (c.model()) {
            case "pass-through" -> DiskModel.PASS_THROUGH;
            case "rotational" -> new RotationalDisk(c.rpm(), c.track_to_track_us(), c.full_stroke_us(), c.media_mb_per_s(),
                    c.track_bytes(), Files.size(image));
            default -> throw new IllegalArgumentException(PID + " " + c.name() + ": model \"" + c.model()
                    + "\" is unknown; valid: pass-through, rotational");
        };
        return new FileDisk(c.name(), image, c.block_size(), c.queue_depth(), c.concurrency(), c.read_only(), model);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
