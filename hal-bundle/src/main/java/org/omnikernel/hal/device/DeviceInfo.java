package org.omnikernel.hal.device;

import org.omnikernel.hal.InterruptStatistics;

/**
 * A device's registration, for consoles and the grid model.
 *
 * @param name      the device's name
 * @param type      its type
 * @param driver    its driver
 * @param state     {@code running} or {@code failed}
 * @param failure   why it failed, or empty
 * @param interrupt its interrupt line's figures (null when it failed before getting one)
 */
public record DeviceInfo(String name, String type, String driver, String state, String failure,
        InterruptStatistics interrupt) {
}
