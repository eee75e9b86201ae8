package org.omnikernel.fstool.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

import org.omnikernel.fileio.FileIo;
import org.omnikernel.fileio.OpenFile;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.ResourceStatistics;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;

/**
 * {@code ./okernel bench storage}, inside the kernel: one file on the mounted volume, written through
 * the blocking file library and read back against a baseline in the same JVM, the raw image file read
 * with {@link FileChannel} in the same patterns: cold (FCR empty and the image dropped from the host's
 * page cache before each side's pass, so both read the disk; see {@link HostPageCache}), os-cached (FCR
 * empty, the image in the host's page cache), warm (FCR full), sequentially in 256 KiB reads and at
 * random 4 KiB offsets. The untimed read that fills FCR checks the file's CRC-32 against what was
 * written. {@code summary.json} names what each figure is ({@code figures}) and what the cold passes
 * read from ({@code cold_source}: {@code disk}, or {@code os-cached} when the drop failed).
 *
 * <pre>
 *  request operands: FILE_BYTES RANDOM_READS IMAGE OUT_DIR      results: OUT_DIR/summary.json, out
 * </pre>
 */
final class StorageBenchmark {

    /** The size of every sequential read and write. */
    static final int SEQUENTIAL = 256 * 1024;
    /** The size of every random read. */
    static final int RANDOM = 4096;
    /** Cold sequential passes per side, in pairs of alternating order; the medians are reported. */
    static final int COLD_PAIRS = 3;
    /** Untimed whole-file reads before the timed passes: at least this many, */
    static final int WARM_UP_MIN = 2;
    /** and at most this many, */
    static final int WARM_UP_MAX = 20;
    /** stopping once the JIT compiled for less than this share of a pass's time. */
    static final double WARM_UP_QUIET_JIT = 0.05;
    private static final long SEED = 20261127L;

    /** See {@link #rawChannel}. */
    private FileChannel rawImage;
    private final Sys sys;
    private final FileIo io;
    private final FsRequest request;
    private final Okrt okrt;
    private final byte[] buffer = new byte[SEQUENTIAL];

    StorageBenchmark(Sys sys, FileIo io, FsRequest request, Okrt okrt) {
        this.sys = sys;
        this.io = io;
        this.request = request;
        this.okrt = okrt;
    }

    /** One timed pass: bytes moved (or reads made), seconds taken and the JVM's garbage-collection time in them. */
    private record Timed(long bytes, long ops, double seconds, long gcMillis) {

        Timed(long bytes, long ops, double seconds) {
            this(bytes, ops, seconds, -1);
        }

        double mbPerSecond() {
            return bytes / 1e6 / seconds;
        }

        double opsPerSecond() {
            return ops / seconds;
        }
    }

    /** @return ok, or the kernel's failure */
    Result<Void> run() throws IOException {
        try {
            return measure();
        } finally {
            if (rawImage != null) {
                rawImage.close();
            }
        }
    }

    /**
     * The baseline's one channel on the image, open for the whole run. The file-disk driver holds a
     * lock on the image, and on Linux closing any descriptor of a file drops every lock this process
     * has on it (see {@link java.nio.channels.FileLock}): a channel per pass would have unlocked the
     * image under the running kernel.
     */
    private FileChannel rawChannel(Path image) throws IOException {
        if (rawImage == null) {
            rawImage = FileChannel.open(image, StandardOpenOption.READ);
        }
        return rawImage;
    }

    private Result<Void> measure() throws IOException {
        long size = Long.parseLong(request.operands().get(0));
        int randomReads = Integer.parseInt(request.operands().get(1));
        Path image = Path.of(request.operands().get(2));
        Path outDir = Files.createDirectories(Path.of(request.operands().get(3)));
        if (size <= 0 || size % SEQUENTIAL != 0 || randomReads <= 0) {
            return Result.error(Err.BAD_PARAMETER, "file size " + size + " must be a positive multiple of " + SEQUENTIAL
                    + " and random reads " + randomReads + " positive");
        }
        String file = request.inMount("/bench.dat");
        long[] offsets = randomOffsets(size, randomReads);

        long start = System.nanoTime();
        Result<Long> written = write(file, size);
        if (!written.isOk()) {
            return written.cast();
        }
        Timed write = new Timed(size, size / SEQUENTIAL, seconds(start));
        Map<String, Object> what = new LinkedHashMap<>();

        Result<Integer> warmUps = warmUp(file);
        if (!warmUps.isOk()) {
            return warmUps.cast();
        }

        // Cold: FCR empty and the image's pages dropped from the host's page cache, so both sides read the disk.
        // The disk itself may cache (a virtual disk's host does: a read of data it served a moment ago can
        // run three times faster), so whichever side reads first pays for the other. So one untimed raw read
        // of the image from the disk first, then COLD_PAIRS pairs of passes in alternating order (kernel
        // first, raw first, ...), and the medians of each side.
        HostPageCache.drop(image);
        rawSequential(image, size);
        List<Timed> kernelColds = new ArrayList<>();
        List<Timed> rawColds = new ArrayList<>();
        boolean diskCold = true;
        KernelSnapshot before = null;
        KernelSnapshot after = null;
        HostPageCache.Drop dropped = null;
        HostPageCache.Drop droppedRaw = null;
        for (int pair = 0; pair < COLD_PAIRS; pair++) {
            for (int turn = 0; turn < 2; turn++) {
                boolean kernelTurn = (turn == 0) == (pair % 2 == 0);
                HostPageCache.Drop d = HostPageCache.drop(image);
                diskCold &= d.dropped();
                if (kernelTurn) {
                    KernelSnapshot b = statistics();
                    Result<Timed> c = sequential(file, AopenFlags.FILE_CLOSE_EVICT, null);
                    KernelSnapshot a = statistics();
                    if (!c.isOk()) {
                        return c.cast();
                    }
                    if (before == null) {
                        before = b;
                        after = a;
                        dropped = d;
                    }
                    kernelColds.add(c.value());
                } else {
                    droppedRaw = droppedRaw == null ? d : droppedRaw;
                    rawColds.add(rawSequential(image, size));
                }
            }
        }
        Timed cold = median(kernelColds);
        Timed rawCold = median(rawColds);
        describe(what, "cold_seq", dropped, "sequential read, FCR empty (median of " + COLD_PAIRS + ")");
        describe(what, "raw_cold_seq", droppedRaw, "sequential FileChannel read of the image (median of " + COLD_PAIRS + ")");

        // OS-cached: FCR empty, the image in the host's page cache (what "cold" meant before: cold for the kernel only).
        long cachedBytes = readWhole(image);
        Result<Timed> osCached = sequential(file, AopenFlags.FILE_CLOSE_EVICT, null);
        if (!osCached.isOk()) {
            return osCached.cast();
        }
        Timed rawOsCached = rawSequential(image, size);
        what.put("os_cached_seq", "sequential read, FCR empty, the image in the host page cache ("
                + HostPageCache.resident(image) + " bytes resident after the pass)");
        what.put("raw_os_cached_seq", "sequential FileChannel read of the image from the host page cache");

        CRC32 check = new CRC32();
        Result<Timed> fill = sequential(file, 0, check);
        if (!fill.isOk()) {
            return fill.cast();
        }
        boolean verified = check.getValue() == written.value() && fill.value().bytes() == size;
        KernelSnapshot beforeWarm = statistics();
        Result<Timed> warm = sequential(file, 0, null);
        KernelSnapshot afterWarm = statistics();
        if (!warm.isOk()) {
            return warm.cast();
        }
        what.put("warm_seq", "sequential read, every page in FCR; compared with raw_os_cached_seq");
        Result<Timed> warmRandom = random(file, offsets, AopenFlags.FILE_CLOSE_EVICT);
        if (!warmRandom.isOk()) {
            return warmRandom.cast();
        }
        what.put("warm_random", "4 KiB preads at random offsets, every page in FCR; compared with raw_os_cached_random");
        HostPageCache.Drop droppedRandom = HostPageCache.drop(image);
        Result<Timed> coldRandom = random(file, offsets, AopenFlags.FILE_CLOSE_EVICT);
        if (!coldRandom.isOk()) {
            return coldRandom.cast();
        }
        HostPageCache.Drop droppedRawRandom = HostPageCache.drop(image);
        Timed rawColdRandom = rawRandom(image, offsets);
        describe(what, "cold_random", droppedRandom, "4 KiB preads at random offsets, FCR empty");
        describe(what, "raw_cold_random", droppedRawRandom, "4 KiB positional FileChannel reads of the image");
        readWhole(image);
        Result<Timed> osCachedRandom = random(file, offsets, AopenFlags.FILE_CLOSE_EVICT);
        if (!osCachedRandom.isOk()) {
            return osCachedRandom.cast();
        }
        Timed rawOsCachedRandom = rawRandom(image, offsets);
        what.put("os_cached_random", "4 KiB preads at random offsets, FCR empty, the image in the host page cache");
        what.put("raw_os_cached_random", "4 KiB positional FileChannel reads of the image from the host page cache");

        Map<String, Object> s = new LinkedHashMap<>();
        s.put("file_bytes", size);
        s.put("sequential_read_bytes", SEQUENTIAL);
        s.put("random_read_bytes", RANDOM);
        s.put("random_reads", randomReads);
        s.put("verified", verified);
        s.put("warm_up_reads", warmUps.value());
        // "disk" when every cold pass started with the image dropped from the host page cache, else "os-cached"
        s.put("cold_source", diskCold && droppedRandom.dropped() && droppedRawRandom.dropped() ? "disk" : "os-cached");
        s.put("host_cached_image_bytes", cachedBytes);
        s.put("write_seconds", write.seconds());
        s.put("write_mb_s", write.mbPerSecond());
        s.put("cold_pairs", COLD_PAIRS);
        s.put("cold_seq_mb_s_each", each(kernelColds));
        s.put("cold_seq_gc_ms_each", kernelColds.stream().map(t -> Long.toString(t.gcMillis()))
                .collect(java.util.stream.Collectors.joining(" ")));
        s.put("raw_cold_seq_mb_s_each", each(rawColds));
        s.put("cold_seq_seconds", cold.seconds());
        s.put("cold_seq_mb_s", cold.mbPerSecond());
        s.put("raw_cold_seq_seconds", rawCold.seconds());
        s.put("raw_cold_seq_mb_s", rawCold.mbPerSecond());
        s.put("os_cached_seq_seconds", osCached.value().seconds());
        s.put("os_cached_seq_mb_s", osCached.value().mbPerSecond());
        s.put("raw_os_cached_seq_seconds", rawOsCached.seconds());
        s.put("raw_os_cached_seq_mb_s", rawOsCached.mbPerSecond());
        s.put("warm_seq_seconds", warm.value().seconds());
        s.put("warm_seq_mb_s", warm.value().mbPerSecond());
        s.put("cold_random_seconds", coldRandom.value().seconds());
        s.put("cold_random_ops_s", coldRandom.value().opsPerSecond());
        s.put("raw_cold_random_ops_s", rawColdRandom.opsPerSecond());
        s.put("os_cached_random_ops_s", osCachedRandom.value().opsPerSecond());
        s.put("raw_os_cached_random_ops_s", rawOsCachedRandom.opsPerSecond());
        s.put("warm_random_seconds", warmRandom.value().seconds());
        s.put("warm_random_ops_s", warmRandom.value().opsPerSecond());
        s.put("ratio_cold_seq_raw", rawCold.seconds() / cold.seconds());
        s.put("ratio_os_cached_seq_raw", rawOsCached.seconds() / osCached.value().seconds());
        s.put("ratio_warm_seq_raw", rawOsCached.seconds() / warm.value().seconds());
        s.put("ratio_cold_random_raw", rawColdRandom.seconds() / coldRandom.value().seconds());
        s.put("ratio_os_cached_random_raw", rawOsCachedRandom.seconds() / osCachedRandom.value().seconds());
        s.put("ratio_warm_random_raw", rawOsCachedRandom.seconds() / warmRandom.value().seconds());
        Map<String, Object> cpu = cpuByResource(before, after);
        Map<String, Map<String, Object>> nested = new LinkedHashMap<>();
        nested.put("figures", what);
        nested.put("cold_seq_handler_ms_by_resource", cpu);
        nested.put("cold_seq_messages_by_resource", messagesByResource(before, after));
        nested.put("warm_seq_handler_ms_by_resource", cpuByResource(beforeWarm, afterWarm));
        nested.put("warm_seq_messages_by_resource", messagesByResource(beforeWarm, afterWarm));
        String json = Json.object(s, nested);
        Files.writeString(outDir.resolve("summary.json"), json, StandardCharsets.UTF_8);
        try (PrintStream out = new PrintStream(Files.newOutputStream(request.out()), true, StandardCharsets.UTF_8)) {
            out.print(summary(s, cpu));
        }
        return verified ? Result.ok() : Result.error(Err.KERNEL, "bench.dat read back with CRC-32 "
                + Long.toHexString(check.getValue()) + ", written with " + Long.toHexString(written.value()));
    }

    /**
     * A kernel snapshot taken by a plain thread while this program waits in the kernel. {@code
     * Okrt.statistics()} asks every core for its scheduler figures on the core's own thread; the core this
     * program runs on answers only once the program gives it back, so calling it here waited out the
     * collector's 2 s bound every time and counted those 2 s as the program's handler time in the pass.
     * A dequeue with a 1 ms timeout gives the core back until the snapshot is there.
     */
    private KernelSnapshot statistics() {
        CompletableFuture<KernelSnapshot> snapshot = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                snapshot.complete(okrt.statistics());
            } catch (RuntimeException e) {
                snapshot.completeExceptionally(e);
            }
        }, "bench-storage-statistics");
        t.setDaemon(true);
        t.start();
        Result<Rid> q = sys.aopen("/messagequeue");
        try {
            while (!snapshot.isDone() && q.isOk()) {
                sys.dequeue(q.value(), 1, 1000);
            }
        } finally {
            if (q.isOk()) {
                sys.aclose(q.value());
            }
        }
        return snapshot.join();
    }

    /** @return the CRC-32 of what was written: distinct 256 KiB chunks, closed with sync and evict */
    private Result<Long> write(String file, long size) {
        Result<OpenFile> f = io.open(file, AopenFlags.FILE_CREATE | AopenFlags.FILE_TRUNCATE | AopenFlags.FILE_CLOSE_SYNC
                | AopenFlags.FILE_CLOSE_EVICT);
        if (!f.isOk()) {
            return f.cast();
        }
        byte[] chunk = new byte[SEQUENTIAL];
        new Random(SEED).nextBytes(chunk);
        CRC32 crc = new CRC32();
        for (long at = 0; at < size; at += SEQUENTIAL) {
            ByteBuffer.wrap(chunk).putLong(0, at); // every chunk differs, so a misplaced block shows in the CRC
            crc.update(chunk);
            Result<Integer> n = io.write(f.value(), chunk, 0, chunk.length);
            if (!n.isOk()) {
                io.close(f.value());
                return n.cast();
            }
        }
        Result<Void> closed = io.close(f.value());
        return closed.isOk() ? Result.ok(crc.getValue()) : closed.cast();
    }

    /**
     * Warm-up, untimed, as JMH's warm-up iterations: whole-file reads (from the host's page cache, FCR
     * evicted after each) until the JIT is quiet. Before that its compiler threads take a quarter to
     * half of the two cores for many seconds, which is not what the passes measure.
     *
     * @return the reads made
     */
    private Result<Integer> warmUp(String file) {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean canTell = jit != null && jit.isCompilationTimeMonitoringSupported();
        for (int i = 1;; i++) {
            long jit0 = canTell ? jit.getTotalCompilationTime() : 0;
            Result<Timed> w = sequential(file, AopenFlags.FILE_CLOSE_EVICT, null);
            if (!w.isOk()) {
                return w.cast();
            }
            double jitSeconds = canTell ? (jit.getTotalCompilationTime() - jit0) / 1000.0 : 0;
            if (i >= WARM_UP_MAX || (i >= WARM_UP_MIN && jitSeconds < WARM_UP_QUIET_JIT * w.value().seconds())) {
                return Result.ok(i);
            }
        }
    }

    /** @return the pass of median time (of an odd number) */
    private static Timed median(List<Timed> passes) {
        List<Timed> sorted = new ArrayList<>(passes);
        sorted.sort(java.util.Comparator.comparingDouble(Timed::seconds));
        return sorted.get(sorted.size() / 2);
    }

    /** @return the time the JVM's collectors have spent collecting so far, in ms (what they report) */
    private static long gcMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, b.getCollectionTime());
        }
        return ms;
    }

    /** @return each pass's MB/s, in the order run, as one string */
    private static String each(List<Timed> passes) {
        return passes.stream().map(t -> String.format(Locale.ROOT, "%.1f", t.mbPerSecond()))
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /** Reads the whole file in 256 KiB reads, timing open to close; {@code crc} (or null) sees every byte. */
    private Result<Timed> sequential(String file, long closeFlags, CRC32 crc) {
        long gc0 = gcMillis();
        long start = System.nanoTime();
        Result<OpenFile> f = io.open(file, closeFlags);
        if (!f.isOk()) {
            return f.cast();
        }
        long total = 0;
        long reads = 0;
        while (true) {
            Result<Integer> n = io.read(f.value(), buffer, 0, buffer.length);
            if (!n.isOk()) {
                io.close(f.value());
                return n.cast();
            }
            if (n.value() == 0) {
                break;
            }
            if (crc != null) {
                crc.update(buffer, 0, n.value());
            }
            total += n.value();
            reads++;
        }
        Result<Void> closed = io.close(f.value());
        double took = seconds(start);
        return closed.isOk() ? Result.ok(new Timed(total, reads, took, gcMillis() - gc0)) : closed.cast();
    }

    /** Reads 4 KiB at each offset, timing open to close. */
    private Result<Timed> random(String file, long[] offsets, long closeFlags) {
        long start = System.nanoTime();
        Result<OpenFile> f = io.open(file, closeFlags);
        if (!f.isOk()) {
            return f.cast();
        }
        long total = 0;
        for (long at : offsets) {
            Result<Integer> n = io.pread(f.value(), at, buffer, 0, RANDOM);
            if (!n.isOk() || n.value() != RANDOM) {
                io.close(f.value());
                return n.isOk() ? Result.error(Err.KERNEL, file + ": short read at " + at) : n.cast();
            }
            total += n.value();
        }
        Result<Void> closed = io.close(f.value());
        return closed.isOk() ? Result.ok(new Timed(total, offsets.length, seconds(start))) : closed.cast();
    }

    /** Names what a cold pass read from: the disk, or (the drop failed) the host page cache, and why. */
    private static void describe(Map<String, Object> what, String pass, HostPageCache.Drop drop, String how) {
        what.put(pass, how + (drop.dropped()
                ? ", the image dropped from the host page cache first (" + drop.residentBefore() + " -> "
                        + drop.residentAfter() + " bytes resident): a disk read"
                : ", os-cached: the image could not be dropped from the host page cache (" + drop.problem() + ")"));
    }

    /** Reads the whole image, untimed, so that the host's page cache holds it; @return bytes resident after */
    private long readWhole(Path image) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        FileChannel ch = rawChannel(image);
        long at = 0;
        for (int n; (n = ch.read(b.clear(), at)) > 0;) {
            at += n;
        }
        return HostPageCache.resident(image);
    }

    /** The baseline: the image's first {@code size} bytes, read in 256 KiB reads through a FileChannel. */
    private Timed rawSequential(Path image, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SEQUENTIAL);
        long start = System.nanoTime();
        long total = 0;
        FileChannel ch = rawChannel(image);
        while (total < size) {
            b.clear();
            int n = ch.read(b, total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return new Timed(total, total / SEQUENTIAL, seconds(start));
    }

    /** The baseline: the same 4 KiB offsets, read positionally from the image. */
    private Timed rawRandom(Path image, long[] offsets) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(RANDOM);
        long start = System.nanoTime();
        long total = 0;
        FileChannel ch = rawChannel(image);
        for (long at : offsets) {
            b.clear();
            total += ch.read(b, at);
        }
        return new Timed(total, offsets.length, seconds(start));
    }

    private static long[] randomOffsets(long size, int n) {
        SplittableRandom r = new SplittableRandom(SEED);
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = r.nextLong(size / RANDOM) * RANDOM;
        }
        return offsets;
    }

    /** @return handler time per resource between two snapshots (wall time inside handlers), in ms, largest first, those above 1 ms */
    static Map<String, Object> cpuByResource(KernelSnapshot before, KernelSnapshot after) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        after.resources().stream()
                .map(r -> Map.entry(r.name(), r.cpuNanos() - cpuOf(sameResource(before, r))))
                .filter(e -> e.getValue() >= 1_000_000)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> cpu.merge(e.getKey(), e.getValue() / 1e6, (x, y) -> (Double) x + (Double) y));
        return cpu;
    }

    /**
     * @return the same resource in an earlier snapshot, by id: names repeat (a resource detached and
     *         attached again, such as EXT2R after formatting, is a new entry under the same name), and
     *         diffing a later entry against an earlier one of that name counted whole lifetimes as one pass
     */
    static ResourceStatistics sameResource(KernelSnapshot earlier, ResourceStatistics r) {
        return earlier.resources().stream().filter(e -> e.id() == r.id()).findFirst().orElse(null);
    }

    private static long cpuOf(ResourceStatistics r) {
        return r == null ? 0 : r.cpuNanos();
    }

    /** @return messages executed per resource between two snapshots: which layers a pass reached */
    static Map<String, Object> messagesByResource(KernelSnapshot before, KernelSnapshot after) {
        Map<String, Object> messages = new LinkedHashMap<>();
        after.resources().stream()
                .map(r -> Map.entry(r.name(), r.messages() - messagesOf(sameResource(before, r))))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> messages.merge(e.getKey(), e.getValue(), (x, y) -> (Long) x + (Long) y));
        return messages;
    }

    private static long messagesOf(ResourceStatistics r) {
        return r == null ? 0 : r.messages();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String summary(Map<String, Object> s, Map<String, Object> cpu) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "storage benchmark: %d MiB file, 256 KiB sequential reads, %d random 4 KiB reads%n",
                (Long) s.get("file_bytes") >> 20, (Integer) s.get("random_reads")));
        b.append(String.format(Locale.ROOT, "  write (close sync)   %9.1f MB/s%n", (Double) s.get("write_mb_s")));
        b.append("  cold passes read from: ").append(s.get("cold_source")).append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "  cold sequential      %9.1f MB/s   raw image %9.1f MB/s   ratio %.3f%n",
                s.get("cold_seq_mb_s"), s.get("raw_cold_seq_mb_s"), s.get("ratio_cold_seq_raw")));
        b.append("  cold sequential, each pass (MB/s, in pairs of alternating order): kernel ").append(s.get("cold_seq_mb_s_each"))
                .append(", raw ").append(s.get("raw_cold_seq_mb_s_each")).append("; GC in the kernel's passes (ms): ")
                .append(s.get("cold_seq_gc_ms_each")).append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "  os-cached sequential %9.1f MB/s   raw image %9.1f MB/s   ratio %.3f%n",
                s.get("os_cached_seq_mb_s"), s.get("raw_os_cached_seq_mb_s"), s.get("ratio_os_cached_seq_raw")));
        b.append(String.format(Locale.ROOT, "  warm sequential      %9.1f MB/s   ratio %.3f (to os-cached raw)%n",
                s.get("warm_seq_mb_s"), s.get("ratio_warm_seq_raw")));
        b.append(String.format(Locale.ROOT, "  cold random          %9.0f ops/s  raw image %9.0f ops/s  ratio %.3f%n",
                s.get("cold_random_ops_s"), s.get("raw_cold_random_ops_s"), s.get("ratio_cold_random_raw")));
        b.append(String.format(Locale.ROOT, "  os-cached random     %9.0f ops/s  raw image %9.0f ops/s  ratio %.3f%n",
                s.get("os_cached_random_ops_s"), s.get("raw_os_cached_random_ops_s"), s.get("ratio_os_cached_random_raw")));
        b.append(String.format(Locale.ROOT, "  warm random          %9.0f ops/s  ratio %.3f (to os-cached raw)%n",
                s.get("warm_random_ops_s"), s.get("ratio_warm_random_raw")));
        b.append("  read back equal: ").append(s.get("verified")).append(System.lineSeparator());
        b.append("  cold sequential, handler time by resource (ms, wall time in handlers): ").append(cpu).append(System.lineSeparator());
        return b.toString();
    }

    /** A flat JSON writer for the summary: numbers, booleans and strings, then objects of them (by resource, by figure). */
    static final class Json {
        private Json() {
        }

        static String object(Map<String, Object> fields, Map<String, Map<String, Object>> nested) {
            StringBuilder b = new StringBuilder("{\n");
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                b.append("  \"").append(e.getKey()).append("\": ").append(value(e.getValue())).append(",\n");
            }
            String outer = "";
            for (Map.Entry<String, Map<String, Object>> n : nested.entrySet()) {
                b.append(outer).append("  \"").append(n.getKey()).append("\": {");
                String sep = "";
                for (Map.Entry<String, Object> e : n.getValue().entrySet()) {
                    b.append(sep).append('"').append(e.getKey().replace("\"", "\\\"")).append("\": ").append(value(e.getValue()));
                    sep = ", ";
                }
                b.append('}');
                outer = ",\n";
            }
            return b.append("\n}\n").toString();
        }

        private static String value(Object v) {
            if (v instanceof String text) {
                return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
            }
            return v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(v);
        }
    }
}
