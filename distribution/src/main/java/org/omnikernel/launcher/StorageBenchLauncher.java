package org.omnikernel.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@code bench storage}: a fresh sparse image file becomes the kernel's only disk, STOR formats
 * it ext2 (4 KiB blocks: mkfs's default from 512 MiB up) and mounts it at {@code /fs}, and the fs
 * tool bundle's storage benchmark writes, reads and times a file there against raw reads of the
 * image, writing {@code summary.json} to the output directory.
 *
 * <pre>
 *   temp dir: storage.img (512 MiB, sparse), request, config ─▶ FsLauncher.runSession
 *     ─▶ exit as fs does (0, 1, 3, 4, 6) ─▶ the temp dir and image are deleted, but kept on 6 (failed,
 *        such as a file that read back different): then the image is the evidence
 * </pre>
 */
final class StorageBenchLauncher {

    /** The image's size: 512 MiB is where mkfs picks 4 KiB blocks; sparse, so it costs nothing. */
    static final long IMAGE_BYTES = 512L << 20;
    /** Random 4 KiB reads per pass (cold and warm). */
    static final int RANDOM_READS = 20_000;
    /** FCR's capacity beyond the file: room for the file system's metadata blocks. */
    static final long FCR_HEADROOM = 64L << 20;

    private final OkernelHome home;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param home the distribution
     * @param out  where the summary goes
     * @param err  where errors go
     */
    StorageBenchLauncher(OkernelHome home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /**
     * @param bench the command
     * @return an {@link ExitCode}
     * @throws IOException          if the image or the session's files cannot be written
     * @throws InterruptedException if interrupted while waiting for the kernel
     */
    int run(Command.StorageBench bench) throws IOException, InterruptedException {
        if (!Files.isDirectory(home.bundles())) {
            err.println("okernel: " + home.bundles() + " does not exist; build the distribution with mvn install");
            return ExitCode.FAILURE;
        }
        Path results = (bench.out() != null ? bench.out() : Path.of("bench-out", "storage")).toAbsolutePath().normalize();
        Files.createDirectories(results);
        Path dir = Files.createTempDirectory("okernel-bench-storage-");
        boolean keep = false;
        try {
            Path image = dir.resolve("storage.img");
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(IMAGE_BYTES);
            }
            out.println("okernel: bench storage: " + (bench.fileBytes() >> 20) + " MiB file on a fresh ext2 image "
                    + image + "; results into " + results);
            out.flush();
            FsSession session = FsSession.storageBench(dir, image, bench.fileBytes(), RANDOM_READS, results,
                    bench.fileBytes() + FCR_HEADROOM);
            int code = new FsLauncher(home, out, err).runSession(session, "bench storage", "bench storage");
            if (code == ExitCode.OK) {
                out.println("okernel: bench storage done; " + results.resolve("summary.json"));
            } else if (code == ExitCode.FS_FAILED) {
                keep = true; // the image is the evidence: e2fsck and debugfs can look at it
                err.println("okernel: bench storage: the image is kept for inspection: " + image);
            }
            return code;
        } finally {
            if (!keep) {
                FsLauncher.deleteTree(dir);
            }
        }
    }
}
