package org.omnikernel.fileio;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;

/**
 * The library's queue, shared by the flows of all its open files: a {@link QueueMessage#FLOW_SOURCE_DRAINED}
 * for one flow that arrives while the library waits for another's is kept for its own flow, not lost.
 * Notices of flows no longer registered (closed with sources still out) and other messages are dropped.
 */
final class FlowNotices {

    /** Messages taken off the queue per dequeue, at most. */
    private static final int BATCH = 16;

    private final Sys sys;
    private final Rid queue;
    private final Map<Long, ArrayDeque<QueueMessage>> byCookie = new HashMap<>();

    FlowNotices(Sys sys, Rid queue) {
        this.sys = sys;
        this.queue = queue;
    }

    /** @param cookie a flow's cookie, whose notices are kept from now on */
    void register(long cookie) {
        byCookie.put(cookie, new ArrayDeque<>());
    }

    /** @param cookie a closed flow's cookie: its notices still to come are dropped */
    void forget(long cookie) {
        byCookie.remove(cookie);
    }

    /**
     * Waits for the flow's next drained source.
     *
     * @param cookie a registered flow's cookie
     * @return the bytes the source moved, or the error it ended with (and the bytes it moved first)
     */
    Result<Long> nextDrained(long cookie) {
        ArrayDeque<QueueMessage> mine = byCookie.get(cookie);
        while (mine.isEmpty()) {
            Result<java.util.List<QueueMessage>> got = sys.dequeue(queue, BATCH, Sys.FOREVER);
            if (!got.isOk()) {
                return got.cast();
            }
            for (QueueMessage m : got.value()) {
                ArrayDeque<QueueMessage> owner = byCookie.get(m.cookie());
                if (owner != null && m.type().equals(QueueMessage.FLOW_SOURCE_DRAINED)) {
                    owner.add(m);
                }
            }
        }
        QueueMessage m = mine.poll();
        return m.error() == null ? Result.ok(m.value())
                : Result.error(m.error(), "the transfer stopped after " + m.value() + " bytes");
    }
}
