package org.omnikernel.hal.device;

/** What the registry gives a device when it starts it. */
public interface DeviceContext {

    /** @return the device's name */
    String name();

    /**
     * Raises the device's interrupt: the kernel's low-level handler runs on a core with the payload
     * (a {@link BlockCompletion}, a {@link FrameReceived}, {@link TransmitCompleted}…). From any thread;
     * never blocks.
     *
     * @param payload what happened
     * @return false when the interrupt was dropped (the device is leaving or the kernel is overwhelmed)
     */
    boolean raise(Object payload);
}
