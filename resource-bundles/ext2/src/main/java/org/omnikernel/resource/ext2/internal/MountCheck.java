package org.omnikernel.resource.ext2.internal;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * The checks made at mount that decide whether the file system may be written. Structural damage
 * that makes reading impossible (bad magic, unknown incompatible features, group tables outside their
 * groups, a root that is not a directory) fails the mount; damage that writing could make worse
 * (wrong free counts, directory loops, bad directory entries, an unclean state) gives a read-only
 * mount with the reason. Every walk is bounded by the file system's own counts.
 */
final class MountCheck {
    static final long ROOT = 2;

    private final Geometry geometry;
    private final GroupDescriptors groups;
    private final Superblock superblock;
    private final InodeTable inodes;
    private final Directory directories;

    MountCheck(Geometry geometry, GroupDescriptors groups, Superblock superblock, InodeTable inodes,
            Directory directories) {
        this.geometry = geometry;
        this.groups = groups;
        this.superblock = superblock;
        this.inodes = inodes;
        this.directories = directories;
    }

    /** @throws Ext2Exception CORRUPT when the root inode is not a directory */
    void requireRoot(Ext2Transaction tx) {
        Inode root = inodes.read(tx, ROOT);
        if (!root.isDirectory() || root.links < 2) {
            throw new Ext2Exception(Ext2Error.CORRUPT, String.format(
                    "root inode 2 is not a directory (mode 0%o, %d links)", root.mode, root.links));
        }
    }

    /** @return why the file system must not be written, or null when it may be */
    String reasonNotToWrite(Ext2Transaction tx, MountOptions options) {
        if (options.readOnly()) {
            return "mounted read-only";
        }
        if (geometry.revision() == 0) {
            return "revision 0 file system (only revision 1 is written)";
        }
        List<String> unwritable = Superblock.unwritableFeatures(geometry);
        if (!unwritable.isEmpty()) {
            return "read-only compatible features " + unwritable + " are not supported for writing";
        }
        if ((geometry.compat() & Features.COMPAT_HAS_JOURNAL) != 0) {
            return "the file system has a journal (ext3); it is not written as ext2";
        }
        int state = superblock.state(tx);
        if (!options.force() && ((state & Superblock.STATE_VALID) == 0 || (state & Superblock.STATE_ERROR) != 0)) {
            return String.format("the file system is not clean (s_state 0x%x%s): run e2fsck, or mount with force",
                    state, (state & Superblock.STATE_ERROR) != 0 ? ", errors" : ", in use or not unmounted");
        }
        // Both passes go on past missing blocks and ask for all of them at once at the end.
        MissingBlocks missing = new MissingBlocks();
        String counts = checkCounts(tx, missing);
        if (counts != null) {
            return counts + "; run e2fsck";
        }
        String tree = options.checkDirectories() ? checkDirectoryTree(tx, missing) : null;
        if (tree != null) {
            return tree + "; run e2fsck";
        }
        missing.throwIfAny();
        return null;
    }

    /** @return the first free count that disagrees with the bitmaps, or null */
    private String checkCounts(Ext2Transaction tx, MissingBlocks missing) {
        long freeBlocks = 0;
        long freeInodes = 0;
        for (int group = 0; group < geometry.groupCount(); group++) {
            int blocks;
            int inodeCount;
            try {
                blocks = Allocator.countFree(tx.read(groups.blockBitmap(group)), geometry.groupBlocks(group));
                inodeCount = Allocator.countFree(tx.read(groups.inodeBitmap(group)), geometry.inodesPerGroup());
            } catch (BlockNotResident miss) {
                missing.add(miss);
                continue;
            }
            if (blocks != groups.freeBlocks(tx, group)) {
                return "group " + group + " free blocks count " + groups.freeBlocks(tx, group)
                        + " differs from its bitmap's " + blocks;
            }
            if (inodeCount != groups.freeInodes(tx, group)) {
                return "group " + group + " free inodes count " + groups.freeInodes(tx, group)
                        + " differs from its bitmap's " + inodeCount;
            }
            freeBlocks += blocks;
            freeInodes += inodeCount;
        }
        if (!missing.isEmpty()) {
            return null; // the totals wait for every bitmap
        }
        if (freeBlocks != superblock.freeBlocks(tx)) {
            return "superblock free blocks count " + superblock.freeBlocks(tx) + " differs from the groups' "
                    + freeBlocks;
        }
        if (freeInodes != superblock.freeInodes(tx)) {
            return "superblock free inodes count " + superblock.freeInodes(tx) + " differs from the groups' "
                    + freeInodes;
        }
        return null;
    }

    /**
     * Walks the tree from the root, each directory once: a directory reached twice (a loop, or a hard
     * link to a directory), a ".." that does not name the parent, or an unreadable entry is reported.
     */
    private String checkDirectoryTree(Ext2Transaction tx, MissingBlocks missing) {
        BitSet seen = new BitSet();
        Deque<Long> pending = new ArrayDeque<>();
        pending.add(ROOT);
        seen.set((int) ROOT);
        try {
            while (!pending.isEmpty()) {
                long ino = pending.poll();
                try {
                    String problem = checkDirectory(tx, ino, seen, pending, missing);
                    if (problem != null) {
                        return problem;
                    }
                } catch (BlockNotResident miss) {
                    missing.add(miss); // its subtree waits for the next attempt
                }
            }
        } catch (Ext2Exception e) {
            return e.getMessage();
        }
        return null;
    }

    /** Checks one directory's subdirectories and queues them; @return the problem found, or null */
    private String checkDirectory(Ext2Transaction tx, long ino, BitSet seen, Deque<Long> pending,
            MissingBlocks missing) {
        Inode dir = inodes.read(tx, ino);
        for (DirEntry e : directories.list(tx, dir)) {
            if (e.name().equals(".") || e.name().equals("..")) {
                continue;
            }
            try {
                Inode child = inodes.read(tx, e.inode());
                if (!child.isDirectory()) {
                    continue;
                }
                if (seen.get((int) e.inode())) {
                    return "directory inode " + e.inode() + " is reached again as '" + e.name()
                            + "' in directory inode " + ino + " (a directory loop or hard link)";
                }
                long parent = directories.parent(tx, child);
                if (parent != ino) {
                    return "'..' of directory inode " + e.inode() + " names inode " + parent
                            + ", not its parent " + ino;
                }
                seen.set((int) e.inode());
                pending.add(e.inode());
            } catch (BlockNotResident miss) {
                missing.add(miss);
            }
        }
        return null;
    }
}
