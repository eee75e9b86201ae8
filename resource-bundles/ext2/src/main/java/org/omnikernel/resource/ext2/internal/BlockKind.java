package org.omnikernel.resource.ext2.internal;

/**
 * What a block holds. Blocks private to one file (its data, its block map, a directory's entries) are
 * written for the activity that changed the file; blocks shared by many files (inode tables, bitmaps,
 * group descriptors, superblocks) for the infrastructure activity, as the seed's EXT2R does (§5.7).
 */
public enum BlockKind {
    /** A regular file's or slow symlink's data. */
    FILE_DATA(false),
    /** An indirect, double or triple indirect block of one file. */
    BLOCK_MAP(false),
    /** A directory's entries. */
    DIRECTORY(false),
    /** Part of a group's inode table. */
    INODE_TABLE(true),
    /** A group's inode bitmap. */
    INODE_BITMAP(true),
    /** A group's block bitmap. */
    BLOCK_BITMAP(true),
    /** Part of the group descriptor table. */
    GROUP_DESCRIPTORS(true),
    /** A block holding the superblock or one of its backups. */
    SUPERBLOCK(true),
    /** An extended-attribute block (possibly shared by several inodes). */
    XATTR(true);

    private final boolean shared;

    BlockKind(boolean shared) {
        this.shared = shared;
    }

    /** @return whether the block holds state of many files, so it is charged to the infrastructure activity */
    public boolean shared() {
        return shared;
    }
}
