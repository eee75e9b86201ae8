package org.omnikernel.resource.stor.internal;

import org.omnikernel.storage.MountOptions;

/**
 * A mount the configuration asks for (factory PID {@value #FACTORY_PID}); STOR mounts it once the
 * volume and the file-system type are there.
 *
 * @param id         the configuration's PID, to withdraw it by
 * @param volume     the volume's name
 * @param mountPoint where
 * @param type       the file-system type
 * @param options    read-only, force
 * @param formatIfBlank format the volume first when it holds nothing (its first 4 KiB are zero): a
 *                      disk image made on first start
 */
record MountDeclaration(String id, String volume, String mountPoint, String type, MountOptions options,
        boolean formatIfBlank) {

    /** The factory PID of mount configurations. */
    static final String FACTORY_PID = "org.omnikernel.resource.stor.mount";

    @Override
    public String toString() {
        return "declared mount of " + volume + " at " + mountPoint + " (" + type + (options.readOnly() ? ", read-only" : "")
                + (options.force() ? ", forced" : "") + (formatIfBlank ? ", formatted if blank" : "") + ")";
    }
}
