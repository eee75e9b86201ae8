package org.omnikernel.resource.scsi.internal;

import org.omnikernel.hal.device.ScsiCompletion;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.resource.blockdev.ScsiProtocol;

/**
 * One SCSI_DONE answer from {@code drwr.ADAPTER}, or a failure SCSIR makes up when the command never
 * got there (the adapter went away, the message could not be delivered).
 *
 * @param status the SCSI status, or {@link ScsiProtocol#NO_STATUS} with {@code error} set
 * @param data   the bytes transferred in
 * @param sense  the sense data of a CHECK CONDITION
 * @param error  empty when the command completed on the adapter, else why it did not
 */
record Reply(int status, Buffer data, byte[] sense, String error) {

    /** SAM-5 status TASK SET FULL. */
    static final int TASK_SET_FULL = 0x28;

    /** @param why a sentence: the command did not reach the adapter or did not complete there */
    static Reply failed(String why) {
        return new Reply(ScsiProtocol.NO_STATUS, Buffer.allocate(0), new byte[0], why);
    }

    /** @return whether the command completed with status GOOD */
    boolean good() {
        return error.isEmpty() && status == ScsiCompletion.GOOD;
    }

    /** @return the bytes transferred in */
    byte[] bytes() {
        byte[] b = new byte[data.length()];
        data.view().get(b);
        return b;
    }

    /** @return the decoded sense data of a CHECK CONDITION, or null (another status, or sense SCSIR cannot read) */
    SenseData senseData() {
        if (!error.isEmpty() || status != ScsiCompletion.CHECK_CONDITION) {
            return null;
        }
        try {
            return SenseData.decode(sense);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @return whether the unit asks for the command again: BUSY, TASK SET FULL, or a UNIT ATTENTION */
    boolean retryable() {
        SenseData s = senseData();
        return error.isEmpty() && (status == ScsiCompletion.BUSY || status == TASK_SET_FULL
                || (s != null && s.key() == SenseData.UNIT_ATTENTION));
    }

    /**
     * @param unit the unit's name
     * @param lba  the command's first block, or -1
     * @return why the command failed, naming the unit: the sense data decoded, the status, or the error
     */
    String why(String unit, long lba) {
        if (!error.isEmpty()) {
            return error.startsWith(unit) ? error : unit + ": " + error;
        }
        if (status == ScsiCompletion.CHECK_CONDITION) {
            SenseData s = senseData();
            return s != null ? s.describe(unit, lba) : unit + ": CHECK CONDITION with unreadable sense data ("
                    + sense.length + " bytes)";
        }
        return String.format("%s: status %02Xh%s", unit, status, status == ScsiCompletion.BUSY ? " (BUSY)"
                : status == TASK_SET_FULL ? " (TASK SET FULL)" : status == 0x18 ? " (RESERVATION CONFLICT)" : "");
    }
}
