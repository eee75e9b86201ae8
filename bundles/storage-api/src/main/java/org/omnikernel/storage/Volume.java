package org.omnikernel.storage;

import java.util.Objects;

/**
 * A volume STOR exports (seed §5.7: "discovered disks and RAID volumes are registered with SR as
 * storage volumes"): a whole unit, or one partition of it.
 *
 * @param name      unique name: the unit's name for the whole unit, {@code UNIT.pN} for partition N
 * @param unit      the unit it lies on
 * @param offset    its first byte on the unit
 * @param size      its size in bytes
 * @param blockSize the unit's block size
 * @param readOnly  whether writes are refused
 * @param scheme    {@code whole}, {@code mbr} or {@code gpt}
 * @param type      the partition type: an MBR type byte in hex ({@code 83}), a GPT type GUID, or empty
 * @param label     the GPT partition name, or empty
 */
public record Volume(String name, String unit, long offset, long size, int blockSize, boolean readOnly,
        String scheme, String type, String label) {

    /** A whole unit. */
    public static final String WHOLE = "whole";
    /** A partition from a master boot record. */
    public static final String MBR = "mbr";
    /** A partition from a GUID partition table. */
    public static final String GPT = "gpt";

    /** Checks the fields. */
    public Volume {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        if (offset < 0 || size < 0 || blockSize <= 0) {
            throw new IllegalArgumentException("volume " + name + ": offset " + offset + ", size " + size
                    + ", block size " + blockSize);
        }
        scheme = Objects.requireNonNullElse(scheme, WHOLE);
        type = Objects.requireNonNullElse(type, "");
        label = Objects.requireNonNullElse(label, "");
    }
}
