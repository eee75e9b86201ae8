package org.omnikernel.storage;

/**
 * Requests to the resource that serves a {@link StorageUnit} (SDRWR for block devices, SCSIR for SCSI
 * logical units), as STOR sends them:
 *
 * <pre>
 *  READ  (Long tag, String unit, Long offset, Integer length) → UNIT_DONE(tag, Buffer data,  String error)
 *  WRITE (Long tag, String unit, Long offset, Buffer data)     → UNIT_DONE(tag, Buffer empty, String error)
 *  FLUSH (Long tag, String unit)                                → UNIT_DONE(tag, Buffer empty, String error)
 * </pre>
 *
 * <p>Offsets and lengths are multiples of the unit's {@link StorageUnit#blockSize()}; {@code error} is
 * empty on success, else a sentence naming the unit and what failed (out of range, a medium error
 * with its sense data, the unit went away). The serving resource records the bytes it moves as
 * {@code nbytes}.
 */
public final class UnitProtocol {

    /** Read bytes. */
    public static final String READ = "READ";
    /** Write bytes. */
    public static final String WRITE = "WRITE";
    /** Make completed writes durable. */
    public static final String FLUSH = "FLUSH";
    /** The answer to every request; clients declare it as {@code (Long, Buffer, String)}. */
    public static final String DONE = "UNIT_DONE";

    private UnitProtocol() {
    }
}
