package org.omnikernel.hal.device;

import java.nio.ByteBuffer;

/**
 * A network interface card. Received frames arrive as {@link FrameReceived} interrupts; transmitted
 * frames are acknowledged by {@link TransmitCompleted} interrupts, which also tell the kernel's write
 * resource that a full transmit ring has room again.
 */
public interface NetworkDevice extends Device {

    @Override
    default String type() {
        return NIC;
    }

    /** @return the 6-byte MAC address */
    byte[] macAddress();

    /** @return the largest frame payload, in bytes (1500 for Ethernet) */
    int mtu();

    /** @return the link rate in bits per second, or 0 when unknown */
    long linkBitsPerSecond();

    /**
     * Queues an Ethernet frame for transmission.
     *
     * @param frame the whole frame, from its position to its limit; the device copies or owns it
     *              until the matching {@link TransmitCompleted}
     * @return false when the transmit ring is full
     */
    boolean transmit(ByteBuffer frame);
}
