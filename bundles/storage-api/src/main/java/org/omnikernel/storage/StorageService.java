package org.omnikernel.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * STOR as a service: the volumes it exports and the storage routing table (seed §5.7). Mount and
 * format run through the grid and complete asynchronously; bad input (an unknown volume or type, a
 * mount point in use, a volume already mounted) fails the stage with an
 * {@link IllegalArgumentException} naming what was wrong.
 */
public interface StorageService {

    /** @return every volume, whole units and partitions, by name */
    List<Volume> volumes();

    /**
     * @param name a volume's name
     * @return it, if exported
     */
    Optional<Volume> volume(String name);

    /** @return the routing table, by mount point */
    List<Mount> mounts();

    /**
     * @param path a namespace path, such as {@code /fs/docs/a.txt}
     * @return the mount it falls under and the path within it
     */
    Optional<MountRoute> route(String path);

    /**
     * Mounts a volume at a namespace path.
     *
     * @param volume     the volume's name
     * @param mountPoint an absolute path, such as {@code /fs}
     * @param type       a {@link FileSystemType}'s name
     * @param options    how
     * @return the new routing-table entry
     */
    CompletionStage<Mount> mount(String volume, String mountPoint, String type, MountOptions options);

    /**
     * @param mountPoint the mount point
     * @return completes when the file system has written everything back and left the table
     */
    CompletionStage<Void> unmount(String mountPoint);

    /**
     * What STOR could not make sense of: a unit's corrupt partition table (the unit is still exported
     * whole), a GPT read from its backup header, a declared mount that failed. Newest last.
     *
     * @return sentences naming the unit, volume or mount point
     * @since 0.2.0
     */
    default List<String> problems() {
        return List.of();
    }

    /**
     * Formats a volume that is not mounted.
     *
     * @param volume  the volume's name
     * @param type    a {@link FileSystemType}'s name
     * @param options type-specific options
     * @return completes when done
     */
    CompletionStage<Void> format(String volume, String type, Map<String, String> options);
}
