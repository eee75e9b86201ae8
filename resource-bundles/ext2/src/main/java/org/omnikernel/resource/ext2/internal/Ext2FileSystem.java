package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A mounted ext2 file system (revision 1, read-write): the operations EXT2R performs.
 *
 * <pre>
 *   EXT2R handler ──► op(...) ──► Ext2Transaction ──read──► BlockView (file cache)
 *        ▲                │  copy-on-write dirty set        │ not resident?
 *        │                ▼                                 ▼
 *        │          commit: install in view,        BlockNotResident(block)
 *        │          WriteBack(ordered writes)       (nothing changed)
 *        └──── fetch the block by message, run op(...) again ◄┘
 * </pre>
 *
 * <p>Each public operation is one transaction: it completes and commits, or throws and changes
 * nothing. {@link BlockNotResident} means "fetch these blocks and call again"; {@link Ext2Exception}
 * carries an {@link Ext2Error} and a message naming what was wrong. A corruption found while writing
 * turns the mount read-only (as Linux's errors=remount-ro) and leaves the file system marked not clean.
 *
 * <p>Paths are absolute; symbolic links are followed in the middle of a path and, where noted, at its
 * end (at most 40 per lookup). Access times are not kept (noatime). Not thread-safe: one handler at a time.
 */
public final class Ext2FileSystem {
    /** Symbolic links followed in one path lookup before {@link Ext2Error#SYMLINK_LOOP}, as Linux. */
    static final int MAX_SYMLINKS = 40;
    private static final long ROOT = MountCheck.ROOT;
    private static final long LARGE_FILE_SIZE = 1L << 31;
    private static final byte[] ZEROS = new byte[65536];

    private final BlockView view;
    private final WriteBack writeBack;
    private final MountOptions options;
    private final Geometry geometry;
    private final Superblock superblock;
    private final GroupDescriptors groups;
    private final Allocator allocator;
    private final InodeTable inodes;
    private final BlockMap map;
    private final Directory directories;
    private String readOnlyReason;
    private boolean markedInUse;
    private boolean mounted = true;
    private long sequence;

    private Ext2FileSystem(BlockView view, WriteBack writeBack, MountOptions options, Geometry geometry,
            GroupDescriptors groups) {
        this.view = view;
        this.writeBack = writeBack;
        this.options = options;
        this.geometry = geometry;
        this.superblock = new Superblock(geometry);
        this.groups = groups;
        this.allocator = new Allocator(geometry, groups, superblock);
        this.inodes = new InodeTable(geometry, groups);
        this.map = new BlockMap(geometry, allocator);
        this.directories = new Directory(geometry, map);
    }

    /**
     * Mounts the file system on a view. Read-write unless asked otherwise or unless a check says the
     * file system must not be written ({@link FsStats#readOnlyReason()} says why); a read-write mount
     * marks the file system not clean until {@link #unmount()}.
     *
     * @param view the volume's blocks
     * @param options how to mount
     * @param writeBack told about every committed transaction
     * @return the mounted file system
     * @throws Ext2Exception BAD_MAGIC, UNSUPPORTED_FEATURE (naming the features), CORRUPT (naming what)
     * @throws BlockNotResident when a block the mount reads is not resident: fetch it and mount again
     */
    public static Ext2FileSystem mount(BlockView view, MountOptions options, WriteBack writeBack) {
        Ext2Transaction tx = new Ext2Transaction(view);
        int bs = view.blockSize();
        Geometry g = Superblock.parse(tx.read(Superblock.OFFSET / bs), Superblock.OFFSET % bs,
                view.blockCount(), bs);
        Ext2FileSystem fs = new Ext2FileSystem(view, writeBack, options, g, GroupDescriptors.read(tx, g));
        MountCheck check = new MountCheck(g, fs.groups, fs.superblock, fs.inodes, fs.directories);
        check.requireRoot(tx);
        fs.readOnlyReason = view.writable() ? check.reasonNotToWrite(tx, options) : "the volume is read-only";
        if (fs.readOnlyReason == null) {
            fs.superblock.markMounted(tx, fs.now());
            fs.markedInUse = true;
            fs.commit(tx);
        }
        return fs;
    }

    /**
     * Marks the file system clean (when this mount marked it in use and found no corruption) and ends
     * the mount; later operations fail with {@link Ext2Error#READ_ONLY}.
     */
    public void unmount() {
        if (!mounted) {
            return;
        }
        if (markedInUse && readOnlyReason == null) {
            Ext2Transaction tx = new Ext2Transaction(view);
            superblock.markClean(tx, now());
            commit(tx);
        }
        mounted = false;
    }

    /** @return sizes, free counts and whether writes are refused */
    public FsStats statfs() {
        return transact(false, tx -> new FsStats(geometry.blockSize(), geometry.blocksCount(),
                superblock.freeBlocks(tx), geometry.inodesCount(), superblock.freeInodes(tx), readOnlyReason));
    }

    /** @return the inode the path names (a final symbolic link is not followed) */
    public long lookup(String path) {
        return transact(false, tx -> resolve(tx, path, false));
    }

    /** @return the inode's attributes (lstat: a final symbolic link is not followed) */
    public FileStat stat(String path) {
        return transact(false, tx -> FileStat.of(inodes.read(tx, resolve(tx, path, false))));
    }

    /** @return the attributes of what the path names, a final symbolic link followed (stat, not lstat) */
    public FileStat statFollowing(String path) {
        return transact(false, tx -> FileStat.of(inodes.read(tx, resolve(tx, path, true))));
    }

    /** @return whether the number names an inode of this file system (in use or not) */
    public boolean validInode(long ino) {
        return geometry.isValidInode(ino);
    }

    /** @return the inode's attributes */
    public FileStat stat(long ino) {
        return transact(false, tx -> FileStat.of(inodes.read(tx, ino)));
    }

    /** @return the directory's entries in on-disk order, "." and ".." included (a final symlink is followed) */
    public List<DirEntry> readdir(String path) {
        return transact(false, tx -> directories.list(tx, directory(tx, resolve(tx, path, true), path)));
    }

    /** @return the target of the symbolic link at the path */
    public String readlink(String path) {
        return transact(false, tx -> {
            Inode link = inodes.read(tx, resolve(tx, path, false));
            if (!link.isSymlink()) {
                throw new Ext2Exception(Ext2Error.INVALID_ARGUMENT, "'" + path + "' is not a symbolic link");
            }
            return symlinkTarget(tx, link);
        });
    }

    /**
     * Reads from a regular file; holes read as zeros.
     *
     * @param ino the file
     * @param offset where to start
     * @param dst receives up to {@code dst.remaining()} bytes, less at the end of the file
     * @return bytes read, 0 at or past the end of the file
     */
    public int read(long ino, long offset, ByteBuffer dst) {
        int start = dst.position();
        try {
            return transact(false, tx -> readFile(tx, regular(tx, ino), offset, dst));
        } catch (RuntimeException e) {
            dst.position(start); // a retry reads into the same place
            throw e;
        }
    }

    /**
     * Writes all of {@code src} at {@code offset} of a regular file, growing it and filling holes as
     * needed. When it throws, nothing was written and {@code src} is as it was.
     */
    public void write(long ino, long offset, ByteBuffer src) {
        int start = src.position();
        try {
            transact(true, tx -> {
                writeFile(tx, regular(tx, ino), offset, src);
                return null;
            });
        } catch (RuntimeException e) {
            src.position(start); // a retry writes the same bytes
            throw e;
        }
    }

    /**
     * Maps a run of a file's logical blocks to volume blocks, for a file cache that reads and writes
     * data blocks itself.
     *
     * @param ino a regular file, directory or symlink with a block map
     * @param first the first logical block
     * @param count how many
     * @return the volume block of each logical block, 0 for a hole
     */
    public long[] mapBlocks(long ino, long first, int count) {
        if (first < 0 || count < 0) {
            throw new Ext2Exception(Ext2Error.INVALID_ARGUMENT, "blocks " + first + "+" + count);
        }
        return transact(false, tx -> {
            Inode inode = inodes.read(tx, ino);
            if (!inode.hasBlockMap(geometry.blockSize())) {
                throw new Ext2Exception(Ext2Error.INVALID_ARGUMENT, "inode " + ino + " has no block map");
            }
            long[] out = new long[count];
            BlockMap.Lookup lookup = map.new Lookup(tx, inode);
            for (int i = 0; i < count; i++) {
                out[i] = lookup.physical(first + i);
            }
            return out;
        });
    }

    /** Sets a regular file's size: growing leaves a hole, shrinking frees blocks (block map blocks too). */
    public void truncate(long ino, long size) {
        transact(true, tx -> {
            truncateFile(tx, regular(tx, ino), size);
            return null;
        });
    }

    /** @return the inode of a new, empty regular file */
    public long create(String path, int permissions) {
        return transact(true, tx -> {
            Named at = newName(tx, path);
            Inode file = newInode(tx, at.dir, Inode.S_IFREG | (permissions & 07777), false);
            inodes.writeNew(tx, file, now());
            link(tx, at, file);
            return file.number;
        });
    }

    /** @return the inode of a new, empty directory */
    public long mkdir(String path, int permissions) {
        return transact(true, tx -> {
            Named at = newName(tx, path);
            checkLinkRoom(at.dir);
            Inode dir = newInode(tx, at.dir, Inode.S_IFDIR | (permissions & 07777), true);
            dir.links = 2;
            directories.initialize(tx, dir, at.dir.number, now());
            inodes.writeNew(tx, dir, now());
            at.dir.links++;
            link(tx, at, dir);
            return dir.number;
        });
    }

    /** @return the inode of a new symbolic link; targets under 60 bytes live in the inode (fast symlink) */
    public long symlink(String path, String target) {
        return transact(true, tx -> {
            byte[] bytes = target == null ? new byte[0] : target.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0 || bytes.length >= geometry.blockSize() || target.indexOf('\0') >= 0) {
                throw new Ext2Exception(bytes.length >= geometry.blockSize() ? Ext2Error.NAME_TOO_LONG
                        : Ext2Error.INVALID_ARGUMENT, "symlink target of " + bytes.length
                        + " bytes: must be 1.." + (geometry.blockSize() - 1) + " bytes without NUL");
            }
            Named at = newName(tx, path);
            Inode link = newInode(tx, at.dir, Inode.S_IFLNK | 0777, false);
            link.size = bytes.length;
            if (bytes.length < Inode.FAST_SYMLINK_MAX) {
                ByteBuffer inBlocks = ByteBuffer.allocate(Inode.FAST_SYMLINK_MAX).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                inBlocks.put(bytes);
                for (int i = 0; i < 15; i++) {
                    link.block[i] = Integer.toUnsignedLong(inBlocks.getInt(4 * i));
                }
            } else {
                map.aim(tx, link, 0);
                map.blockForWrite(tx, link, 0, true, BlockKind.FILE_DATA, now()).put(0, bytes);
            }
            inodes.writeNew(tx, link, now());
            link(tx, at, link);
            return link.number;
        });
    }

    /** Adds a hard link {@code newPath} to the non-directory at {@code existing}. */
    public void link(String existing, String newPath) {
        transact(true, tx -> {
            Inode target = inodes.read(tx, resolve(tx, existing, false));
            if (target.isDirectory()) {
                throw new Ext2Exception(Ext2Error.IS_DIRECTORY, "'" + existing + "' is a directory: no hard links to directories");
            }
            checkLinkRoom(target);
            Named at = newName(tx, newPath);
            target.links++;
            target.ctime = now();
            inodes.write(tx, target);
            link(tx, at, target);
            return null;
        });
    }

    /** Removes a name of a non-directory; the inode and its blocks are freed with its last link. */
    public void unlink(String path) {
        transact(true, tx -> {
            Named at = existingName(tx, path);
            Inode target = inodes.read(tx, at.ino);
            if (target.isDirectory()) {
                throw new Ext2Exception(Ext2Error.IS_DIRECTORY, "'" + path + "' is a directory: use rmdir");
            }
            directories.remove(tx, at.dir, at.name, now());
            inodes.write(tx, at.dir);
            dropLink(tx, target);
            return null;
        });
    }

    /** Removes an empty directory. */
    public void rmdir(String path) {
        transact(true, tx -> {
            Named at = existingName(tx, path);
            Inode dir = directory(tx, at.ino, path);
            if (!directories.isEmpty(tx, dir)) {
                throw new Ext2Exception(Ext2Error.NOT_EMPTY, "directory '" + path + "' is not empty");
            }
            directories.remove(tx, at.dir, at.name, now());
            at.dir.links--;
            inodes.write(tx, at.dir);
            release(tx, dir);
            return null;
        });
    }

    /**
     * Renames, within or across directories, replacing an existing target as POSIX rename does (a
     * non-directory over a non-directory, a directory over an empty directory). Renaming a name onto
     * another name of the same inode does nothing.
     */
    public void rename(String from, String to) {
        transact(true, tx -> {
            renameEntry(tx, from, to);
            return null;
        });
    }

    // ---- transactions -------------------------------------------------------------------------

    private <T> T transact(boolean writes, Function<Ext2Transaction, T> op) {
        if (!mounted) {
            throw new Ext2Exception(Ext2Error.READ_ONLY, "the file system is unmounted");
        }
        if (writes && readOnlyReason != null) {
            throw new Ext2Exception(Ext2Error.READ_ONLY, "read-only: " + readOnlyReason);
        }
        Ext2Transaction tx = new Ext2Transaction(view);
        T result;
        try {
            result = op.apply(tx);
        } catch (Ext2Exception e) {
            if (writes && e.error() == Ext2Error.CORRUPT) {
                // Like errors=remount-ro: stop writing, and leave the file system marked not clean.
                readOnlyReason = "corruption found while writing: " + e.getMessage();
            }
            throw e;
        }
        commit(tx);
        return result;
    }

    private void commit(Ext2Transaction tx) {
        if (tx.changed()) {
            writeBack.committed(tx.commit(++sequence));
        }
    }

    private long now() {
        return options.clock().getAsLong();
    }

    // ---- paths --------------------------------------------------------------------------------

    /** A name in a directory: the directory's inode, the name, and the inode it names (0 if none). */
    private record Named(Inode dir, byte[] name, long ino) {
    }

    private long resolve(Ext2Transaction tx, String path, boolean followLast) {
        Deque<byte[]> parts = PathNames.absolute(path);
        if (path.length() > 1 && path.endsWith("/")) {
            // "a/" names a directory, as in POSIX: follow a final symlink and insist on a directory.
            return directory(tx, walk(tx, ROOT, parts, true, path), path).number;
        }
        return walk(tx, ROOT, parts, followLast, path);
    }

    /** Walks components from {@code start}; symbolic links are spliced in, at most {@link #MAX_SYMLINKS}. */
    private long walk(Ext2Transaction tx, long start, Deque<byte[]> rest, boolean followLast, String path) {
        long current = start;
        int symlinks = 0;
        while (!rest.isEmpty()) {
            byte[] name = rest.poll();
            Inode dir = inodes.read(tx, current);
            if (!dir.isDirectory()) {
                throw new Ext2Exception(Ext2Error.NOT_DIRECTORY, "a component of '" + path + "' is not a directory");
            }
            long next = directories.lookup(tx, dir, name);
            if (next == 0) {
                throw new Ext2Exception(Ext2Error.NOT_FOUND, "'" + path + "': no '"
                        + new String(name, StandardCharsets.UTF_8) + "'");
            }
            Inode found = inodes.read(tx, next);
            if (found.isSymlink() && (followLast || !rest.isEmpty())) {
                if (++symlinks > MAX_SYMLINKS) {
                    throw new Ext2Exception(Ext2Error.SYMLINK_LOOP, "'" + path + "': more than "
                            + MAX_SYMLINKS + " symbolic links");
                }
                String target = symlinkTarget(tx, found);
                Deque<byte[]> parts = PathNames.components(target, target);
                while (!parts.isEmpty()) {
                    rest.addFirst(parts.pollLast());
                }
                if (target.startsWith("/")) {
                    current = ROOT;
                }
                continue;
            }
            current = next;
        }
        return current;
    }

    /** Resolves all but the last component; the last must be a real name (not "." or ".."). */
    private Named lastName(Ext2Transaction tx, String path) {
        Deque<byte[]> parts = PathNames.absolute(path);
        if (parts.isEmpty()) {
            throw new Ext2Exception(Ext2Error.INVALID_PATH, "'" + path + "' names the root, not an entry");
        }
        byte[] name = parts.pollLast();
        if (PathNames.isDotOrDotDot(name)) {
            throw new Ext2Exception(Ext2Error.INVALID_PATH, "'" + path + "' ends in '.' or '..'");
        }
        Inode dir = directory(tx, walk(tx, ROOT, parts, true, path), path);
        return new Named(dir, name, directories.lookup(tx, dir, name));
    }

    private Named newName(Ext2Transaction tx, String path) {
        Named at = lastName(tx, path);
        if (at.ino != 0) {
            throw new Ext2Exception(Ext2Error.EXISTS, "'" + path + "' exists");
        }
        return at;
    }

    private Named existingName(Ext2Transaction tx, String path) {
        Named at = lastName(tx, path);
        if (at.ino == 0) {
            throw new Ext2Exception(Ext2Error.NOT_FOUND, "'" + path + "' does not exist");
        }
        return at;
    }

    private Inode directory(Ext2Transaction tx, long ino, String path) {
        Inode dir = inodes.read(tx, ino);
        if (!dir.isDirectory()) {
            throw new Ext2Exception(Ext2Error.NOT_DIRECTORY, "'" + path + "' is not a directory");
        }
        return dir;
    }

    private Inode regular(Ext2Transaction tx, long ino) {
        Inode file = inodes.read(tx, ino);
        if (file.isDirectory()) {
            throw new Ext2Exception(Ext2Error.IS_DIRECTORY, "inode " + ino + " is a directory");
        }
        if (!file.isRegular()) {
            throw new Ext2Exception(Ext2Error.INVALID_ARGUMENT, String.format(
                    "inode %d is not a regular file (mode 0%o)", ino, file.mode));
        }
        return file;
    }

    // ---- inodes and links ---------------------------------------------------------------------

    private Inode newInode(Ext2Transaction tx, Inode parent, int mode, boolean directory) {
        long ino = allocator.allocateInode(tx, geometry.groupOfInode(parent.number), directory, now());
        Inode inode = new Inode(ino);
        inode.mode = mode;
        inode.links = 1;
        inode.atime = now();
        inode.ctime = inode.atime;
        inode.mtime = inode.atime;
        return inode;
    }

    private void checkLinkRoom(Inode inode) {
        if (inode.links >= Inode.LINK_MAX) {
            throw new Ext2Exception(Ext2Error.TOO_MANY_LINKS, "inode " + inode.number + " has "
                    + inode.links + " links, the most ext2 allows");
        }
    }

    /** Enters the inode under the name (after the inode is written), then writes the directory. */
    private void link(Ext2Transaction tx, Named at, Inode inode) {
        directories.add(tx, at.dir, at.name, inode.number, DirectoryBlock.typeOf(inode.mode), now());
        inodes.write(tx, at.dir);
    }

    private void dropLink(Ext2Transaction tx, Inode inode) {
        inode.links--;
        inode.ctime = now();
        if (inode.links == 0) {
            release(tx, inode);
        } else {
            inodes.write(tx, inode);
        }
    }

    /**
     * Frees an inode that lost its last name: its pointers are cleared and the inode written (deleted,
     * with its dtime) before its blocks and then the inode itself are freed in the bitmaps.
     */
    private void release(Ext2Transaction tx, Inode inode) {
        List<Long> freed = new ArrayList<>();
        if (inode.hasBlockMap(geometry.blockSize())) {
            map.clearFrom(tx, inode, 0, freed);
        }
        if (inode.fileAcl != 0) {
            if (releaseAttributeBlock(tx, inode.fileAcl)) {
                freed.add(inode.fileAcl);
            }
            inode.sectors -= geometry.blockSize() / 512;
            inode.fileAcl = 0;
        }
        boolean directory = inode.isDirectory();
        inode.links = 0;
        inode.size = 0;
        inode.dtime = now();
        inodes.write(tx, inode);
        for (long block : freed) {
            allocator.freeBlock(tx, block, now());
        }
        allocator.freeInode(tx, inode.number, directory, now());
    }

    /** Extended-attribute blocks are shared by reference count: @return whether this was the last reference */
    private boolean releaseAttributeBlock(Ext2Transaction tx, long block) {
        if (!geometry.isDataBlock(block)) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "extended-attribute block " + block + " is outside the data area");
        }
        ByteBuffer b = tx.read(block);
        if (b.getInt(0) != 0xEA020000) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "extended-attribute block " + block + " has a bad magic");
        }
        int refs = b.getInt(4);
        if (refs > 1) {
            tx.write(block, BlockKind.XATTR).putInt(4, refs - 1);
            return false;
        }
        return true;
    }

    private String symlinkTarget(Ext2Transaction tx, Inode link) {
        if (link.size <= 0 || link.size >= geometry.blockSize()) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "symlink inode " + link.number + " has size " + link.size);
        }
        byte[] target = new byte[(int) link.size];
        if (link.isFastSymlink(geometry.blockSize())) {
            if (link.size >= Inode.FAST_SYMLINK_MAX) {
                throw new Ext2Exception(Ext2Error.CORRUPT, "fast symlink inode " + link.number + " has size " + link.size);
            }
            ByteBuffer inBlocks = ByteBuffer.allocate(Inode.FAST_SYMLINK_MAX).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 15; i++) {
                inBlocks.putInt(4 * i, (int) link.block[i]);
            }
            inBlocks.get(0, target);
        } else {
            long block = map.lookup(tx, link, 0);
            if (block == 0) {
                throw new Ext2Exception(Ext2Error.CORRUPT, "symlink inode " + link.number + " has no block");
            }
            tx.read(block).get(0, target);
        }
        return new String(target, StandardCharsets.UTF_8);
    }

    // ---- file data ----------------------------------------------------------------------------

    private int readFile(Ext2Transaction tx, Inode file, long offset, ByteBuffer dst) {
        if (offset < 0) {
            throw new Ext2Exception(Ext2Error.INVALID_ARGUMENT, "negative offset " + offset);
        }
        int bs = geometry.blockSize();
        long pos = offset;
        BlockMap.Lookup blocks = map.new Lookup(tx, file);
        MissingBlocks missing = new MissingBlocks();
        while (dst.hasRemaining() && pos < file.size) {
            int inBlock = (int) (pos % bs);
            int n = (int) Math.min(Math.min(bs - inBlock, dst.remaining()), file.size - pos);
            long block;
            try {
                block = blocks.physical(pos / bs);
            } catch (BlockNotResident miss) {
                missing.add(miss); // the map is needed to go on: ask for what is known so far
                break;
            }
            if (block == 0) {
                dst.put(ZEROS, 0, n);
            } else {
                try {
                    dst.put(dst.position(), tx.read(block), inBlock, n);
                } catch (BlockNotResident miss) {
                    missing.add(miss); // go on, so that one retry fetches every data block of the read
                }
                dst.position(dst.position() + n);
            }
            pos += n;
        }
        missing.throwIfAny();
        return (int) (pos - offset);
    }

    private void writeFile(Ext2Transaction tx, Inode file, long offset, ByteBuffer src) {
        if (offset < 0) {
            throw new Ext2Exception(Ext2Error.INVALID_ARGUMENT, "negative offset " + offset);
        }
        long end = offset + src.remaining();
        if (end > geometry.maxFileSize() || end < 0) {
            throw new Ext2Exception(Ext2Error.FILE_TOO_LARGE, "writing to offset " + end + " of inode "
                    + file.number + ": the largest ext2 file here is " + geometry.maxFileSize() + " bytes");
        }
        int bs = geometry.blockSize();
        long pos = offset;
        if (src.hasRemaining()) {
            map.aim(tx, file, pos / bs);
        }
        while (src.hasRemaining()) {
            int inBlock = (int) (pos % bs);
            int n = Math.min(bs - inBlock, src.remaining());
            ByteBuffer block = map.blockForWrite(tx, file, pos / bs, inBlock == 0 && n == bs,
                    BlockKind.FILE_DATA, now());
            block.put(inBlock, src, src.position(), n);
            src.position(src.position() + n);
            pos += n;
        }
        setSize(tx, file, Math.max(file.size, end));
        inodes.write(tx, file);
    }

    private void truncateFile(Ext2Transaction tx, Inode file, long size) {
        if (size < 0) {
            throw new Ext2Exception(Ext2Error.INVALID_ARGUMENT, "negative size " + size);
        }
        if (size > geometry.maxFileSize()) {
            throw new Ext2Exception(Ext2Error.FILE_TOO_LARGE, "size " + size + " exceeds the largest ext2 file here, "
                    + geometry.maxFileSize() + " bytes");
        }
        int bs = geometry.blockSize();
        List<Long> freed = new ArrayList<>();
        if (size < file.size) {
            map.clearFrom(tx, file, (size + bs - 1) / bs, freed);
            int tail = (int) (size % bs);
            long last = tail == 0 ? 0 : map.lookup(tx, file, size / bs);
            if (last != 0) {
                // Zero past the new end so that growing the file again reads zeros there.
                tx.write(last, BlockKind.FILE_DATA).put(tail, ZEROS, 0, bs - tail);
            }
        }
        setSize(tx, file, size);
        inodes.write(tx, file);
        for (long block : freed) {
            allocator.freeBlock(tx, block, now());
        }
    }

    private void setSize(Ext2Transaction tx, Inode file, long size) {
        if (size >= LARGE_FILE_SIZE && !superblock.hasRoCompat(tx, Features.RO_COMPAT_LARGE_FILE)) {
            superblock.setRoCompat(tx, Features.RO_COMPAT_LARGE_FILE, now());
        }
        file.size = size;
        file.mtime = now();
        file.ctime = file.mtime;
    }

    // ---- rename -------------------------------------------------------------------------------

    private void renameEntry(Ext2Transaction tx, String from, String to) {
        Named source = existingName(tx, from);
        Named target = lastName(tx, to);
        Inode sourceDir = source.dir;
        // One directory, one Inode object, so that both changes land in the same inode.
        Inode targetDir = target.dir.number == sourceDir.number ? sourceDir : target.dir;
        if (target.ino == source.ino) {
            return;
        }
        Inode moved = inodes.read(tx, source.ino);
        boolean crossing = targetDir != sourceDir;
        if (moved.isDirectory()) {
            requireNotInside(tx, moved.number, targetDir, from, to);
        }
        Inode replaced = null;
        if (target.ino != 0) {
            replaced = inodes.read(tx, target.ino);
            if (moved.isDirectory() && !replaced.isDirectory()) {
                throw new Ext2Exception(Ext2Error.NOT_DIRECTORY, "'" + to + "' is not a directory; '" + from + "' is");
            }
            if (!moved.isDirectory() && replaced.isDirectory()) {
                throw new Ext2Exception(Ext2Error.IS_DIRECTORY, "'" + to + "' is a directory; '" + from + "' is not");
            }
            if (replaced.isDirectory() && !directories.isEmpty(tx, replaced)) {
                throw new Ext2Exception(Ext2Error.NOT_EMPTY, "directory '" + to + "' is not empty");
            }
            directories.replace(tx, targetDir, target.name, moved.number, DirectoryBlock.typeOf(moved.mode), now());
        } else {
            if (moved.isDirectory() && crossing) {
                checkLinkRoom(targetDir);
            }
            directories.add(tx, targetDir, target.name, moved.number, DirectoryBlock.typeOf(moved.mode), now());
        }
        directories.remove(tx, sourceDir, source.name, now());
        if (moved.isDirectory() && crossing) {
            directories.setParent(tx, moved, targetDir.number, now());
            sourceDir.links--;
            targetDir.links++;
        }
        moved.ctime = now();
        inodes.write(tx, moved);
        if (replaced != null && replaced.isDirectory()) {
            targetDir.links--; // the replaced directory's ".." no longer links here
            release(tx, replaced);
        } else if (replaced != null) {
            dropLink(tx, replaced);
        }
        inodes.write(tx, sourceDir);
        if (crossing) {
            inodes.write(tx, targetDir);
        }
    }

    /** Refuses to move a directory into itself or below itself; the walk up is bounded. */
    private void requireNotInside(Ext2Transaction tx, long moved, Inode targetDir, String from, String to) {
        long current = targetDir.number;
        for (long steps = 0; current != ROOT; steps++) {
            if (current == moved) {
                throw new Ext2Exception(Ext2Error.INVALID_PATH, "cannot move '" + from + "' into itself ('" + to + "')");
            }
            if (steps > geometry.inodesCount()) {
                throw new Ext2Exception(Ext2Error.CORRUPT, "directory loop above '" + to + "'");
            }
            current = directories.parent(tx, inodes.read(tx, current));
        }
    }
}
