package org.omnikernel.resource.scsi.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps SCSIR's answers to one client (a sending resource and activity) in the order of its
 * requests: a request whose commands finished early waits for those sent before it. The pieces of
 * one request run concurrently on the adapter; the client sees UNIT_DONE answers in request order.
 */
final class AnswerOrder {

    private record Client(int source, long activity) {
    }

    private final Map<Client, ArrayDeque<UnitRequest>> queues = new HashMap<>();

    /** @param r a request just taken, not yet complete */
    synchronized void enqueue(UnitRequest r) {
        queues.computeIfAbsent(clientOf(r), c -> new ArrayDeque<>()).add(r);
    }

    /**
     * @param r a request that just completed
     * @return the requests of its client that can now be answered, in order
     */
    synchronized List<UnitRequest> complete(UnitRequest r) {
        r.markDone();
        Client c = clientOf(r);
        ArrayDeque<UnitRequest> q = queues.get(c);
        List<UnitRequest> out = new ArrayList<>();
        while (q != null && !q.isEmpty() && q.peek().isDone()) {
            out.add(q.poll());
        }
        if (q != null && q.isEmpty()) {
            queues.remove(c);
        }
        return out;
    }

    private static Client clientOf(UnitRequest r) {
        return new Client(r.request.source(), r.request.activity().id());
    }
}
