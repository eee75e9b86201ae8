package org.omnikernel.resource.ext2.internal;

import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileType;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.Err;

/** Turns the core's results and errors into {@link org.omnikernel.storage.FileProtocol} answers. */
final class Replies {
    private Replies() {
    }

    /** @return the system-call error code for a file-system error */
    static Err code(Ext2Error error) {
        return switch (error) {
            case NOT_FOUND -> Err.NOT_FOUND;
            case EXISTS -> Err.EXISTS;
            case NOT_DIRECTORY -> Err.NOT_A_DIRECTORY;
            case IS_DIRECTORY -> Err.IS_A_DIRECTORY;
            case NOT_EMPTY -> Err.NOT_EMPTY;
            case NAME_TOO_LONG -> Err.NAME_TOO_LONG;
            case READ_ONLY -> Err.READ_ONLY;
            // No room: for blocks, inodes, the file's own size limit, another link.
            case NO_SPACE, NO_INODES, FILE_TOO_LARGE, TOO_MANY_LINKS -> Err.NO_SPACE;
            case INVALID_PATH, INVALID_ARGUMENT, SYMLINK_LOOP -> Err.BAD_PARAMETER;
            case BAD_MAGIC, UNSUPPORTED_FEATURE, CORRUPT -> Err.IO_ERROR;
        };
    }

    /** @return the failure answer for a file-system error, its message kept */
    static IoReply failure(Ext2Exception e) {
        return IoReply.fail(code(e.error()), e.getMessage());
    }

    /** @return what stat tells, in the storage contract's terms */
    static FileAttributes attributes(FileStat st, int blockSize) {
        return new FileAttributes(st.inode(), type(st.mode()), st.permissions(), st.size(), st.links(), st.uid(),
                st.gid(), st.atime(), st.mtime(), st.ctime(), st.sectors() * 512 / blockSize);
    }

    static FileType type(int mode) {
        return switch (mode & Inode.S_IFMT) {
            case Inode.S_IFREG -> FileType.FILE;
            case Inode.S_IFDIR -> FileType.DIRECTORY;
            case Inode.S_IFLNK -> FileType.SYMLINK;
            default -> FileType.OTHER;
        };
    }

    /** @return the type a directory entry's file-type byte gives, or null when the entry does not say */
    static FileType entryType(int fileType) {
        return switch (fileType) {
            case 1 -> FileType.FILE;
            case 2 -> FileType.DIRECTORY;
            case 7 -> FileType.SYMLINK;
            case 0 -> null;
            default -> FileType.OTHER;
        };
    }
}
