package org.omnikernel.hal.device;

import java.nio.ByteBuffer;

/**
 * The interrupt payload for a frame a {@link NetworkDevice} received.
 *
 * @param frame the whole Ethernet frame; the kernel owns it from now on
 */
public record FrameReceived(ByteBuffer frame) {
}
