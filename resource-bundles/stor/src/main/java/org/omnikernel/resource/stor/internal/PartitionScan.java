package org.omnikernel.resource.stor.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.omnikernel.storage.StorageUnit;
import org.omnikernel.storage.Volume;

/**
 * Reads a unit's partition table through a {@link UnitReader}, one block or entry array at a time:
 *
 * <pre>
 *  block 0 ─ no 0x55AA ───────────────────────────────► no table: the unit whole
 *     │ an entry of type EE (protective MBR)
 *     ├──► GPT header at block 1 + entry array, CRC32s checked
 *     │       └ corrupt ─► backup header (its alternate, or the last block) + its array ─ corrupt ─► none
 *     └──► MBR: primaries 1-4, checked; an extended one ─► EBR chain ─► logicals 5, 6, ...
 * </pre>
 *
 * <p>Nothing here throws at the caller: a table that cannot be trusted gives no partitions and says
 * why in {@link PartitionTable#problems()}; a read that fails does the same.
 */
final class PartitionScan {

    /** The most logical partitions followed down an EBR chain. */
    static final int MAX_LOGICAL = 128;

    private final StorageUnit unit;
    private final UnitReader reader;
    private final int bs;
    private final List<String> problems = new ArrayList<>();

    private PartitionScan(StorageUnit unit, UnitReader reader) {
        this.unit = unit;
        this.reader = reader;
        this.bs = unit.blockSize();
    }

    /**
     * @param unit   the unit
     * @param reader reads it
     * @return its table; fails only with {@link StorResource.ResourceNotAttached}, when the unit's
     *         resource is not attached (yet)
     */
    static CompletionStage<PartitionTable> scan(StorageUnit unit, UnitReader reader) {
        PartitionScan s = new PartitionScan(unit, reader);
        return s.run().exceptionally(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof StorResource.ResourceNotAttached missing) {
                throw new java.util.concurrent.CompletionException(missing); // the caller tries again later
            }
            s.problems.add("unit " + unit.name() + ": reading its partition table failed: " + cause.getMessage());
            return PartitionTable.none(s.problems);
        });
    }

    private CompletionStage<PartitionTable> run() {
        if (unit.blocks() < 2) {
            return done(PartitionTable.none(problems));
        }
        return reader.read(0, bs).thenCompose(block0 -> {
            if (!Mbr.signed(block0)) {
                return done(PartitionTable.none(problems));
            }
            List<Mbr.Entry> entries = Mbr.entries(block0);
            if (entries.stream().anyMatch(e -> e.type() == Mbr.PROTECTIVE)) {
                return gpt();
            }
            return mbr(entries);
        });
    }

    // ---- MBR

    private CompletionStage<PartitionTable> mbr(List<Mbr.Entry> entries) {
        List<Volume> out = new ArrayList<>();
        Mbr.Entry extended = null;
        for (Mbr.Entry e : entries) {
            if (e.empty()) {
                continue;
            }
            String bad = badEntry(e, 0, unit.blocks());
            if (bad != null) {
                problems.add("unit " + unit.name() + ": MBR entry " + (e.index() + 1) + " " + bad
                        + "; the table is not trusted, the unit is exported whole only");
                return done(PartitionTable.none(problems));
            }
            if (e.extended()) {
                if (extended != null) {
                    problems.add("unit " + unit.name() + ": MBR has two extended partitions; the second is ignored");
                    continue;
                }
                extended = e;
            } else {
                out.add(volume(e.index() + 1, e.start(), e.blocks(), Volume.MBR, e.typeHex(), ""));
            }
        }
        if (overlapping(out)) {
            return done(PartitionTable.none(problems));
        }
        if (extended == null) {
            return done(new PartitionTable(Volume.MBR, out, problems));
        }
        Mbr.Entry ext = extended;
        return logical(ext, ext.start(), 5, new HashSet<>(), out).thenApply(all -> {
            if (overlapping(all)) {
                return new PartitionTable(Volume.MBR, out, problems);
            }
            return new PartitionTable(Volume.MBR, all, problems);
        });
    }

    /** Follows the EBR chain: each EBR holds one logical partition and the link to the next EBR. */
    private CompletionStage<List<Volume>> logical(Mbr.Entry ext, long ebr, int number, Set<Long> seen, List<Volume> found) {
        if (number - 5 >= MAX_LOGICAL || !seen.add(ebr)) {
            problems.add("unit " + unit.name() + ": the extended partition's EBR chain loops or is longer than "
                    + MAX_LOGICAL + "; stopped at logical partition " + (number - 1));
            return done(found);
        }
        return reader.read(ebr * bs, bs).thenCompose(block -> {
            if (!Mbr.signed(block)) {
                problems.add("unit " + unit.name() + ": the EBR at block " + ebr + " has no boot signature; logical"
                        + " partitions from " + number + " on are ignored");
                return done(found);
            }
            List<Mbr.Entry> e = Mbr.entries(block);
            Mbr.Entry part = e.get(0);
            Mbr.Entry next = e.get(1);
            long extEnd = ext.start() + ext.blocks();
            List<Volume> more = new ArrayList<>(found);
            if (!part.empty()) {
                String bad = badEntry(part, ebr, extEnd);
                if (bad != null) {
                    problems.add("unit " + unit.name() + ": logical partition " + number + " in the EBR at block " + ebr
                            + " " + bad + "; it and those after it are ignored");
                    return done(found);
                }
                more.add(volume(number, ebr + part.start(), part.blocks(), Volume.MBR, part.typeHex(), ""));
            }
            if (next.empty()) {
                return done(more);
            }
            long nextEbr = ext.start() + next.start();
            if (nextEbr >= extEnd) { // a link back to the first EBR (start 0) is caught as a loop
                problems.add("unit " + unit.name() + ": the EBR at block " + ebr + " links to block " + nextEbr
                        + ", outside the extended partition; the chain ends there");
                return done(more);
            }
            return logical(ext, nextEbr, number + 1, seen, more);
        });
    }

    /** @return what is wrong with an entry whose blocks count from {@code base} and must end by {@code end}, or null */
    private static String badEntry(Mbr.Entry e, long base, long end) {
        if (e.status() != 0x00 && e.status() != 0x80) {
            return String.format("has boot flag 0x%02x (0x00 or 0x80 expected)", e.status());
        }
        if (e.start() == 0 || e.blocks() == 0) {
            return "starts at block " + e.start() + " with " + e.blocks() + " blocks";
        }
        if (base + e.start() + e.blocks() > end) {
            return "spans blocks " + (base + e.start()) + "-" + (base + e.start() + e.blocks() - 1) + ", past block " + (end - 1);
        }
        return null;
    }

    private boolean overlapping(List<Volume> parts) {
        List<Volume> sorted = parts.stream().sorted(Comparator.comparingLong(Volume::offset)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            Volume a = sorted.get(i - 1);
            Volume b = sorted.get(i);
            if (a.offset() + a.size() > b.offset()) {
                problems.add("unit " + unit.name() + ": partitions " + a.name() + " and " + b.name()
                        + " overlap; the table is not trusted");
                return true;
            }
        }
        return false;
    }

    // ---- GPT

    private CompletionStage<PartitionTable> gpt() {
        return gptAt(1, "primary").thenCompose(primary -> {
            if (primary.table != null) {
                return done(primary.table);
            }
            long backupLba = primary.alternate > 1 && primary.alternate < unit.blocks() ? primary.alternate : unit.blocks() - 1;
            return gptAt(backupLba, "backup").thenApply(backup -> {
                if (backup.table == null) {
                    problems.add("unit " + unit.name() + ": the primary GPT (" + primary.why + ") and the backup at block "
                            + backupLba + " (" + backup.why + ") are both corrupt; the unit is exported whole only");
                    return PartitionTable.none(problems);
                }
                problems.add(0, "unit " + unit.name() + ": the primary GPT is corrupt (" + primary.why
                        + "); the partitions are read from the backup at block " + backupLba);
                return new PartitionTable(Volume.GPT, backup.table.partitions(), problems);
            });
        });
    }

    /** A header read at one place: the table, or why not, and where its twin said to look. */
    private record Attempt(PartitionTable table, String why, long alternate) {
    }

    private CompletionStage<Attempt> gptAt(long lba, String which) {
        return reader.read(lba * bs, bs).thenCompose(block -> {
            Gpt.Header h;
            try {
                h = Gpt.header(block, lba, unit.blocks());
            } catch (Gpt.Corrupt e) {
                return done(new Attempt(null, e.getMessage(), alternateOf(block)));
            }
            int length = (h.arrayBytes() + bs - 1) / bs * bs;
            return reader.read(h.entriesLba() * bs, length).thenApply(array -> {
                List<String> skipped = new ArrayList<>();
                try {
                    List<Volume> parts = new ArrayList<>();
                    for (Gpt.Entry e : Gpt.entries(array, h, unit.name(), skipped)) {
                        parts.add(volume(e.number(), e.first(), e.last() - e.first() + 1, Volume.GPT, e.type(), e.name()));
                    }
                    problems.addAll(skipped);
                    if (overlapping(parts)) {
                        return new Attempt(null, "its partitions overlap", h.alternateLba());
                    }
                    return new Attempt(new PartitionTable(Volume.GPT, parts, problems), "", h.alternateLba());
                } catch (Gpt.Corrupt e) {
                    return new Attempt(null, e.getMessage(), h.alternateLba());
                }
            });
        });
    }

    /** @return the alternate LBA field of a header that failed its checks, to find the backup with */
    private static long alternateOf(byte[] block) {
        return block.length >= 40 ? java.nio.ByteBuffer.wrap(block).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(32) : -1;
    }

    private Volume volume(int number, long firstBlock, long blocks, String scheme, String type, String label) {
        return new Volume(unit.name() + ".p" + number, unit.name(), firstBlock * bs, blocks * bs, bs, unit.readOnly(), scheme,
                type, label);
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
