package org.omnikernel.resource.aio.internal;

/**
 * A flow's state at one moment.
 *
 * @param sources         sources not yet drained
 * @param sourceBytes     bytes read from its sources
 * @param sinkBytes       bytes its sink has consumed
 * @param inFlight        WRITE bytes sent and not yet answered
 * @param maxInFlightSeen the most WRITE bytes ever unanswered at once
 * @param inFlightBound   the bound on them
 * @param closed          whether flowclose has run
 */
public record FlowStats(int sources, long sourceBytes, long sinkBytes, long inFlight, long maxInFlightSeen,
        long inFlightBound, boolean closed) {
}
