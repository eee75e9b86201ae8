package org.omnikernel.itest.pong;

import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Closure;
import org.osgi.service.component.annotations.Component;

/**
 * resource.pong: invokes the closure of each {@code PING(seq, done)} and replies {@code PONG(seq)} to its
 * sender. A PING sent from outside the grid has no sender to reply to; its reply's error result is
 * ignored.
 *
 * <p>{@code HOLD()} makes it reject every later PING, so that OKRT suspends it and PINGs pile up in
 * its request queues: a test can then stop the bundle with a known number of messages queued. Nothing
 * resumes it; a new instance (after the bundle restarts) answers again.
 */
@Component(service = Resource.class)
public final class PongResource implements Resource {

    private volatile boolean holding;

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named("resource.pong")
                .request("PING", this::ping, Integer.class, Closure.class)
                .request("HOLD", (ctx, m) -> holding = true)
                .build();
    }

    private void ping(ExecutionContext ctx, Message m) {
        if (holding) {
            ctx.reject();
            return;
        }
        Closure done = m.argument(1, Closure.class);
        if (done != null) {
            done.invoke();
        }
        ctx.reply(m, "PONG", m.argument(0, Integer.class));
    }
}
