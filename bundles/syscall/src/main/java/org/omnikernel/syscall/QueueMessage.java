package org.omnikernel.syscall;

import java.util.Objects;

/**
 * A message on a message queue (the seed's {@code vx_message_t}, Fig 3.20): what happened, the
 * cookie given with the call that caused it, and a value.
 *
 * @param type   what the message is about: {@link #USER} for one a program enqueued,
 *               {@link #PROCESS_EXIT} (value: exit status, cookie: the child's RID in the parent),
 *               {@link #AOPEN_DONE} (value: the new RID, cookie: the call's cookie)
 * @param cookie the caller's cookie
 * @param value  the payload
 */
public record QueueMessage(String type, long cookie, long value) {

    /** A message a program enqueued. */
    public static final String USER = "user";
    /** A child process ended (Fig 3.23's {@code pr_messagequeue}). */
    public static final String PROCESS_EXIT = "process.exit";
    /** An aopen completed for an I/O aggregate bound to the queue (§3.3.1). */
    public static final String AOPEN_DONE = "aopen.done";

    /**
     * @throws NullPointerException without a type
     */
    public QueueMessage {
        Objects.requireNonNull(type, "type");
    }

    /**
     * @param cookie the cookie
     * @param value  the value
     * @return a {@link #USER} message
     */
    public static QueueMessage user(long cookie, long value) {
        return new QueueMessage(USER, cookie, value);
    }
}
