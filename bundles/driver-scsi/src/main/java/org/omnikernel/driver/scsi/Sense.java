package org.omnikernel.driver.scsi;

/**
 * Fixed-format sense data (SPC-4 §4.5.3): response code 70h, sense key, additional sense code and
 * qualifier. The codes the adapter reports are named here.
 *
 * @param key  the sense key
 * @param asc  the additional sense code
 * @param ascq its qualifier
 */
record Sense(int key, int asc, int ascq) {

    static final int NO_SENSE = 0x0;
    static final int MEDIUM_ERROR = 0x3;
    static final int ILLEGAL_REQUEST = 0x5;
    static final int DATA_PROTECT = 0x7;

    /** Nothing to report. */
    static final Sense NONE = new Sense(NO_SENSE, 0, 0);
    /** ASC 20h: the operation code is not supported. */
    static final Sense INVALID_OPCODE = new Sense(ILLEGAL_REQUEST, 0x20, 0);
    /** ASC 21h: the LBA range lies beyond the medium. */
    static final Sense LBA_OUT_OF_RANGE = new Sense(ILLEGAL_REQUEST, 0x21, 0);
    /** ASC 24h: a field of the CDB is invalid. */
    static final Sense INVALID_FIELD_IN_CDB = new Sense(ILLEGAL_REQUEST, 0x24, 0);
    /** ASC 25h: no such logical unit. */
    static final Sense LUN_NOT_SUPPORTED = new Sense(ILLEGAL_REQUEST, 0x25, 0);
    /** ASC 11h: the medium could not be read. */
    static final Sense UNRECOVERED_READ_ERROR = new Sense(MEDIUM_ERROR, 0x11, 0);
    /** ASC 27h: the unit is write-protected. */
    static final Sense WRITE_PROTECTED = new Sense(DATA_PROTECT, 0x27, 0);
    /** ASC 0Ch: the medium could not be written. */
    static final Sense WRITE_ERROR = new Sense(MEDIUM_ERROR, 0x0c, 0);

    /** Bytes in fixed-format sense data as the adapter returns it. */
    static final int LENGTH = 18;

    /** @return the 18 bytes of fixed-format sense data */
    byte[] bytes() {
        byte[] b = new byte[LENGTH];
        b[0] = 0x70; // current error, fixed format
        b[2] = (byte) key;
        b[7] = LENGTH - 8; // additional sense length
        b[12] = (byte) asc;
        b[13] = (byte) ascq;
        return b;
    }
}
