package org.omnikernel.resource.stor.internal;

import java.util.List;

import org.omnikernel.storage.Volume;

/**
 * What a unit's partition table says: its partitions as volumes, and what was wrong with it. A table
 * with problems may still give partitions (a GPT read from its backup header); a table that cannot be
 * trusted gives none, and the unit is exported whole only.
 *
 * @param scheme     {@link Volume#MBR}, {@link Volume#GPT}, or {@link Volume#WHOLE} when the unit has no table
 * @param partitions the partitions, in table order
 * @param problems   sentences naming the unit and what was wrong; empty when all was well
 */
record PartitionTable(String scheme, List<Volume> partitions, List<String> problems) {

    PartitionTable {
        partitions = List.copyOf(partitions);
        problems = List.copyOf(problems);
    }

    /** @param problems what was wrong, if anything; no partitions */
    static PartitionTable none(List<String> problems) {
        return new PartitionTable(Volume.WHOLE, List.of(), problems);
    }
}
