package org.omnikernel.syscall.spi;

import java.util.List;

import org.omnikernel.okrt.Activity;
import org.omnikernel.syscall.DirectoryEntry;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.FileStatus;
import org.omnikernel.syscall.Result;

/**
 * The file system calls beyond aopen and flows ({@link org.omnikernel.syscall.Sys#stat} and its
 * siblings), offered as a service by the provider of files (FCR's bundle). Every method runs on the
 * calling kernel thread, inside its system call, and blocks it until the answer; the I/O it causes is
 * paid by {@code payer}, the process's I/O aggregate.
 */
public interface FileService {

    /**
     * @param payer who pays
     * @param path  a namespace path such as {@code /fs/a.txt}; a final symbolic link is not followed
     * @return its status; NOT_FOUND, NOT_A_DIRECTORY, NO_SUCH_PATH (under no mount), BAD_PARAMETER
     */
    Result<FileStatus> stat(Activity payer, String path);

    /**
     * @param payer who pays
     * @param path  a directory's path
     * @return its entries, without {@code .} and {@code ..}
     */
    Result<List<DirectoryEntry>> list(Activity payer, String path);

    /**
     * @param payer       who pays
     * @param path        the new directory's path
     * @param permissions its permission bits
     * @return its status; EXISTS, NOT_FOUND (its parent), NO_SPACE, READ_ONLY, NAME_TOO_LONG
     */
    Result<FileStatus> mkdir(Activity payer, String path, int permissions);

    /**
     * @param payer who pays
     * @param path  a file's or link's path
     * @return ok; IS_A_DIRECTORY, NOT_FOUND, READ_ONLY
     */
    Result<Void> unlink(Activity payer, String path);

    /**
     * @param payer who pays
     * @param path  an empty directory's path
     * @return ok; NOT_EMPTY, NOT_A_DIRECTORY, NOT_FOUND, READ_ONLY
     */
    Result<Void> rmdir(Activity payer, String path);

    /**
     * @param payer who pays
     * @param from  the old path
     * @param to    the new path, under the same mount point
     * @return ok; NOT_FOUND, EXISTS or NOT_EMPTY (a target in the way), BAD_PARAMETER (across mounts)
     */
    Result<Void> rename(Activity payer, String from, String to);

    /**
     * @param payer who pays
     * @param file  an open file, as its aopen returned it
     * @return its status; WRONG_KIND for an object that is not an open file
     */
    Result<FileStatus> fstat(Activity payer, KernelObject file);

    /**
     * @param file an open file, as its aopen returned it
     * @return its change cookie ({@code Sys.changeCookie}), read without a message; WRONG_KIND for an
     *         object that is not an open file
     * @since 0.3.0
     */
    default Result<Long> changeCookie(KernelObject file) {
        return Result.error(Err.KERNEL, "this file service keeps no change cookies");
    }

    /**
     * @param payer who pays
     * @param file  an open file
     * @return ok once its data and metadata are on disk
     */
    Result<Void> fsync(Activity payer, KernelObject file);

    /**
     * @param payer who pays
     * @param file  an open file
     * @param size  its new size, at least 0
     * @return its status after
     */
    Result<FileStatus> truncate(Activity payer, KernelObject file, long size);
}
