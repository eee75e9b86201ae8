package org.omnikernel.storage;

/**
 * A storage unit — a disk or a SCSI logical unit — offered as an OSGi service by the resource that
 * serves it (SDRWR, SCSIR). STOR tracks these services (whiteboard), reads their partition tables and
 * makes volumes of them; when the service goes away, so do its volumes.
 */
public interface StorageUnit {

    /** Service property: the unit's name, as {@link #name()}. */
    String NAME = "storage.unit";

    /** @return the unit's name, unique in the kernel, such as {@code disk0} or {@code scsi0.0} */
    String name();

    /** @return the name of the resource that answers {@link UnitProtocol} requests for it */
    String resource();

    /** @return the size of its blocks in bytes (512 or 4096 typically) */
    int blockSize();

    /** @return its size in blocks */
    long blocks();

    /** @return whether writes are refused */
    boolean readOnly();

    /** @return a human-readable description: vendor, model, the driver's device */
    String description();
}
