package org.omnikernel.resource.ext2.internal;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The superblock: parsed once into a {@link Geometry} at mount; its changing fields (free counts,
 * state, times, features) read and written through a transaction.
 *
 * <p>Backup superblocks are never changed except for feature flags (when a file first grows past
 * 2 GiB and {@code large_file} is set): the fields e2fsck compares between primary and backups
 * (counts of blocks and inodes, features, UUID) then stay equal.
 */
final class Superblock {
    static final int OFFSET = 1024;
    static final int SIZE = 1024;
    static final int MAGIC = 0xEF53;

    static final int STATE_VALID = 0x1;
    static final int STATE_ERROR = 0x2;

    static final int INODES_COUNT = 0;
    static final int BLOCKS_COUNT = 4;
    static final int FREE_BLOCKS = 12;
    static final int FREE_INODES = 16;
    static final int FIRST_DATA_BLOCK = 20;
    static final int LOG_BLOCK_SIZE = 24;
    static final int BLOCKS_PER_GROUP = 32;
    static final int INODES_PER_GROUP = 40;
    static final int MTIME = 44;
    static final int WTIME = 48;
    static final int MNT_COUNT = 52;
    static final int MAGIC_FIELD = 56;
    static final int STATE = 58;
    static final int REV_LEVEL = 76;
    static final int FIRST_INO = 84;
    static final int INODE_SIZE = 88;
    static final int FEATURE_COMPAT = 92;
    static final int FEATURE_INCOMPAT = 96;
    static final int FEATURE_RO_COMPAT = 100;

    private final Geometry geometry;
    private final long block;
    private final int base;

    Superblock(Geometry geometry) {
        this.geometry = geometry;
        this.block = geometry.superblockBlock();
        this.base = geometry.superblockOffset();
    }

    /**
     * @param sb the 1024 superblock bytes, little-endian, from position 0
     * @return the block size the superblock declares
     */
    static int probeBlockSize(ByteBuffer sb) {
        checkMagic(sb, 0);
        int log = sb.getInt(LOG_BLOCK_SIZE);
        if (log < 0 || log > 6) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "superblock block size 2^(10+" + log
                    + ") is outside 1 KiB..64 KiB");
        }
        return 1024 << log;
    }

    private static void checkMagic(ByteBuffer b, int base) {
        int magic = Short.toUnsignedInt(b.getShort(base + MAGIC_FIELD));
        if (magic != MAGIC) {
            throw new Ext2Exception(Ext2Error.BAD_MAGIC, String.format(
                    "superblock magic is 0x%04x, not 0x%04x: not an ext2 file system", magic, MAGIC));
        }
    }

    /**
     * Reads and checks the layout.
     *
     * @param b the block holding the superblock
     * @param base the superblock's offset in it
     * @param volumeBlocks blocks the volume holds
     * @param volumeBlockSize the volume's block size
     * @return the geometry
     * @throws Ext2Exception BAD_MAGIC, UNSUPPORTED_FEATURE (naming the features) or CORRUPT (naming the field)
     */
    static Geometry parse(ByteBuffer b, int base, long volumeBlocks, int volumeBlockSize) {
        checkMagic(b, base);
        int log = b.getInt(base + LOG_BLOCK_SIZE);
        if (log < 0 || log > 6) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "s_log_block_size " + log + " is outside 0..6");
        }
        int blockSize = 1024 << log;
        if (blockSize != volumeBlockSize) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "block size " + blockSize
                    + " differs from the view's " + volumeBlockSize);
        }
        int revision = b.getInt(base + REV_LEVEL);
        if (revision != 0 && revision != 1) {
            throw new Ext2Exception(Ext2Error.UNSUPPORTED_FEATURE, "revision " + revision
                    + " (only 0 and 1 exist)");
        }
        int incompat = revision == 0 ? 0 : b.getInt(base + FEATURE_INCOMPAT);
        int unsupported = incompat & ~Features.INCOMPAT_SUPPORTED;
        if (unsupported != 0) {
            throw new Ext2Exception(Ext2Error.UNSUPPORTED_FEATURE, "incompatible features "
                    + Features.incompatNames(unsupported) + " are not supported");
        }
        long blocks = Integer.toUnsignedLong(b.getInt(base + BLOCKS_COUNT));
        long inodes = Integer.toUnsignedLong(b.getInt(base + INODES_COUNT));
        long firstData = Integer.toUnsignedLong(b.getInt(base + FIRST_DATA_BLOCK));
        int bpg = b.getInt(base + BLOCKS_PER_GROUP);
        int ipg = b.getInt(base + INODES_PER_GROUP);
        int inodeSize = revision == 0 ? 128 : Short.toUnsignedInt(b.getShort(base + INODE_SIZE));
        int firstIno = revision == 0 ? 11 : b.getInt(base + FIRST_INO);
        require(blocks > firstData && blocks <= volumeBlocks, "s_blocks_count " + blocks
                + " is not within the volume's " + volumeBlocks + " blocks");
        require(firstData == (blockSize == 1024 ? 1 : 0), "s_first_data_block " + firstData
                + " is wrong for " + blockSize + "-byte blocks");
        require(bpg > 0 && bpg <= 8 * blockSize, "s_blocks_per_group " + bpg + " is outside 1.."
                + 8 * blockSize);
        require(ipg > 0 && ipg <= 8 * blockSize, "s_inodes_per_group " + ipg + " is outside 1.."
                + 8 * blockSize);
        require(inodeSize >= 128 && inodeSize <= blockSize && Integer.bitCount(inodeSize) == 1,
                "s_inode_size " + inodeSize + " is not a power of two in 128.." + blockSize);
        require(firstIno >= 11 && firstIno <= inodes, "s_first_ino " + firstIno + " is outside 11.."
                + inodes);
        Geometry g = new Geometry(blockSize, blocks, inodes, firstData, bpg, ipg, inodeSize, firstIno,
                revision, revision == 0 ? 0 : b.getInt(base + FEATURE_COMPAT), incompat,
                revision == 0 ? 0 : b.getInt(base + FEATURE_RO_COMPAT));
        require((long) g.groupCount() * ipg == inodes, "s_inodes_count " + inodes + " is not "
                + g.groupCount() + " groups x " + ipg + " inodes");
        return g;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new Ext2Exception(Ext2Error.CORRUPT, "superblock: " + what);
        }
    }

    /** @return read-only-compatible features this implementation cannot write */
    static List<String> unwritableFeatures(Geometry g) {
        return Features.roCompatNames(g.roCompat() & ~Features.RO_COMPAT_SUPPORTED);
    }

    long freeBlocks(Ext2Transaction tx) {
        return Integer.toUnsignedLong(tx.read(block).getInt(base + FREE_BLOCKS));
    }

    long freeInodes(Ext2Transaction tx) {
        return Integer.toUnsignedLong(tx.read(block).getInt(base + FREE_INODES));
    }

    int state(Ext2Transaction tx) {
        return Short.toUnsignedInt(tx.read(block).getShort(base + STATE));
    }

    void addFreeBlocks(Ext2Transaction tx, long delta, long now) {
        ByteBuffer b = writable(tx, now);
        b.putInt(base + FREE_BLOCKS, (int) (Integer.toUnsignedLong(b.getInt(base + FREE_BLOCKS)) + delta));
    }

    void addFreeInodes(Ext2Transaction tx, long delta, long now) {
        ByteBuffer b = writable(tx, now);
        b.putInt(base + FREE_INODES, (int) (Integer.toUnsignedLong(b.getInt(base + FREE_INODES)) + delta));
    }

    /** Marks the file system in use (not clean) and counts the mount, as Linux does on a read-write mount. */
    void markMounted(Ext2Transaction tx, long now) {
        ByteBuffer b = writable(tx, now);
        b.putShort(base + STATE, (short) (state(tx) & ~STATE_VALID));
        b.putShort(base + MNT_COUNT, (short) (Short.toUnsignedInt(b.getShort(base + MNT_COUNT)) + 1));
        b.putInt(base + MTIME, (int) now);
    }

    /** Marks the file system clean on a clean unmount. */
    void markClean(Ext2Transaction tx, long now) {
        ByteBuffer b = writable(tx, now);
        b.putShort(base + STATE, (short) (state(tx) | STATE_VALID));
    }

    boolean hasRoCompat(Ext2Transaction tx, int flag) {
        return (tx.read(block).getInt(base + FEATURE_RO_COMPAT) & flag) != 0;
    }

    /** Sets a read-only-compatible feature in the primary superblock and every backup. */
    void setRoCompat(Ext2Transaction tx, int flag, long now) {
        ByteBuffer b = writable(tx, now);
        b.putInt(base + FEATURE_RO_COMPAT, b.getInt(base + FEATURE_RO_COMPAT) | flag);
        for (int group = 1; group < geometry.groupCount(); group++) {
            if (geometry.groupHasSuperblock(group)) {
                ByteBuffer backup = tx.write(geometry.groupFirstBlock(group), BlockKind.SUPERBLOCK);
                backup.putInt(FEATURE_RO_COMPAT, backup.getInt(FEATURE_RO_COMPAT) | flag);
            }
        }
    }

    /** Every write of the superblock stamps s_wtime, as Linux does. */
    private ByteBuffer writable(Ext2Transaction tx, long now) {
        ByteBuffer b = tx.write(block, BlockKind.SUPERBLOCK);
        b.putInt(base + WTIME, (int) now);
        return b;
    }
}
