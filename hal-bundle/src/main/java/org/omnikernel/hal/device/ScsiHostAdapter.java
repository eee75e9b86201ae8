package org.omnikernel.hal.device;

import java.util.List;

/**
 * A SCSI host adapter: logical units (LUNs) addressed by number, driven by SCSI command descriptor
 * blocks (SPC/SBC). Each accepted command completes with exactly one {@link ScsiCompletion} raised as
 * an interrupt; a command the device cannot carry out completes with CHECK CONDITION and sense data
 * rather than throwing.
 */
public interface ScsiHostAdapter extends Device {

    /** Type of a SCSI host adapter. */
    String SCSI = "scsi";

    @Override
    default String type() {
        return SCSI;
    }

    /** @return the LUNs present now, ascending */
    List<Integer> luns();

    /** @return commands the adapter accepts at once; {@link #submit} refuses beyond it */
    int queueDepth();

    /**
     * Starts a command.
     *
     * @param command the command; its buffer belongs to the adapter until it completes
     * @return false when the adapter's queue is full
     */
    boolean submit(ScsiCommand command);
}
