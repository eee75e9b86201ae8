package org.omnikernel.syscall;

/**
 * The flags of {@link Sys#flow} (seed Fig 3.21), with the seed's bit values, and the byte count that
 * drains a source to its end.
 *
 * <pre>{@code
 * Rid flow = sys.flow(ioa, sink, FlowFlags.FIFO | FlowFlags.ACK_64KB, 7).value();
 * sys.flowSource(ioa, flow, source, 0, FlowFlags.NBYTES_EOF, 0).value();
 * }</pre>
 */
public final class FlowFlags {

    /** Drain the sources in the order they were added, one at a time; without it they are read together. */
    public static final long FIFO = 1L << 62;
    /**
     * Forward data to the sink as soon as a source produces it; without it, the short answers a stream
     * source gives are gathered into chunks (32 KB) before they are written.
     */
    public static final long IMMEDIATE = 1L << 61;
    /** A {@link QueueMessage#FLOW_ACK} each time another 4 KB reached the sink. */
    public static final long ACK_4KB = 1L << 60;
    /** A {@link QueueMessage#FLOW_ACK} each time another 16 KB reached the sink. */
    public static final long ACK_16KB = 1L << 59;
    /** A {@link QueueMessage#FLOW_ACK} each time another 64 KB reached the sink. */
    public static final long ACK_64KB = 1L << 58;
    /** A {@link QueueMessage#FLOW_ACK} each time another 256 KB reached the sink. */
    public static final long ACK_256KB = 1L << 57;
    /** A {@link QueueMessage#FLOW_ACK} each time another 1024 KB reached the sink. */
    public static final long ACK_1024KB = 1L << 56;
    /**
     * Acknowledge what the sink consumed ({@link QueueMessage#FLOW_ACK}); without a size flag, every
     * write the sink answers.
     */
    public static final long ACK_SINK = 1L << 55;
    /**
     * Acknowledge what the sources produced ({@link QueueMessage#FLOW_ACK_SOURCE}), at the size flag's
     * granularity, or every read a source answers without one.
     */
    public static final long ACK_SOURCE = 1L << 54;

    /** Every flag {@link Sys#flow} knows; other bits are refused. */
    public static final long ALL = FIFO | IMMEDIATE | ACK_4KB | ACK_16KB | ACK_64KB | ACK_256KB | ACK_1024KB
            | ACK_SINK | ACK_SOURCE;

    /**
     * A source's byte count meaning "until the source says it has no more" (the seed's
     * {@code VX_FLOW_NBYTES_EOF}): the end of a file, an I/O stream written with
     * {@link IosFlags#SIGNAL_EOF}.
     */
    public static final long NBYTES_EOF = Long.MAX_VALUE;

    private FlowFlags() {
    }

    /**
     * @param flags flow flags
     * @return the acknowledgement step in bytes the size flags ask for (the smallest one set), or 0
     *         when none is set
     */
    public static long ackStep(long flags) {
        long[] sizes = {ACK_4KB, ACK_16KB, ACK_64KB, ACK_256KB, ACK_1024KB};
        long[] bytes = {4L << 10, 16L << 10, 64L << 10, 256L << 10, 1024L << 10};
        for (int i = 0; i < sizes.length; i++) {
            if ((flags & sizes[i]) != 0) {
                return bytes[i];
            }
        }
        return 0;
    }
}
