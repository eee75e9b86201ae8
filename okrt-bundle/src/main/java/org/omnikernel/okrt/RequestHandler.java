package org.omnikernel.okrt;

/**
 * A function of a resource interface (the seed's {@code ri_function}). Runs to completion on one
 * core and is never preempted; it must not block: work that waits is split into messages.
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * @param ctx     the execution context: send, reply, record, reject
     * @param message the message being delivered
     * @throws Exception any failure; OKRT contains it, counts it against the resource and carries on
     */
    void handle(ExecutionContext ctx, Message message) throws Exception;
}
