package org.omnikernel.resource.stor.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The GUID partition table (UEFI spec, chapter 5): a header at block 1 and its backup at the last
 * block, each with a CRC32 of itself and of its entry array. Pure parsing; reads happen in
 * {@link PartitionScan}.
 */
final class Gpt {

    /** The most entry-array bytes STOR reads (the usual array is 16 KiB). */
    static final int MAX_ARRAY_BYTES = 1 << 20;

    private static final long SIGNATURE = 0x5452415020494645L; // "EFI PART", little-endian

    /** A header that is not to be trusted, and why. */
    static final class Corrupt extends Exception {
        private static final long serialVersionUID = 1L;

        Corrupt(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * A checked header.
     *
     * @param myLba        where it lies
     * @param alternateLba where its twin lies
     * @param firstUsable  first block partitions may use
     * @param lastUsable   last block partitions may use
     * @param entriesLba   where its entry array starts
     * @param entryCount   entries in the array
     * @param entrySize    bytes per entry
     * @param entriesCrc   CRC32 of the array
     */
    record Header(long myLba, long alternateLba, long firstUsable, long lastUsable, long entriesLba, int entryCount,
            int entrySize, int entriesCrc) {

        /** @return the array's size in bytes */
        int arrayBytes() {
            return entryCount * entrySize;
        }
    }

    /**
     * A used entry.
     *
     * @param number    its position in the array, from 1
     * @param type      the partition type GUID
     * @param first     first block
     * @param last      last block, inclusive
     * @param name      the partition name
     */
    record Entry(int number, String type, long first, long last, String name) {
    }

    private Gpt() {
    }

    /**
     * @param block  the block read at {@code lba}
     * @param lba    where it was read
     * @param blocks the unit's size in blocks
     * @return the header
     * @throws Corrupt naming the first thing wrong
     */
    static Header header(byte[] block, long lba, long blocks) throws Corrupt {
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(0) != SIGNATURE) {
            throw new Corrupt("no \"EFI PART\" signature");
        }
        int size = b.getInt(12);
        if (size < 92 || size > block.length) {
            throw new Corrupt("header size " + size + " is not between 92 and " + block.length);
        }
        int stored = b.getInt(16);
        byte[] copy = java.util.Arrays.copyOf(block, size);
        copy[16] = copy[17] = copy[18] = copy[19] = 0;
        if (crc(copy, 0, size) != stored) {
            throw new Corrupt("header CRC32 mismatch");
        }
        Header h = new Header(b.getLong(24), b.getLong(32), b.getLong(40), b.getLong(48), b.getLong(72), b.getInt(80),
                b.getInt(84), b.getInt(88));
        if (h.myLba() != lba) {
            throw new Corrupt("the header says it lies at block " + h.myLba() + ", not " + lba);
        }
        if (h.firstUsable() > h.lastUsable() || h.lastUsable() >= blocks || h.firstUsable() < 2) {
            throw new Corrupt("usable blocks " + h.firstUsable() + "-" + h.lastUsable() + " do not fit a unit of "
                    + blocks + " blocks");
        }
        if (h.entrySize() < 128 || Integer.bitCount(h.entrySize()) != 1 || h.entryCount() < 1
                || (long) h.entryCount() * h.entrySize() > MAX_ARRAY_BYTES) {
            throw new Corrupt(h.entryCount() + " entries of " + h.entrySize() + " bytes (entries are 128 × 2^n bytes, at most "
                    + MAX_ARRAY_BYTES + " bytes in all)");
        }
        long arrayBlocks = (h.arrayBytes() + block.length - 1) / block.length;
        if (h.entriesLba() < 2 || h.entriesLba() + arrayBlocks > blocks) {
            throw new Corrupt("the entry array at block " + h.entriesLba() + " does not fit the unit");
        }
        return h;
    }

    /**
     * @param array  the entry array, at least {@link Header#arrayBytes()} long
     * @param h      its header
     * @param unit   the unit's name, for problems
     * @param problems where to say which entries are skipped and why
     * @return the used entries inside the usable blocks
     * @throws Corrupt when the array's CRC32 does not match the header's
     */
    static List<Entry> entries(byte[] array, Header h, String unit, List<String> problems) throws Corrupt {
        if (crc(array, 0, h.arrayBytes()) != h.entriesCrc()) {
            throw new Corrupt("entry array CRC32 mismatch");
        }
        ByteBuffer b = ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < h.entryCount(); i++) {
            int at = i * h.entrySize();
            String type = guid(array, at);
            if (type.equals("00000000-0000-0000-0000-000000000000")) {
                continue;
            }
            long first = b.getLong(at + 32);
            long last = b.getLong(at + 40);
            if (first < h.firstUsable() || last > h.lastUsable() || first > last) {
                problems.add("unit " + unit + ": GPT entry " + (i + 1) + " spans blocks " + first + "-" + last
                        + ", outside the usable " + h.firstUsable() + "-" + h.lastUsable() + "; skipped");
                continue;
            }
            String name = new String(array, at + 56, 72, StandardCharsets.UTF_16LE);
            int nul = name.indexOf('\0');
            out.add(new Entry(i + 1, type, first, last, nul < 0 ? name : name.substring(0, nul)));
        }
        return out;
    }

    /** A GUID in its text form: the first three fields are stored little-endian, the rest as bytes. */
    static String guid(byte[] a, int at) {
        ByteBuffer b = ByteBuffer.wrap(a, at, 16).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder s = new StringBuilder(String.format("%08x-%04x-%04x-", b.getInt(at), b.getShort(at + 4),
                b.getShort(at + 6)));
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                s.append('-');
            }
            s.append(String.format("%02x", a[at + i]));
        }
        return s.toString();
    }

    private static int crc(byte[] a, int from, int length) {
        CRC32 c = new CRC32();
        c.update(a, from, length);
        return (int) c.getValue();
    }
}
