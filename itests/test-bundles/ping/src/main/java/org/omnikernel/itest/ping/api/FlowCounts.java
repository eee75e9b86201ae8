package org.omnikernel.itest.ping.api;

/**
 * The figures of one activity's ping flow at one instant.
 *
 * @param target                  PINGs asked for by START messages
 * @param attempted               PINGs resource.ping tried to send
 * @param pongs                   PONG replies received
 * @param undeliverable           undeliverable notices received for its PINGs
 * @param failedSends             sends whose {@code SendResult} was not OK
 * @param closuresDestroyed       PING closures destroyed unrun: by OKRT when it discarded the PING, or
 *                                by resource.ping when the send was refused
 * @param halted                  whether a failure or notice stopped the flow
 * @param lastFailure             the last failed send's result, or empty
 * @param lastUndeliverableReason the reason given by the last undeliverable notice, or empty
 */
public record FlowCounts(long target, long attempted, long pongs, long undeliverable, long failedSends,
        long closuresDestroyed, boolean halted, String lastFailure, String lastUndeliverableReason) {

    /** Counts of an activity that never started a flow. */
    public static final FlowCounts NONE = new FlowCounts(0, 0, 0, 0, 0, 0, false, "", "");

    /** @return PINGs whose fate is known: replied to, reported undeliverable, or refused at send */
    public long accountedFor() {
        return pongs + undeliverable + failedSends;
    }

    /** @return whether every PING attempted is accounted for */
    public boolean settled() {
        return attempted == accountedFor();
    }
}
