package org.omnikernel.syscall;

/** The flags of {@link Sys#iosWrite} and {@link Sys#iosRead} (seed Fig 3.22), with the seed's bit values. */
public final class IosFlags {

    /**
     * Do not block; tell the state. A write takes what fits now (possibly nothing) and answers how
     * much; a read takes what is buffered now (possibly nothing, with {@link StreamRead#buffered()} 0).
     * When nothing could move, a message queue {@linkplain Sys#bind bound} to the stream receives
     * {@link QueueMessage#IOS_SPACE} or {@link QueueMessage#IOS_DATA} once it can.
     */
    public static final long STATE_POLL = 1L << 62;
    /**
     * The seed's flag for callers inside the kernel. Every caller here is a process, so a call with
     * it is refused with {@link Err#BAD_PARAMETER}.
     */
    public static final long ACCESS_KERNEL = 1L << 61;
    /**
     * On a write: after this write's bytes, the stream ends. A flow reading the stream then sees the
     * end (an empty READ answer) and counts the source drained; later writes are refused.
     */
    public static final long SIGNAL_EOF = 1L << 60;

    private IosFlags() {
    }
}
