package org.omnikernel.resource.blockdev;

/**
 * Request types of {@code drwr.DEVICE} and its answer. Every request carries the client's tag, echoed
 * in the answer, which goes to the sending resource under the sending activity:
 *
 * <pre>
 *  READ      (Long tag, Long block, Integer blocks)                    → DONE(tag, Buffer data,  String error)
 *  READ_INTO (Long tag, Long block, Integer blocks, ByteBuffer window) → DONE(tag, Buffer empty, String error)
 *  WRITE     (Long tag, Long block, Buffer data)                       → DONE(tag, Buffer empty, String error)
 *  FLUSH     (Long tag)                                                → DONE(tag, Buffer empty, String error)
 * </pre>
 *
 * <p>READ answers with a buffer DRWR allocates. READ_INTO reads into memory the client owns: the
 * device fills {@code window}'s remaining bytes, which must be exactly {@code blocks} blocks and
 * writable; the window's own position and limit are left alone. A client that joins several reads
 * into one buffer (SDRWR) gives each a window of that buffer, so the bytes are neither allocated
 * here nor copied afterwards. The window's bytes are valid only once the answer has arrived with no
 * error. After an error they are undefined — and when the device went away with the request (the
 * error says so), the device may still be writing into them — so the client must not hand the
 * window's memory on after an error.
 *
 * <p>{@code error} is empty on success, else a sentence (out of range, a medium error, the device
 * went away). A WRITE's buffer length must be a whole number of blocks. The resource records the
 * bytes moved as {@code nbytes}, so a scheduler configured with {@code metric="nbytes"} shares the
 * disk's bandwidth among activities (seed §5.7).
 */
public final class BlockProtocol {

    /** Read blocks. */
    public static final String READ = "READ";
    /**
     * Read blocks into the client's memory, a {@link java.nio.ByteBuffer} window; answered with an
     * empty buffer.
     *
     * @since 0.3.0
     */
    public static final String READ_INTO = "READ_INTO";
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
