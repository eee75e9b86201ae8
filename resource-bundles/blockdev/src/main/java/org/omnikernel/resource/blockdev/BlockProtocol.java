package org.omnikernel.resource.blockdev;

/**
 * Request types of {@code drwr.DEVICE} and its answer. Every request carries the client's tag, echoed
 * in the answer, which goes to the sending resource under the sending activity:
 *
 * <pre>
 *  READ  (Long tag, Long block, Integer blocks)          → DONE(tag, Buffer data,  String error)
 *  WRITE (Long tag, Long block, Buffer data)             → DONE(tag, Buffer empty, String error)
 *  FLUSH (Long tag)                                      → DONE(tag, Buffer empty, String error)
 * </pre>
 *
 * <p>{@code error} is empty on success, else a sentence (out of range, a medium error, the device
 * went away). A WRITE's buffer length must be a whole number of blocks. The resource records the
 * bytes moved as {@code nbytes}, so a scheduler configured with {@code metric="nbytes"} shares the
 * disk's bandwidth among activities (seed §5.7).
 */
public final class BlockProtocol {

    /** Read blocks. */
    public static final String READ = "READ";
    /** Write blocks. */
    public static final String WRITE = "WRITE";
    /** Make completed writes durable. */
    public static final String FLUSH = "FLUSH";
    /** The answer to every request; the client declares it as {@code (Long, Buffer, String)}. */
    public static final String DONE = "BLOCK_DONE";

    private BlockProtocol() {
    }

    /**
     * @param device a device's name
     * @return its read/write resource's name
     */
    public static String readWrite(String device) {
        return "drwr." + device;
    }

    /**
     * @param device a device's name
     * @return its interrupt resource's name
     */
    public static String interrupt(String device) {
        return "dir." + device;
    }
}
