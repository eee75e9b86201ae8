package org.omnikernel.hal;

/**
 * A low-level interrupt handler (seed §3.3.2): runs on the core the interrupt was delivered to and
 * does as little as possible — typically it turns the interrupt into a message to the device's
 * interrupt resource, which does the rest under the scheduler's control.
 */
@FunctionalInterface
public interface InterruptHandler {

    /**
     * @param payload what the device raised the interrupt with (a completion, a received frame…)
     * @param core    the core it runs on
     */
    void interrupt(Object payload, int core);
}
