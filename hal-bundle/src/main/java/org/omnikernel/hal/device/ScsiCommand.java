package org.omnikernel.hal.device;

import java.nio.ByteBuffer;

/**
 * A SCSI command for one logical unit.
 *
 * @param tag       the kernel's number for it, echoed in the completion
 * @param lun       the logical unit
 * @param cdb       the command descriptor block (6, 10, 12 or 16 bytes); copied
 * @param data      the data-in buffer (the device fills it from its position) or data-out buffer (the
 *                  device reads it from its position), or null for a command without data
 * @param direction which way data flows
 */
public record ScsiCommand(long tag, int lun, byte[] cdb, ByteBuffer data, Direction direction) {

    /** Which way a command's data flows. */
    public enum Direction {
        /** no data */
        NONE,
        /** from the device to the kernel (READ, INQUIRY…) */
        IN,
        /** from the kernel to the device (WRITE) */
        OUT
    }

    /** Checks the shape and copies the CDB. */
    public ScsiCommand {
        if (cdb == null || cdb.length < 6 || cdb.length > 16) {
            throw new IllegalArgumentException("SCSI command " + tag + ": a CDB has 6 to 16 bytes, got "
                    + (cdb == null ? "none" : cdb.length));
        }
        if (direction == null || (direction == Direction.NONE) != (data == null)) {
            throw new IllegalArgumentException("SCSI command " + tag + ": direction " + direction
                    + (data == null ? " without" : " with") + " a data buffer");
        }
        cdb = cdb.clone();
    }

    /** @return a copy of the CDB */
    @Override
    public byte[] cdb() {
        return cdb.clone();
    }

    /** @return the operation code, the CDB's first byte */
    public int opcode() {
        return cdb[0] & 0xff;
    }
}
