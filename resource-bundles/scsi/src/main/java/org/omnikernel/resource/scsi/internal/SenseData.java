package org.omnikernel.resource.scsi.internal;

import java.util.Map;

/**
 * Sense data decoded from either format (SPC-4 §4.5): fixed (response codes 70h, 71h) and
 * descriptor (72h, 73h). {@link #describe} makes the sentence a client sees, such as
 * {@code scsi0.0: MEDIUM ERROR, unrecovered read error (11/00) at LBA 1234}.
 *
 * @param key         the sense key
 * @param asc         the additional sense code
 * @param ascq        its qualifier
 * @param information the INFORMATION field (the failing LBA for a medium error), or -1 when not valid
 */
record SenseData(int key, int asc, int ascq, long information) {

    static final int NO_SENSE = 0x0;
    static final int NOT_READY = 0x2;
    static final int UNIT_ATTENTION = 0x6;

    private static final String[] KEYS = {"NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR", "HARDWARE ERROR",
        "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT", "BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED",
        "ABORTED COMMAND", "RESERVED (0Ch)", "VOLUME OVERFLOW", "MISCOMPARE", "COMPLETED"};

    /** ASC/ASCQ pairs (asc << 8 | ascq) a disk commonly reports, from SPC-4 Annex D. */
    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(0x0000, "no additional sense information"),
            Map.entry(0x0401, "logical unit is in process of becoming ready"),
            Map.entry(0x0402, "logical unit not ready, initializing command required"),
            Map.entry(0x0403, "logical unit not ready, manual intervention required"),
            Map.entry(0x0c00, "write error"),
            Map.entry(0x0c02, "write error, auto reallocation failed"),
            Map.entry(0x1100, "unrecovered read error"),
            Map.entry(0x1104, "unrecovered read error, auto reallocate failed"),
            Map.entry(0x1a00, "parameter list length error"),
            Map.entry(0x2000, "invalid command operation code"),
            Map.entry(0x2100, "logical block address out of range"),
            Map.entry(0x2400, "invalid field in CDB"),
            Map.entry(0x2500, "logical unit not supported"),
            Map.entry(0x2600, "invalid field in parameter list"),
            Map.entry(0x2700, "write protected"),
            Map.entry(0x2800, "not ready to ready change, medium may have changed"),
            Map.entry(0x2900, "power on, reset, or bus device reset occurred"),
            Map.entry(0x2a01, "mode parameters changed"),
            Map.entry(0x2a09, "capacity data has changed"),
            Map.entry(0x3a00, "medium not present"),
            Map.entry(0x3f0e, "reported LUNs data has changed"),
            Map.entry(0x4400, "internal target failure"),
            Map.entry(0x4700, "SCSI parity error"));

    /**
     * @param sense sense data as the device returned it
     * @return the decoded fields
     * @throws IllegalArgumentException naming what is wrong: too short, or an unknown response code
     */
    static SenseData decode(byte[] sense) {
        if (sense == null || sense.length < 2) {
            throw new IllegalArgumentException("sense data of " + (sense == null ? 0 : sense.length) + " bytes");
        }
        int code = sense[0] & 0x7f;
        switch (code) {
            case 0x70, 0x71 -> {
                if (sense.length < 14) {
                    return new SenseData(sense.length > 2 ? sense[2] & 0x0f : 0, 0, 0, -1);
                }
                boolean valid = (sense[0] & 0x80) != 0;
                return new SenseData(sense[2] & 0x0f, sense[12] & 0xff, sense[13] & 0xff, valid ? Cdbs.u32(sense, 3) : -1);
            }
            case 0x72, 0x73 -> {
                if (sense.length < 4) {
                    throw new IllegalArgumentException("descriptor-format sense data of " + sense.length + " bytes");
                }
                return new SenseData(sense[1] & 0x0f, sense[2] & 0xff, sense[3] & 0xff, information(sense));
            }
            default -> throw new IllegalArgumentException(String.format("sense data with response code %02Xh", code));
        }
    }

    /** The information descriptor (type 00h, VALID set) of descriptor-format sense data, or -1. */
    private static long information(byte[] sense) {
        int end = Math.min(sense.length, 8 + (sense.length > 7 ? sense[7] & 0xff : 0));
        for (int at = 8; at + 1 < end; at += 2 + (sense[at + 1] & 0xff)) {
            if ((sense[at] & 0xff) == 0x00 && at + 12 <= end && (sense[at + 2] & 0x80) != 0) {
                return Cdbs.u64(sense, at + 4);
            }
        }
        return -1;
    }

    /** @return the sense key's name, as SPC-4 spells it */
    String keyName() {
        return KEYS[key & 0x0f];
    }

    /** @return what the ASC/ASCQ pair means, or its numbers when it is not one SCSIR knows */
    String condition() {
        String known = CODES.get(asc << 8 | ascq);
        return known != null ? known : "additional sense code";
    }

    /**
     * @param unit the unit's name
     * @param lba  the command's first block, used when the sense data carry no valid INFORMATION; -1 for none
     * @return for example {@code scsi0.0: MEDIUM ERROR, unrecovered read error (11/00) at LBA 1234}
     */
    String describe(String unit, long lba) {
        long at = information >= 0 ? information : lba;
        return String.format("%s: %s, %s (%02X/%02X)%s", unit, keyName(), condition(), asc, ascq,
                at >= 0 ? " at LBA " + at : "");
    }
}
