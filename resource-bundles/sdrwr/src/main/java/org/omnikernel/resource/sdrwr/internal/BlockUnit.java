package org.omnikernel.resource.sdrwr.internal;

import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.resource.blockdev.BlockProtocol;
import org.omnikernel.storage.StorageUnit;

/**
 * A block device as a storage unit: its name and geometry, the DRWR that moves its blocks, and
 * whether it is still there.
 */
final class BlockUnit implements StorageUnit {

    private final String name;
    private final String driver;
    private final int blockSize;
    private final long blocks;
    private final String resource;
    private volatile boolean gone;

    BlockUnit(BlockDevice device, String driver, String resource) {
        this.name = device.name();
        this.driver = driver;
        this.blockSize = device.blockSize();
        this.blocks = device.blockCount();
        this.resource = resource;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String resource() {
        return resource;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long blocks() {
        return blocks;
    }

    @Override
    public boolean readOnly() {
        // the HAL's BlockDevice says nothing of it: a read-only medium answers writes with an error
        return false;
    }

    @Override
    public String description() {
        return "block device " + name + " from " + driver + ", " + blocks + " blocks of " + blockSize + " bytes";
    }

    /** @return the name of the device's read/write resource */
    String drwr() {
        return BlockProtocol.readWrite(name);
    }

    /** @return the unit's size in bytes */
    long bytes() {
        return blocks * blockSize;
    }

    boolean gone() {
        return gone;
    }

    void markGone() {
        gone = true;
    }

    @Override
    public String toString() {
        return "unit " + name;
    }
}
