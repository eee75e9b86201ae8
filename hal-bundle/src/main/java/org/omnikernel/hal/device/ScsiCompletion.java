package org.omnikernel.hal.device;

/**
 * The interrupt payload for a finished {@link ScsiCommand}.
 *
 * @param command  the command
 * @param status   the SCSI status: {@link #GOOD}, {@link #CHECK_CONDITION} or {@link #BUSY}
 * @param sense    fixed-format sense data (SPC-4 §4.5.3) when the status is CHECK CONDITION, else empty
 * @param residual bytes of the data buffer not transferred
 */
public record ScsiCompletion(ScsiCommand command, int status, byte[] sense, int residual) {

    /** The command completed. */
    public static final int GOOD = 0x00;
    /** The command failed; the sense data say why. */
    public static final int CHECK_CONDITION = 0x02;
    /** The logical unit is busy; try again. */
    public static final int BUSY = 0x08;

    /** Copies the sense data. */
    public ScsiCompletion {
        sense = sense == null ? new byte[0] : sense.clone();
    }

    /** @return a copy of the sense data */
    @Override
    public byte[] sense() {
        return sense.clone();
    }

    /** @return whether the status is GOOD */
    public boolean ok() {
        return status == GOOD;
    }

    /** @return the sense key (0 when there is no sense data) */
    public int senseKey() {
        return sense.length > 2 ? sense[2] & 0x0f : 0;
    }

    /** @return the additional sense code (0 when there is none) */
    public int asc() {
        return sense.length > 12 ? sense[12] & 0xff : 0;
    }
}
