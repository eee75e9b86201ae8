package org.omnikernel.resource.filecache.internal;

import java.util.Map;

import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.FileHandle;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.OpenRequest;
import org.omnikernel.syscall.spi.PathProvider;
import org.omnikernel.syscall.spi.ThreadService;

/**
 * The namespace provider of one mount point: {@code aopen("/fs/a.txt?create?truncate")} runs here on
 * the calling kernel thread, which sends OPEN to FCR through the {@link FileGate} and blocks until the
 * answer. Parameters are the flags of {@link AopenFlags} by name, without values, plus
 * {@code mode=OCTAL} for the permissions of a file or directory created (default 644, 755).
 */
public final class MountPathProvider implements PathProvider {

    /** Flag names on an aopen path, as {@link AopenFlags} documents them. */
    static final Map<String, Long> FLAGS = Map.of("nocache", AopenFlags.FILE_NOCACHE, "create", AopenFlags.FILE_CREATE,
            "directory", AopenFlags.FILE_CREATE_DIRECTORY, "truncate", AopenFlags.FILE_TRUNCATE, "exclusive",
            AopenFlags.FILE_NEXIST, "sync", AopenFlags.FILE_CLOSE_SYNC, "evict", AopenFlags.FILE_CLOSE_EVICT, "unlink",
            AopenFlags.FILE_CLOSE_UNLINK);
    private static final String MODE = "mode";

    private final FileGate gate;
    private final ThreadService threads;

    /**
     * @param gate    the way to FCR and back
     * @param threads to find the calling kernel thread
     */
    public MountPathProvider(FileGate gate, ThreadService threads) {
        this.gate = gate;
        this.threads = threads;
    }

    @Override
    public Result<KernelObject> open(OpenRequest request) {
        KThread self = threads.current().orElse(null);
        if (self == null) {
            return Result.error(Err.NOT_A_KERNEL_THREAD, "aopen of " + request.path() + " must run on a kernel thread");
        }
        long flags = 0;
        int mode = -1;
        for (Map.Entry<String, String> p : request.parameters().entrySet()) {
            Long flag = FLAGS.get(p.getKey());
            if (flag != null && p.getValue().isEmpty()) {
                flags |= flag;
            } else if (p.getKey().equals(MODE)) {
                try {
                    mode = Integer.parseInt(p.getValue(), 8);
                } catch (NumberFormatException e) {
                    mode = -2;
                }
                if (mode < 0 || mode > 07777) {
                    return Result.error(Err.BAD_PARAMETER, "mode=" + p.getValue() + " of " + request.path()
                            + " is not octal permissions such as 644");
                }
            } else {
                return Result.error(Err.BAD_PARAMETER, "unknown parameter \"" + p.getKey()
                        + (p.getValue().isEmpty() ? "" : "=" + p.getValue()) + "\" of " + request.path() + "; known: "
                        + new java.util.TreeSet<>(FLAGS.keySet()) + " and mode=OCTAL");
            }
        }
        if (mode < 0) {
            mode = (flags & AopenFlags.FILE_CREATE_DIRECTORY) != 0 ? 0755 : 0644;
        }
        IoReply r = gate.call(self, request.payer(), FileCacheProtocol.OPEN, request.path(), flags, mode);
        if (!r.isOk()) {
            return Result.error(r.error(), r.message());
        }
        return Result.ok(new OpenFile(r.value(FileHandle.class), flags, request.payer(), gate, threads));
    }
}
