package org.omnikernel.storage;

/**
 * What AIOR sends to the resources at the ends of a flow (seed §3.3.1.2): a source answers READ with
 * data, a sink answers WRITE once it has consumed the data. FCR (files) and IOR (I/O streams) answer
 * both. The {@code handle} is the one the endpoint's kernel object gives ({@link FlowEndpoint#handle()}):
 *
 * <pre>
 *  READ  (Long tag, Long handle, Long offset, Integer length) → IO_DONE(tag, IoReply(Buffer))
 *  WRITE (Long tag, Long handle, Long offset, Buffer data)     → IO_DONE(tag, IoReply(Long bytes consumed))
 * </pre>
 *
 * <p>A READ answers with at most {@code length} bytes; an empty buffer means the source has no more
 * (the end of a file, or a stream written with the end-of-file flag). Offsets are ignored by
 * stream endpoints. Data passes by reference and must not change while referenced: an endpoint that
 * keeps a buffer it was given copies on its next write rather than writing into it.
 */
public final class FlowProtocol {

    /** Produce data. */
    public static final String READ = "READ";
    /** Consume data. */
    public static final String WRITE = "WRITE";
    /** The answer to both; clients declare it as {@code (Long, IoReply)}. */
    public static final String DONE = "IO_DONE";

    private FlowProtocol() {
    }
}
