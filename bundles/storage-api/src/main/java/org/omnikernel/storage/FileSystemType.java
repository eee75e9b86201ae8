package org.omnikernel.storage;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A file-system implementation, offered as an OSGi service with the property {@value #TYPE} (such as
 * {@code ext2}); STOR calls it to mount and format volumes. Both run through the grid: the volume is
 * read and written with {@link VolumeProtocol} messages, never by touching the device.
 */
public interface FileSystemType {

    /** Service property: the type's name. */
    String TYPE = "fs.type";

    /**
     * Mounts a volume: checks the file system (a corrupt one is refused with what is wrong; one that
     * was not cleanly unmounted is mounted read-only unless forced) and attaches a resource for it.
     *
     * @param volume  the volume
     * @param options how
     * @return the mounted file system; fails with an {@link IllegalArgumentException} naming the problem
     */
    CompletionStage<MountedFileSystem> mount(Volume volume, MountOptions options);

    /**
     * Makes an empty file system on a volume (mkfs).
     *
     * @param volume  the volume; must not be mounted
     * @param options type-specific options, such as {@code block.size=4096}, {@code label=data};
     *                unknown ones are refused by name
     * @return completes when the file system is on the volume and flushed
     */
    CompletionStage<Void> format(Volume volume, Map<String, String> options);
}
