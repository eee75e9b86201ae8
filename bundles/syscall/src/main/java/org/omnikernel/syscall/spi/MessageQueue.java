package org.omnikernel.syscall.spi;

import java.util.List;

import org.omnikernel.okrt.Activity;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;

/** A message queue (MQ, seed §3.3.1, Fig 3.20), as the resources that deliver to it see it. */
public interface MessageQueue extends KernelObject {

    /**
     * Places a message, now or after a delay (a timer of the MQ resource, paid by {@code payer}).
     *
     * @param message     the message
     * @param delayMicros 0 or more µs
     * @param payer       the activity that pays for the delayed delivery
     * @return {@link org.omnikernel.syscall.Err#GONE} for a closed queue,
     *         {@link org.omnikernel.syscall.Err#BAD_PARAMETER} for a negative delay
     */
    Result<Void> enqueue(QueueMessage message, long delayMicros, Activity payer);

    /**
     * Calling kernel thread: takes up to {@code max} messages, blocking up to the timeout for the first.
     *
     * @param max           at least 1
     * @param timeoutMicros 0, µs, or {@link org.omnikernel.syscall.Sys#FOREVER}
     * @return the messages; {@link org.omnikernel.syscall.Err#TIMEOUT}
     */
    Result<List<QueueMessage>> dequeue(int max, long timeoutMicros);

    /** @return messages waiting */
    int size();
}
