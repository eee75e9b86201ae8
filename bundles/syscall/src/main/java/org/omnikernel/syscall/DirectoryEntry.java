package org.omnikernel.syscall;

/**
 * One entry of {@link Sys#list}.
 *
 * @param name  its name, never {@code .} or {@code ..}
 * @param inode the inode it names
 * @param kind  what it is
 */
public record DirectoryEntry(String name, long inode, FileStatus.Kind kind) {
}
