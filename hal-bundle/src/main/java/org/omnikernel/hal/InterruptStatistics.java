package org.omnikernel.hal;

/**
 * One interrupt line's figures since it was allocated.
 *
 * @param number   the line's number
 * @param name     what it serves
 * @param raised   interrupts raised by the device
 * @param serviced interrupts whose low-level handler ran
 * @param failures handler runs that threw
 * @param lost     interrupts dropped: raised after release, or beyond the held backlog
 * @param nanos    time spent in its low-level handler
 * @param held     interrupts held now because no handler is set
 */
public record InterruptStatistics(int number, String name, long raised, long serviced, long failures, long lost,
        long nanos, long held) {
}
