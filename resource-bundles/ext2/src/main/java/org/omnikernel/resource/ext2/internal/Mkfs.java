package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * mkfs for ext2 revision 1 in Java: the layout of an empty file system (superblock and its sparse
 * backups, group descriptors, bitmaps, zeroed inode tables, the root directory and lost+found), as the
 * blocks to write. Features: filetype, sparse_super, large_file — what this implementation reads and
 * writes; no resize inode, no dir_index, no journal.
 *
 * <p>Options (all optional): {@code block.size} (1024, 2048 or 4096; default 1024 below 512 MiB,
 * else 4096), {@code inodes} (how many) or {@code bytes-per-inode} (default 8192), {@code label} (at
 * most 16 bytes), {@code inode.size} (128 or 256, default 256). Unknown options are refused by name.
 */
final class Mkfs {
    /** The options {@link #plan} understands. */
    static final Set<String> OPTIONS = Set.of("block.size", "inodes", "bytes-per-inode", "label", "inode.size");

    private static final int ROOT = 2;
    private static final int LOST_AND_FOUND = 11;
    private static final int FIRST_INO = 11;
    private static final long SMALL_VOLUME = 512L << 20;

    /**
     * A run of blocks to write.
     *
     * @param first the first block
     * @param count how many
     * @param data their bytes, {@code count * blockSize} of them; null for zeros
     */
    record Extent(long first, int count, byte[] data) {
    }

    /**
     * The file system to write.
     *
     * @param geometry its layout
     * @param extents what to write, in block order
     */
    record Plan(Geometry geometry, List<Extent> extents) {
    }

    private Mkfs() {
    }

    /**
     * @param volumeBytes the volume's size
     * @param volumeBlockSize the volume's block size
     * @param options the options, as above
     * @param now seconds since the epoch, for the times
     * @return the plan
     * @throws IllegalArgumentException naming the option or the size that is wrong
     */
    static Plan plan(long volumeBytes, int volumeBlockSize, Map<String, String> options, long now) {
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown ext2 format option '" + name + "'; known: "
                        + new java.util.TreeSet<>(OPTIONS));
            }
        }
        int bs = intOption(options, "block.size", volumeBytes < SMALL_VOLUME ? 1024 : 4096);
        if (bs != 1024 && bs != 2048 && bs != 4096) {
            throw new IllegalArgumentException("block.size=" + bs + ": must be 1024, 2048 or 4096");
        }
        if (bs < volumeBlockSize || bs % volumeBlockSize != 0) {
            throw new IllegalArgumentException("block.size=" + bs + " is not a multiple of the volume's "
                    + volumeBlockSize + "-byte blocks");
        }
        int inodeSize = intOption(options, "inode.size", 256);
        if (inodeSize != 128 && inodeSize != 256) {
            throw new IllegalArgumentException("inode.size=" + inodeSize + ": must be 128 or 256");
        }
        byte[] label = options.getOrDefault("label", "").getBytes(StandardCharsets.UTF_8);
        if (label.length > 16) {
            throw new IllegalArgumentException("label '" + options.get("label") + "' is " + label.length
                    + " bytes; ext2 labels hold at most 16");
        }
        long firstData = bs == 1024 ? 1 : 0;
        long blocks = Math.min(volumeBytes / bs, 0xFFFF_FFFFL);
        int bpg = 8 * bs;
        if (blocks < 64) {
            throw new IllegalArgumentException("the volume holds " + blocks + " blocks of " + bs
                    + " bytes; ext2 needs at least 64");
        }
        int groups = (int) ((blocks - firstData + bpg - 1) / bpg);
        long requested = options.containsKey("inodes") ? longOption(options, "inodes")
                : blocks * bs / longOption(options, "bytes-per-inode", 8192);
        int perTableBlock = bs / inodeSize;
        int ipg = (int) Math.min(8L * bs, Math.max(16, (requested + groups - 1) / groups));
        ipg = (ipg + perTableBlock - 1) / perTableBlock * perTableBlock;
        ipg = (ipg + 7) / 8 * 8;
        ipg = Math.min(ipg, 8 * bs);
        Geometry g = new Geometry(bs, blocks, (long) ipg * groups, firstData, bpg, ipg, inodeSize, FIRST_INO, 1,
                0, Features.INCOMPAT_FILETYPE, Features.RO_COMPAT_SPARSE_SUPER | Features.RO_COMPAT_LARGE_FILE);
        // A last group too short for its own tables and some data is dropped, as mke2fs does.
        int last = groups - 1;
        if (groups > 1 && g.groupBlocks(last) < overhead(g, last) + 50) {
            blocks = firstData + (long) last * bpg;
            g = new Geometry(bs, blocks, (long) ipg * last, firstData, bpg, ipg, inodeSize, FIRST_INO, 1,
                    0, g.incompat(), g.roCompat());
        }
        if (g.groupBlocks(g.groupCount() - 1) < overhead(g, g.groupCount() - 1) + 2) {
            throw new IllegalArgumentException("the volume of " + volumeBytes + " bytes is too small for "
                    + ipg + " inodes per group with " + bs + "-byte blocks; ask for fewer inodes");
        }
        if (requested < 0 || (options.containsKey("inodes") && requested < FIRST_INO + 1)) {
            throw new IllegalArgumentException("inodes=" + requested + ": ext2 needs at least " + (FIRST_INO + 1));
        }
        return new Plan(g, new Layout(g, label, now).extents());
    }

    /** @return blocks the group's own metadata takes: superblock and descriptors if it has them, bitmaps, inode table */
    static long overhead(Geometry g, int group) {
        long descriptorBlocks = (g.groupCount() + g.descriptorsPerBlock() - 1) / g.descriptorsPerBlock();
        long meta = 2 + (long) g.inodesPerGroup() * g.inodeSize() / g.blockSize();
        return g.groupHasSuperblock(group) ? meta + 1 + descriptorBlocks : meta;
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        long v = longOption(options, name, fallback);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + "=" + v + " is too large");
        }
        return (int) v;
    }

    private static long longOption(Map<String, String> options, String name) {
        return longOption(options, name, 0);
    }

    private static long longOption(Map<String, String> options, String name, long fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n <= 0) {
                throw new IllegalArgumentException(name + "=" + v + " must be positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a number");
        }
    }

    /** Builds the blocks of one layout. */
    private static final class Layout {
        private final Geometry g;
        private final byte[] label;
        private final long now;
        private final int bs;
        private final long descriptorBlocks;
        private final TreeMap<Long, byte[]> blocks = new TreeMap<>();
        private final List<Extent> zeros = new ArrayList<>();
        private final byte[] uuid = new byte[16];

        Layout(Geometry g, byte[] label, long now) {
            this.g = g;
            this.label = label;
            this.now = now;
            this.bs = g.blockSize();
            this.descriptorBlocks = (g.groupCount() + g.descriptorsPerBlock() - 1) / g.descriptorsPerBlock();
            new SecureRandom().nextBytes(uuid);
            uuid[6] = (byte) ((uuid[6] & 0x0F) | 0x40); // a version 4 UUID, as mke2fs makes
            uuid[8] = (byte) ((uuid[8] & 0x3F) | 0x80);
        }

        List<Extent> extents() {
            int groups = g.groupCount();
            long[] blockBitmap = new long[groups];
            long[] inodeBitmap = new long[groups];
            long[] inodeTable = new long[groups];
            long[] freeBlocks = new long[groups];
            long tableBlocks = (long) g.inodesPerGroup() * g.inodeSize() / bs;
            for (int group = 0; group < groups; group++) {
                long at = g.groupFirstBlock(group);
                if (g.groupHasSuperblock(group)) {
                    at += 1 + descriptorBlocks;
                }
                blockBitmap[group] = at;
                inodeBitmap[group] = at + 1;
                inodeTable[group] = at + 2;
                zeros.add(new Extent(inodeTable[group], (int) tableBlocks, null));
                freeBlocks[group] = g.groupBlocks(group) - overhead(g, group);
            }
            long rootBlock = inodeTable[0] + tableBlocks;
            long lostBlock = rootBlock + 1;
            freeBlocks[0] -= 2;
            long totalFree = 0;
            for (int group = 0; group < groups; group++) {
                long used = g.groupBlocks(group) - freeBlocks[group];
                blocks.put(blockBitmap[group], bitmap(used, g.groupBlocks(group)));
                long usedInodes = group == 0 ? FIRST_INO : 0;
                blocks.put(inodeBitmap[group], bitmap(usedInodes, g.inodesPerGroup()));
                totalFree += freeBlocks[group];
            }
            long freeInodes = g.inodesCount() - FIRST_INO;
            byte[] descriptors = new byte[(int) (descriptorBlocks * bs)];
            ByteBuffer d = ByteBuffer.wrap(descriptors).order(ByteOrder.LITTLE_ENDIAN);
            for (int group = 0; group < groups; group++) {
                int off = group * Geometry.DESCRIPTOR_SIZE;
                d.putInt(off, (int) blockBitmap[group]);
                d.putInt(off + 4, (int) inodeBitmap[group]);
                d.putInt(off + 8, (int) inodeTable[group]);
                d.putShort(off + 12, (short) freeBlocks[group]);
                d.putShort(off + 14, (short) (group == 0 ? g.inodesPerGroup() - FIRST_INO : g.inodesPerGroup()));
                d.putShort(off + 16, (short) (group == 0 ? 2 : 0));
            }
            for (int group = 0; group < groups; group++) {
                if (!g.groupHasSuperblock(group)) {
                    continue;
                }
                byte[] sb = superblock(group, totalFree, freeInodes);
                long first = g.groupFirstBlock(group);
                if (group == 0 && bs > 1024) {
                    byte[] block0 = new byte[bs];
                    System.arraycopy(sb, 0, block0, 1024, 1024);
                    blocks.put(0L, block0);
                } else {
                    byte[] block = new byte[bs];
                    System.arraycopy(sb, 0, block, 0, 1024);
                    blocks.put(first, block);
                }
                for (int i = 0; i < descriptorBlocks; i++) {
                    byte[] part = new byte[bs];
                    System.arraycopy(descriptors, i * bs, part, 0, bs);
                    blocks.put(first + 1 + i, part);
                }
            }
            if (bs == 1024) {
                blocks.put(0L, new byte[bs]); // the boot block: zeros, so that no old superblock lingers
            }
            blocks.put(rootBlock, directory(ROOT, ROOT, "lost+found", LOST_AND_FOUND));
            blocks.put(lostBlock, directory(LOST_AND_FOUND, ROOT, null, 0));
            byte[] table = new byte[(int) Math.min(tableBlocks, 64) * bs];
            ByteBuffer t = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
            inode(t, ROOT, 040755, 3, rootBlock);
            inode(t, LOST_AND_FOUND, 040700, 2, lostBlock);
            int tableHead = (int) ((LOST_AND_FOUND * (long) g.inodeSize() + bs - 1) / bs);
            List<Extent> out = new ArrayList<>();
            // The head of group 0's inode table carries the two directories; the rest of every table is zeros.
            for (Extent z : zeros) {
                if (z.first() == inodeTable[0]) {
                    out.add(new Extent(z.first(), tableHead, java.util.Arrays.copyOf(table, tableHead * bs)));
                    if (z.count() > tableHead) {
                        out.add(new Extent(z.first() + tableHead, z.count() - tableHead, null));
                    }
                } else {
                    out.add(z);
                }
            }
            for (Map.Entry<Long, byte[]> e : blocks.entrySet()) {
                out.add(new Extent(e.getKey(), 1, e.getValue()));
            }
            out.sort(java.util.Comparator.comparingLong(Extent::first));
            return out;
        }

        /** @return a bitmap block with the first {@code used} bits set, and the padding past {@code bits} */
        private byte[] bitmap(long used, long bits) {
            byte[] b = new byte[bs];
            for (long i = 0; i < used; i++) {
                b[(int) (i / 8)] |= (byte) (1 << (i % 8));
            }
            for (long i = bits; i < 8L * bs; i++) {
                b[(int) (i / 8)] |= (byte) (1 << (i % 8));
            }
            return b;
        }

        private byte[] superblock(int group, long freeBlocks, long freeInodes) {
            ByteBuffer s = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
            int log = Integer.numberOfTrailingZeros(bs) - 10;
            s.putInt(Superblock.INODES_COUNT, (int) g.inodesCount());
            s.putInt(Superblock.BLOCKS_COUNT, (int) g.blocksCount());
            s.putInt(8, (int) (g.blocksCount() / 20)); // 5 % reserved for root, as mke2fs
            s.putInt(Superblock.FREE_BLOCKS, (int) freeBlocks);
            s.putInt(Superblock.FREE_INODES, (int) freeInodes);
            s.putInt(Superblock.FIRST_DATA_BLOCK, (int) g.firstDataBlock());
            s.putInt(Superblock.LOG_BLOCK_SIZE, log);
            s.putInt(28, log); // fragments are blocks
            s.putInt(Superblock.BLOCKS_PER_GROUP, g.blocksPerGroup());
            s.putInt(36, g.blocksPerGroup());
            s.putInt(Superblock.INODES_PER_GROUP, g.inodesPerGroup());
            s.putInt(Superblock.WTIME, (int) now);
            s.putShort(54, (short) -1); // no forced check by mount count
            s.putShort(Superblock.MAGIC_FIELD, (short) Superblock.MAGIC);
            s.putShort(Superblock.STATE, (short) Superblock.STATE_VALID);
            s.putShort(60, (short) 1); // errors: continue
            s.putInt(64, (int) now); // last check
            s.putInt(Superblock.REV_LEVEL, 1);
            s.putInt(Superblock.FIRST_INO, FIRST_INO);
            s.putShort(Superblock.INODE_SIZE, (short) g.inodeSize());
            s.putShort(90, (short) group);
            s.putInt(Superblock.FEATURE_COMPAT, g.compat());
            s.putInt(Superblock.FEATURE_INCOMPAT, g.incompat());
            s.putInt(Superblock.FEATURE_RO_COMPAT, g.roCompat());
            s.put(104, uuid);
            s.put(120, label);
            s.putInt(264, (int) now); // mkfs time
            if (g.inodeSize() >= 160) {
                s.putShort(348, (short) 32); // s_min_extra_isize
                s.putShort(350, (short) 32); // s_want_extra_isize
            }
            return s.array();
        }

        private byte[] directory(int self, int parent, String child, int childIno) {
            ByteBuffer b = ByteBuffer.allocate(bs).order(ByteOrder.LITTLE_ENDIAN);
            int off = entry(b, 0, self, 12, ".");
            off = entry(b, off, parent, child == null ? bs - 12 : 12, "..");
            if (child != null) {
                entry(b, off, childIno, bs - off, child);
            }
            return b.array();
        }

        private int entry(ByteBuffer b, int off, int ino, int recLen, String name) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            b.putInt(off, ino);
            b.putShort(off + 4, (short) recLen);
            b.put(off + 6, (byte) n.length);
            b.put(off + 7, (byte) 2); // a directory
            b.put(off + 8, n);
            return off + recLen;
        }

        private void inode(ByteBuffer table, int ino, int mode, int links, long block) {
            int off = (ino - 1) * g.inodeSize();
            Inode i = new Inode(ino);
            i.mode = mode;
            i.links = links;
            i.size = bs;
            i.sectors = bs / 512;
            i.atime = now;
            i.ctime = now;
            i.mtime = now;
            i.block[0] = block;
            if (g.inodeSize() >= 160) {
                table.putShort(off + 128, (short) 32);
                table.putInt(off + 144, (int) now);
            }
            i.encode(table, off);
        }
    }
}
