package org.omnikernel.storage;

import java.util.HashMap;
import java.util.Map;

import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.SendResult;

/**
 * Keeps a message's dependency order when a resource forwards it down the stack (seed §5.7: a file
 * system's ordered writes reach the disk in the order sent). OKRT lets only the resource that made a
 * label send with it, so a forwarding resource (STOR, SDRWR, SCSIR) maps each incoming label to one
 * of its own and sends everything it forwards for that label with {@code sendOrdered}:
 *
 * <pre>
 *  EXT2R ─ sendOrdered(L1) ─► STOR ─ sendOrdered(L2) ─► SDRWR ─ sendOrdered(L3) ─► drwr.disk0
 *            L1 ↦ L2 while messages of L1 are outstanding at STOR's side
 * </pre>
 *
 * <p>A mapping lives while forwarded messages of the incoming label are outstanding ({@link #forward}
 * counts one up, {@link #answered} one down) and is dropped when none are: a later message of the
 * label then gets a fresh label, which is safe because everything sent before it has been answered.
 * So the table holds at most one entry per label in flight. Thread-safe: answers may arrive on another
 * core than the requests.
 */
public final class DependencyRelay {

    private static final class Mapped {
        final DependencyLabel label;
        int outstanding;

        Mapped(DependencyLabel label) {
            this.label = label;
        }
    }

    private final Map<DependencyLabel, Mapped> labels = new HashMap<>();

    /**
     * Sends one message forwarded on behalf of the message being handled: ordered after earlier
     * messages forwarded for the same incoming label, or plainly when the incoming message has none.
     * Every successful send must be matched by one {@link #answered} when its answer arrives.
     *
     * @param ctx         the handler's context
     * @param incoming    the dependency label of the message being forwarded, or null
     * @param destination the next resource
     * @param requestType its request type
     * @param arguments   the arguments
     * @return the outcome of the send; on failure nothing is counted
     */
    public SendResult forward(ExecutionContext ctx, DependencyLabel incoming, String destination, String requestType,
            Object... arguments) {
        if (incoming == null) {
            return ctx.send(destination, requestType, arguments);
        }
        DependencyLabel own;
        synchronized (labels) {
            Mapped m = labels.computeIfAbsent(incoming, l -> new Mapped(ctx.newDependencyLabel(l.affinity())));
            m.outstanding++;
            own = m.label;
        }
        SendResult r = ctx.sendOrdered(own, destination, requestType, arguments);
        if (!r.isOk()) {
            answered(incoming);
        }
        return r;
    }

    /**
     * Notes the answer to one message sent with {@link #forward}.
     *
     * @param incoming the incoming label it was forwarded for, or null (then nothing happens)
     */
    public void answered(DependencyLabel incoming) {
        if (incoming == null) {
            return;
        }
        synchronized (labels) {
            Mapped m = labels.get(incoming);
            if (m != null && --m.outstanding <= 0) {
                labels.remove(incoming);
            }
        }
    }

    /** @return how many incoming labels have forwarded messages outstanding */
    public int labelsInFlight() {
        synchronized (labels) {
            return labels.size();
        }
    }
}
