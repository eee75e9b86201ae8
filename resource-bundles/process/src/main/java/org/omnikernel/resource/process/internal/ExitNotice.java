package org.omnikernel.resource.process.internal;

import org.omnikernel.okrt.Activity;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.spi.MessageQueue;

/**
 * Where a process's end is announced (Fig 3.23's {@code pr_messagequeue}): a queue of the parent, the
 * cookie (the child's RID in the parent) and the parent's activity that pays.
 */
record ExitNotice(MessageQueue queue, long cookie, Activity payer) {

    void send(long status) {
        queue.enqueue(new QueueMessage(QueueMessage.PROCESS_EXIT, cookie, status), 0, payer);
    }
}
