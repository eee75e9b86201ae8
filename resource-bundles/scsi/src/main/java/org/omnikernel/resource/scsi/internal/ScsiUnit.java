package org.omnikernel.resource.scsi.internal;

import org.omnikernel.storage.StorageUnit;

/**
 * A logical unit SCSIR probed and serves: the {@link StorageUnit} service it registers.
 *
 * @param name        {@code ADAPTER.LUN}, such as {@code scsi0.0}
 * @param resource    the resource answering {@code UnitProtocol} for it: SCSIR
 * @param blockSize   bytes per logical block, from READ CAPACITY
 * @param blocks      logical blocks, from READ CAPACITY
 * @param readOnly    whether MODE SENSE reported it write-protected
 * @param description vendor, product, revision and serial from INQUIRY, and where it sits
 * @param adapter     the SCSI host adapter's device name
 * @param lun         the logical unit number
 */
record ScsiUnit(String name, String resource, int blockSize, long blocks, boolean readOnly, String description,
        String adapter, int lun) implements StorageUnit {
}
