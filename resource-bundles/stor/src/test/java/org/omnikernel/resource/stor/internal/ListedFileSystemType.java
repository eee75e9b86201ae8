package org.omnikernel.resource.stor.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.omnikernel.storage.FileSystemType;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;
import org.omnikernel.storage.Volume;

/**
 * A file-system type for STOR's tests (the ext2 one lives in its own bundle): it mounts only the
 * volumes it is told hold its file system, refusing others by name, mounts read-only the ones said
 * to be unclean unless forced, and keeps what it did.
 */
final class ListedFileSystemType implements FileSystemType {

    private final Set<String> formatted;
    private final Set<String> unclean;
    final List<String> calls = new CopyOnWriteArrayList<>();

    ListedFileSystemType(Set<String> formatted, Set<String> unclean) {
        this.formatted = formatted;
        this.unclean = unclean;
    }

    @Override
    public CompletionStage<MountedFileSystem> mount(Volume volume, MountOptions options) {
        calls.add("mount " + volume.name());
        if (!formatted.contains(volume.name())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("volume " + volume.name() + " holds no listed file system"));
        }
        boolean readOnly = options.readOnly() || unclean.contains(volume.name()) && !options.force();
        String reason = !options.readOnly() && readOnly ? "not cleanly unmounted" : "";
        return CompletableFuture.completedFuture(new MountedFileSystem() {
            @Override
            public String resource() {
                return "listedfs." + volume.name().replace('.', '_');
            }

            @Override
            public boolean readOnly() {
                return readOnly;
            }

            @Override
            public String readOnlyReason() {
                return reason;
            }

            @Override
            public CompletionStage<Void> unmount() {
                calls.add("unmount " + volume.name());
                return CompletableFuture.completedFuture(null);
            }
        });
    }

    @Override
    public CompletionStage<Void> format(Volume volume, Map<String, String> options) {
        calls.add("format " + volume.name() + " " + options);
        return CompletableFuture.completedFuture(null);
    }
}
