package org.omnikernel.resource.stor.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The master boot record's partition entries (four of 16 bytes at byte 446, signature 0x55 0xAA at
 * 510) and the extended boot records that chain logical partitions. Pure parsing; reads happen in
 * {@link PartitionScan}.
 */
final class Mbr {

    /** The type of a GPT's protective entry. */
    static final int PROTECTIVE = 0xEE;

    /**
     * One entry.
     *
     * @param index  0 to 3
     * @param status the boot flag: 0x00 or 0x80 in a valid table
     * @param type   the type byte, 0 for an empty slot
     * @param start  first block, relative to what the table's kind says
     * @param blocks size in blocks
     */
    record Entry(int index, int status, int type, long start, long blocks) {

        boolean empty() {
            return type == 0;
        }

        boolean extended() {
            return type == 0x05 || type == 0x0F || type == 0x85;
        }

        String typeHex() {
            return String.format("%02x", type);
        }
    }

    private Mbr() {
    }

    /**
     * @param sector a first block, at least 512 bytes
     * @return whether it ends in the boot signature
     */
    static boolean signed(byte[] sector) {
        return sector.length >= 512 && (sector[510] & 0xFF) == 0x55 && (sector[511] & 0xFF) == 0xAA;
    }

    /**
     * @param sector a signed boot record
     * @return its four entries, empty ones included
     */
    static List<Entry> entries(byte[] sector) {
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> out = new ArrayList<>(4);
        for (int i = 0; i < 4; i++) {
            int at = 446 + 16 * i;
            out.add(new Entry(i, sector[at] & 0xFF, sector[at + 4] & 0xFF, b.getInt(at + 8) & 0xFFFFFFFFL,
                    b.getInt(at + 12) & 0xFFFFFFFFL));
        }
        return out;
    }
}
