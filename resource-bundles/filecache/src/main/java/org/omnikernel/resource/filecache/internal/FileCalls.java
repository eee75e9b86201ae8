package org.omnikernel.resource.filecache.internal;

import java.util.List;
import java.util.function.Function;

import org.omnikernel.okrt.Activity;
import org.omnikernel.storage.DirEntry;
import org.omnikernel.storage.ChangeCookie;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.FileType;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.DirectoryEntry;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.FileStatus;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.FileService;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.ThreadService;

/**
 * The file system calls ({@code stat}, {@code list}, {@code mkdir}, …) as FCR requests: each runs on
 * the calling kernel thread, goes through the {@link FileGate} and blocks the thread until FCR answers.
 * FCR's attributes become the system-call layer's {@link FileStatus}, as an inode becomes a
 * {@code struct stat}.
 */
final class FileCalls implements FileService {

    private final FileGate gate;
    private final ThreadService threads;

    FileCalls(FileGate gate, ThreadService threads) {
        this.gate = gate;
        this.threads = threads;
    }

    @Override
    public Result<FileStatus> stat(Activity payer, String path) {
        return call(payer, FileCacheProtocol.STAT, r -> status(r.value(FileAttributes.class)), path);
    }

    @Override
    public Result<List<DirectoryEntry>> list(Activity payer, String path) {
        return call(payer, FileCacheProtocol.READDIR, r -> entries(r.value(List.class)), path);
    }

    @Override
    public Result<FileStatus> mkdir(Activity payer, String path, int permissions) {
        if (permissions < 0 || permissions > 07777) {
            return Result.error(Err.BAD_PARAMETER, "mkdir " + path + ": permissions " + Integer.toOctalString(permissions)
                    + " are not within 0 and 7777 (octal)");
        }
        return call(payer, FileCacheProtocol.MKDIR, r -> status(r.value(FileAttributes.class)), path, permissions);
    }

    @Override
    public Result<Void> unlink(Activity payer, String path) {
        return call(payer, FileCacheProtocol.UNLINK, r -> null, path);
    }

    @Override
    public Result<Void> rmdir(Activity payer, String path) {
        return call(payer, FileCacheProtocol.RMDIR, r -> null, path);
    }

    @Override
    public Result<Void> rename(Activity payer, String from, String to) {
        return call(payer, FileCacheProtocol.RENAME, r -> null, from, to);
    }

    @Override
    public Result<FileStatus> fstat(Activity payer, KernelObject file) {
        if (!(file instanceof OpenFile f)) {
            return wrongKind(file);
        }
        return call(payer, FileCacheProtocol.FSTAT, r -> status(r.value(FileAttributes.class)), f.handle());
    }

    @Override
    public Result<Long> changeCookie(KernelObject file) {
        if (!(file instanceof OpenFile f)) {
            return wrongKind(file);
        }
        ChangeCookie c = f.opened().changes();
        return c == null ? Result.error(Err.WRONG_KIND, f.opened().path() + " is a directory, which has no change cookie")
                : Result.ok(c.value());
    }

    @Override
    public Result<Void> fsync(Activity payer, KernelObject file) {
        if (!(file instanceof OpenFile f)) {
            return wrongKind(file);
        }
        return call(payer, FileCacheProtocol.FSYNC, r -> null, f.handle());
    }

    @Override
    public Result<FileStatus> truncate(Activity payer, KernelObject file, long size) {
        if (!(file instanceof OpenFile f)) {
            return wrongKind(file);
        }
        if (size < 0) {
            return Result.error(Err.BAD_PARAMETER, "truncate of " + f.opened().path() + " to " + size + " bytes: a size is at least 0");
        }
        return call(payer, FileCacheProtocol.TRUNCATE, r -> status(r.value(FileAttributes.class)), f.handle(), size);
    }

    private <T> Result<T> call(Activity payer, String type, Function<IoReply, T> value, Object... args) {
        KThread self = threads.current().orElse(null);
        if (self == null) {
            return Result.error(Err.NOT_A_KERNEL_THREAD, type + " must be called from a kernel thread");
        }
        IoReply r = gate.call(self, payer, type, args);
        return r.isOk() ? Result.ok(value.apply(r)) : Result.error(r.error(), r.message());
    }

    private static <T> Result<T> wrongKind(KernelObject o) {
        return Result.error(Err.WRONG_KIND, "a " + o.kind() + " is not an open file");
    }

    static FileStatus status(FileAttributes a) {
        return new FileStatus(a.inode(), kind(a.type()), a.permissions(), a.size(), a.links(), a.uid(), a.gid(), a.atime(),
                a.mtime(), a.ctime());
    }

    private static List<DirectoryEntry> entries(List<?> listed) {
        return listed.stream().map(DirEntry.class::cast).map(e -> new DirectoryEntry(e.name(), e.inode(), kind(e.type())))
                .toList();
    }

    private static FileStatus.Kind kind(FileType t) {
        return switch (t) {
            case FILE -> FileStatus.Kind.FILE;
            case DIRECTORY -> FileStatus.Kind.DIRECTORY;
            case SYMLINK -> FileStatus.Kind.SYMLINK;
            case OTHER -> FileStatus.Kind.OTHER;
        };
    }
}
