package org.omnikernel.resource.blockdev;

/**
 * Request type of {@code drwr.ADAPTER} for a SCSI host adapter, and its answer. The kernel's SCSI
 * resource (SCSIR) builds the command descriptor blocks; the read/write resource carries them to the
 * adapter and the interrupt resource {@code dir.ADAPTER} brings the completion back:
 *
 * <pre>
 *  EXECUTE (Long tag, Integer lun, byte[] cdb, Buffer dataOut, Integer dataInLength)
 *      → SCSI_DONE (tag, Integer status, Buffer dataIn, byte[] sense, String error)
 * </pre>
 *
 * <p>A command moves data one way at most: {@code dataOut} holds what a WRITE sends (an empty buffer
 * for none) and {@code dataInLength} is the room for what a READ or INQUIRY returns (0 for none); both
 * at once is refused. {@code dataIn} holds the bytes the unit transferred (the room less the residual).
 *
 * <p>{@code error} is empty when the command reached the adapter and completed: {@code status} is then
 * the SCSI status (GOOD 00h, CHECK CONDITION 02h with {@code sense} holding the sense data, BUSY
 * 08h…). When the kernel could not carry the command out (a malformed request, a driver fault, the
 * adapter went away) {@code error} says why and {@code status} is {@link #NO_STATUS}. The resource
 * records the bytes moved as {@code nbytes} and rejects while the adapter's queue is full, exactly as
 * for block devices ({@link BlockProtocol}).
 */
public final class ScsiProtocol {

    /** Run one SCSI command. */
    public static final String EXECUTE = "EXECUTE";
    /** The answer; the client declares it as {@code (Long, Integer, Buffer, byte[], String)}. */
    public static final String DONE = "SCSI_DONE";
    /** The status of an answer whose command never completed on the adapter ({@code error} says why). */
    public static final int NO_STATUS = -1;

    private ScsiProtocol() {
    }
}
