package org.omnikernel.syscall;

import java.util.Objects;

/**
 * A message on a message queue (the seed's {@code vx_message_t}, Fig 3.20): what happened, the
 * cookie given with the call that caused it, a value, and for completions that failed, the error.
 *
 * @param type   what the message is about: {@link #USER} for one a program enqueued,
 *               {@link #PROCESS_EXIT} (value: exit status, cookie: the child's RID in the parent),
 *               {@link #AOPEN_DONE} (value: the new RID, cookie: the call's cookie), the flow and
 *               I/O stream messages below
 * @param cookie the caller's cookie
 * @param value  the payload
 * @param error  null, or why the operation the message completes failed or stopped early (its
 *               sentence is not carried; the bytes in {@code value} say how far it got)
 */
public record QueueMessage(String type, long cookie, long value, Err error) {

    /** A message a program enqueued. */
    public static final String USER = "user";
    /** A child process ended (Fig 3.23's {@code pr_messagequeue}). */
    public static final String PROCESS_EXIT = "process.exit";
    /** An aopen completed for an I/O aggregate bound to the queue (§3.3.1). */
    public static final String AOPEN_DONE = "aopen.done";
    /**
     * A flow's source is drained (§3.3.1.1): its bytes were moved, or it had no more (end of file, a
     * stream's end), or it failed, or the flow was closed first. Cookie: the flow's cookie; value:
     * the bytes of that source the sink consumed (when {@link Sys#flowClose} stopped it: the bytes
     * sent to the sink, which still reach it); error: null when it ended normally, else why not
     * ({@link Err#GONE} when flowclose stopped it). Goes to the queue bound to the flow's I/O aggregate.
     */
    public static final String FLOW_SOURCE_DRAINED = "flow.source.drained";
    /**
     * Progress of a flow at its sink ({@link FlowFlags#ACK_SINK} and the size flags such as
     * {@link FlowFlags#ACK_64KB}). Cookie: the flow's cookie; value: bytes the sink has consumed so
     * far, over all sources.
     */
    public static final String FLOW_ACK = "flow.ack";
    /**
     * Progress of a flow at its sources ({@link FlowFlags#ACK_SOURCE}). Cookie: the flow's cookie;
     * value: bytes read from its sources so far.
     */
    public static final String FLOW_ACK_SOURCE = "flow.ack.source";
    /**
     * Data arrived to an empty I/O stream buffer (the stream as a flow's sink, §3.3.1.3). Cookie: the
     * stream's RID; value: bytes buffered.
     */
    public static final String IOS_DATA = "ios.data";
    /**
     * Space freed in an I/O stream whose writer found it full (the stream as a flow's source). Cookie:
     * the stream's RID; value: bytes free.
     */
    public static final String IOS_SPACE = "ios.space";

    /**
     * @throws NullPointerException without a type
     */
    public QueueMessage {
        Objects.requireNonNull(type, "type");
    }

    /**
     * A message without an error.
     *
     * @param type   what it is about
     * @param cookie the caller's cookie
     * @param value  the payload
     */
    public QueueMessage(String type, long cookie, long value) {
        this(type, cookie, value, null);
    }

    /**
     * @param cookie the cookie
     * @param value  the value
     * @return a {@link #USER} message
     */
    public static QueueMessage user(long cookie, long value) {
        return new QueueMessage(USER, cookie, value);
    }

    /** @return whether it reports no error */
    public boolean isOk() {
        return error == null;
    }
}
