package org.omnikernel.resource.scsi.internal;

/**
 * The command descriptor blocks SCSIR sends (SPC-4, SBC-3), laid out big-endian as the standards
 * say. Reads and writes use the 10-byte forms when the LBA fits in 32 bits and the count in 16, the
 * 16-byte forms otherwise: every direct-access device takes the 10-byte forms, and a disk beyond 2 TiB
 * of 512-byte blocks needs the 16-byte ones.
 */
final class Cdbs {

    static final int TEST_UNIT_READY = 0x00;
    static final int INQUIRY = 0x12;
    static final int MODE_SENSE_6 = 0x1a;
    static final int READ_CAPACITY_10 = 0x25;
    static final int READ_10 = 0x28;
    static final int WRITE_10 = 0x2a;
    static final int SYNCHRONIZE_CACHE_10 = 0x35;
    static final int READ_16 = 0x88;
    static final int WRITE_16 = 0x8a;
    static final int SERVICE_ACTION_IN_16 = 0x9e;
    static final int READ_CAPACITY_16 = 0x10;
    static final int REPORT_LUNS = 0xa0;

    /** Bytes of REPORT LUNS data for up to 256 LUNs: the header and one 8-byte entry each. */
    static final int REPORT_LUNS_LENGTH = 8 + 8 * 256;
    /** Bytes of standard INQUIRY data asked for: the 36 every device returns, and room for more. */
    static final int INQUIRY_LENGTH = 96;
    /** Bytes of a VPD page asked for. */
    static final int VPD_LENGTH = 252;
    /** Bytes of READ CAPACITY(16) data. */
    static final int CAPACITY_16_LENGTH = 32;
    /** Bytes of MODE SENSE(6) data asked for: the 4-byte header is all SCSIR reads. */
    static final int MODE_SENSE_LENGTH = 192;

    private Cdbs() {
    }

    static byte[] testUnitReady() {
        return new byte[6];
    }

    static byte[] reportLuns() {
        byte[] c = new byte[12];
        c[0] = (byte) REPORT_LUNS;
        put32(c, 6, REPORT_LUNS_LENGTH);
        return c;
    }

    static byte[] inquiry() {
        byte[] c = new byte[6];
        c[0] = INQUIRY;
        put16(c, 3, INQUIRY_LENGTH);
        return c;
    }

    /** @param page the vital product data page: 00h the supported pages, 80h the unit serial number */
    static byte[] inquiryVpd(int page) {
        byte[] c = new byte[6];
        c[0] = INQUIRY;
        c[1] = 1; // EVPD
        c[2] = (byte) page;
        put16(c, 3, VPD_LENGTH);
        return c;
    }

    static byte[] readCapacity10() {
        byte[] c = new byte[10];
        c[0] = READ_CAPACITY_10;
        return c;
    }

    static byte[] readCapacity16() {
        byte[] c = new byte[16];
        c[0] = (byte) SERVICE_ACTION_IN_16;
        c[1] = READ_CAPACITY_16;
        put32(c, 10, CAPACITY_16_LENGTH);
        return c;
    }

    /** MODE SENSE(6) of all pages without block descriptors: the header's WP bit says write-protected. */
    static byte[] modeSense6() {
        byte[] c = new byte[6];
        c[0] = MODE_SENSE_6;
        c[1] = 0x08; // DBD
        c[2] = 0x3f; // all pages, current values
        c[4] = (byte) MODE_SENSE_LENGTH;
        return c;
    }

    static byte[] synchronizeCache() {
        byte[] c = new byte[10];
        c[0] = SYNCHRONIZE_CACHE_10; // LBA 0 and 0 blocks: the whole medium
        return c;
    }

    /**
     * @param write  WRITE rather than READ
     * @param lba    the first block
     * @param blocks how many, at least 1
     * @return READ/WRITE(10) when the fields fit, else READ/WRITE(16)
     */
    static byte[] transfer(boolean write, long lba, int blocks) {
        if (lba >= 0 && lba + blocks - 1 <= 0xffff_ffffL && blocks <= 0xffff) {
            byte[] c = new byte[10];
            c[0] = (byte) (write ? WRITE_10 : READ_10);
            put32(c, 2, lba);
            put16(c, 7, blocks);
            return c;
        }
        byte[] c = new byte[16];
        c[0] = (byte) (write ? WRITE_16 : READ_16);
        put32(c, 2, lba >>> 32);
        put32(c, 6, lba);
        put32(c, 10, blocks);
        return c;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    static long u64(byte[] b, int at) {
        return (u32(b, at) << 32) | u32(b, at + 4);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
