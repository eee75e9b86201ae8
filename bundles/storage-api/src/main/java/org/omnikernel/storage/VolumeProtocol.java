package org.omnikernel.storage;

/**
 * Requests to STOR ({@value #RESOURCE}), the storage resource: block access to a {@link Volume} by
 * name, translated to its unit and forwarded to the unit's resource:
 *
 * <pre>
 *  READ  (Long tag, String volume, Long offset, Integer length) → VOLUME_DONE(tag, Buffer data,  String error)
 *  WRITE (Long tag, String volume, Long offset, Buffer data)     → VOLUME_DONE(tag, Buffer empty, String error)
 *  FLUSH (Long tag, String volume)                                → VOLUME_DONE(tag, Buffer empty, String error)
 * </pre>
 *
 * <p>Offsets are relative to the volume's start and, with lengths, multiples of its block size;
 * a request past the volume's end, or a write to a read-only volume, is answered with an error and
 * never reaches the unit. Messages keep their dependency labels on the way down, so that a file
 * system's ordered writes reach the disk in the order sent (seed §5.7). STOR records {@code nbytes}.
 */
public final class VolumeProtocol {

    /**
     * STOR's resource name. OKRT's resource names are dotted ({@code resource.mq}), so STOR is
     * {@code resource.stor}.
     */
    public static final String RESOURCE = "resource.stor";
    /** Read bytes. */
    public static final String READ = "READ";
    /** Write bytes. */
    public static final String WRITE = "WRITE";
    /** Make completed writes durable. */
    public static final String FLUSH = "FLUSH";
    /** The answer to every request; clients declare it as {@code (Long, Buffer, String)}. */
    public static final String DONE = "VOLUME_DONE";

    private VolumeProtocol() {
    }
}
