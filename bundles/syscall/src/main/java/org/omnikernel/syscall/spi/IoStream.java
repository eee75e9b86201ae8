package org.omnikernel.syscall.spi;

import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.StreamRead;

/**
 * An I/O stream (seed §3.3.1.3, Fig 3.22) as the process resource sees it: {@code ioswrite} and
 * {@code iosread} run on the calling kernel thread, inside its system call, and block it with the
 * {@link KThread} wait protocol when the buffer is full or empty.
 */
public interface IoStream extends KernelObject {

    /**
     * Calling kernel thread: copies bytes into the stream's outgoing buffer, for a flow reading it.
     *
     * @param data  the bytes
     * @param off   where in data
     * @param len   how many
     * @param flags {@link org.omnikernel.syscall.IosFlags}
     * @return bytes written; see {@link org.omnikernel.syscall.Sys#iosWrite}
     */
    Result<Long> write(byte[] data, int off, int len, long flags);

    /**
     * Calling kernel thread: takes bytes a flow wrote into the stream's incoming buffer.
     *
     * @param max           at most this many
     * @param flags         {@link org.omnikernel.syscall.IosFlags}
     * @param timeoutMicros 0, µs or {@link org.omnikernel.syscall.Sys#FOREVER}
     * @return what was read; see {@link org.omnikernel.syscall.Sys#iosRead}
     */
    Result<StreamRead> read(int max, long flags, long timeoutMicros);

    /**
     * Binds the stream to a queue, replacing an earlier binding: it receives
     * {@link org.omnikernel.syscall.QueueMessage#IOS_DATA} and
     * {@link org.omnikernel.syscall.QueueMessage#IOS_SPACE} with the cookie.
     *
     * @param queue  the queue
     * @param cookie delivered with the messages (the process resource gives the stream's RID)
     */
    void bind(MessageQueue queue, long cookie);
}
