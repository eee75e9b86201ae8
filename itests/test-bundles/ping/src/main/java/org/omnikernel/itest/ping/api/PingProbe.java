package org.omnikernel.itest.ping.api;

/**
 * Registered by the resource.ping bundle next to its {@code Resource} service.
 *
 * <p>resource.ping answers {@code START(Integer n)}: for the message's activity it adds {@code n} to
 * the flow's target and keeps up to {@link #WINDOW} {@code PING(Integer seq, Closure done)} messages outstanding at
 * resource.pong, sending the next one from each {@code PONG(Integer seq)} reply until the target is
 * reached. A send that fails, or an undeliverable notice, halts the flow: the destination is gone.
 * Every PING attempted thus ends up as exactly one of: a PONG received, an undeliverable notice, or a
 * failed send. resource.pong invokes {@code done}; a PING that never runs has it destroyed, which
 * resource.ping counts.
 */
public interface PingProbe {

    /** Resource name of the pinging resource. */
    String PING = "resource.ping";
    /** Resource name of the answering resource. */
    String PONG = "resource.pong";
    /** Request type that starts or extends a flow: {@code START(Integer n)}. */
    String START = "START";
    /** Most PINGs one activity's flow has outstanding at a time. */
    int WINDOW = 256;

    /**
     * @param activityId an activity's id
     * @return what its flow has seen so far; all zero when it has none
     */
    FlowCounts counts(long activityId);
}
