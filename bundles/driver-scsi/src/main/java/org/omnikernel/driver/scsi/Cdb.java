package org.omnikernel.driver.scsi;

/** Big-endian fields of CDBs and response data, as SCSI lays them out. */
final class Cdb {

    private Cdb() {
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    /** @return the 8-byte field; an LBA beyond 2^63 comes back negative, which callers refuse as out of range */
    static long u64(byte[] b, int at) {
        return (u32(b, at) << 32) | u32(b, at + 4);
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void put64(byte[] b, int at, long v) {
        put32(b, at, v >>> 32);
        put32(b, at + 4, v);
    }
}
