package org.omnikernel.resource.blockdev.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.object.Buffer;

/**
 * The requests one device accepted and has not completed, by the kernel's tag. DRWR adds on submit,
 * DIR takes on completion; they may run on different cores at once.
 */
final class InFlight {

    /**
     * One accepted request.
     *
     * @param request   the client's message, to answer
     * @param activity  who pays: the completion is attributed back to it
     * @param clientTag the client's tag, echoed
     * @param data      the buffer a READ fills, or an empty one (a READ_INTO fills the client's window)
     * @param bytes     bytes moved
     */
    record Pending(Message request, Activity activity, long clientTag, Buffer data, long bytes) {
    }

    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong tags = new AtomicLong();

    long nextTag() {
        return tags.incrementAndGet();
    }

    void put(long tag, Pending p) {
        pending.put(tag, p);
    }

    Pending take(long tag) {
        return pending.remove(tag);
    }

    int size() {
        return pending.size();
    }

    /** @return every pending request, removed: the device went away */
    List<Pending> drain() {
        List<Pending> all = new ArrayList<>();
        for (Long tag : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(tag);
            if (p != null) {
                all.add(p);
            }
        }
        return all;
    }
}
