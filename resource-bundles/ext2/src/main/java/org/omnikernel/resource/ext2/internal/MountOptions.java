package org.omnikernel.resource.ext2.internal;

import java.util.function.LongSupplier;

/**
 * How to mount.
 *
 * @param readOnly never write, not even the mount state
 * @param force mount read-write although the file system is not clean (s_state) — as {@code mount}
 *     of an unchecked ext2 file system would after a warning
 * @param checkDirectories walk the whole directory tree at mount, looking for loops and bad entries
 *     (reads every directory block; off for large volumes where that costs too much)
 * @param clock seconds since the epoch, for inode and superblock times
 */
public record MountOptions(boolean readOnly, boolean force, boolean checkDirectories, LongSupplier clock) {
    private static final LongSupplier SYSTEM_CLOCK = () -> System.currentTimeMillis() / 1000;

    /** @return read-write, not forced, directories checked, the system clock */
    public static MountOptions readWrite() {
        return new MountOptions(false, false, true, SYSTEM_CLOCK);
    }

    /** @return read-only, directories checked, the system clock */
    public static MountOptions readOnlyMount() {
        return new MountOptions(true, false, true, SYSTEM_CLOCK);
    }

    /** @return these options, forced read-write over an unclean state */
    public MountOptions forced() {
        return new MountOptions(readOnly, true, checkDirectories, clock);
    }
}
