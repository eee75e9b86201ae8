package org.omnikernel.resource.ext2.internal;

/**
 * One directory entry as readdir returns it.
 *
 * @param name the name (UTF-8 decoded)
 * @param inode the inode it names
 * @param fileType the entry's file type byte (DirectoryBlock.FT_*), 0 without the filetype feature
 */
public record DirEntry(String name, long inode, int fileType) {
}
