package org.omnikernel.driver.scsi;

import java.nio.file.Path;
import java.util.List;

import org.omnikernel.hal.device.ScsiHostAdapter;

/**
 * Makes the real driver-scsi adapter for tests outside its bundle: the class is package-private there,
 * as a driver's implementation should be; in OSGi it is configured through Config Admin instead.
 */
public final class ImageAdapters {

    private ImageAdapters() {
    }

    /**
     * @param name       the adapter's device name
     * @param images     one image file per LUN, LUN 0 first
     * @param blockSize  bytes per block
     * @param queueDepth commands in flight at most
     * @param readOnly   whether the units are write-protected
     * @return the adapter, not started
     */
    public static ScsiHostAdapter create(String name, List<Path> images, int blockSize, int queueDepth, boolean readOnly) {
        return new ScsiAdapter(name, images, blockSize, queueDepth, readOnly);
    }
}
