package org.omnikernel.storage;

import java.util.concurrent.CompletionStage;

/** A file system a {@link FileSystemType} has mounted: a resource in the grid answering {@link FileProtocol}. */
public interface MountedFileSystem {

    /** @return the resource's name, such as {@code ext2r.disk0} */
    String resource();

    /** @return whether it is mounted read-only (asked for, or forced by what the mount check found) */
    boolean readOnly();

    /** @return why it was mounted read-only when read-write was asked for, else empty */
    String readOnlyReason();

    /**
     * Writes back everything, marks the file system clean, flushes the volume and detaches the resource.
     *
     * @return completes when done; fails with a message naming what could not be written
     */
    CompletionStage<Void> unmount();
}
