package org.omnikernel.storage;

/**
 * How to mount.
 *
 * @param readOnly mount read-only
 * @param force    mount read-write even when the file system says it was not cleanly unmounted or has
 *                 errors (what e2fsck would repair first)
 */
public record MountOptions(boolean readOnly, boolean force) {

    /** @return read-write, not forced */
    public static MountOptions readWrite() {
        return new MountOptions(false, false);
    }
}
