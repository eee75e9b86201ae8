package org.omnikernel.hal.device;

/**
 * The interrupt payload telling that a {@link NetworkDevice} finished transmitting frames.
 *
 * @param frames how many frames finished since the last such interrupt
 */
public record TransmitCompleted(int frames) {
}
