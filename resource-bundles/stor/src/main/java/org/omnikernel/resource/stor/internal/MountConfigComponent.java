package org.omnikernel.resource.stor.internal;

import org.omnikernel.storage.MountOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * One mount the distribution declares through Config Admin, factory PID
 * {@value MountDeclaration#FACTORY_PID}:
 *
 * <pre>
 *  volume=disk0.p1  mount.point=/fs  type=ext2  read.only=false  force=false  format.if.blank=false
 * </pre>
 *
 * STOR mounts it when the volume and the type appear; a failure is logged and shown in
 * {@code StorageService.problems()}. Deleting the configuration unmounts it.
 */
@Component(configurationPid = MountDeclaration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
public final class MountConfigComponent {

    /** A mount's configuration; property names are the method names with {@code _} for {@code .}. */
    public @interface Config {
        /** @return the volume, such as {@code disk0.p1} */
        String volume();

        /** @return where, such as {@code /fs} */
        String mount_point();

        /** @return the file-system type, such as {@code ext2} */
        String type();

        /** @return mount read-only */
        boolean read_only() default false;

        /** @return mount read-write even if the file system was not cleanly unmounted */
        boolean force() default false;

        /** @return format the volume with the type first when its first 4 KiB are all zero (a new image) */
        boolean format_if_blank() default false;

        /** @return the configuration's PID, set by Config Admin */
        String service_pid() default "";
    }

    private final MountDeclarations declarations;
    private final String id;

    /**
     * @param config       the mount
     * @param declarations STOR
     * @throws IllegalArgumentException when volume, mount.point or type is missing
     */
    @Activate
    public MountConfigComponent(Config config, @Reference MountDeclarations declarations) {
        if (blank(config.volume()) || blank(config.mount_point()) || blank(config.type())) {
            throw new IllegalArgumentException(MountDeclaration.FACTORY_PID + " " + config.service_pid()
                    + ": volume, mount.point and type are required");
        }
        this.declarations = declarations;
        this.id = config.service_pid().isEmpty() ? config.mount_point() : config.service_pid();
        declarations.declare(new MountDeclaration(id, config.volume(), config.mount_point(), config.type(),
                new MountOptions(config.read_only(), config.force()), config.format_if_blank()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Deactivate
    void deactivate() {
        declarations.withdraw(id);
    }
}
