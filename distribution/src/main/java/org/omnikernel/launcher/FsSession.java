package org.omnikernel.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The kernel session of {@code ./okernel fs} (and of {@code ./okernel bench storage}, which the fs
 * tool bundle runs too): a directory of its own holding the request for the fs
 * tool bundle and the configurations that make the image a device ({@code image}) and mount its
 * volume at {@code /fs}; no banner, no shell; the tool stops the framework when it is done.
 *
 * <pre>
 *  dir/request.properties                                 op, operands, mount point
 *  dir/config/org.omnikernel.driver.filedisk-image.cfg    the image as block device "image"
 *  dir/config/org.omnikernel.resource.stor.mount-fs.cfg   its volume at /fs, type ext2
 *  dir/out, dir/result.properties                         written by the tool
 * </pre>
 */
final class FsSession implements KernelSession {

    /** Framework property read by the fs tool bundle: the request file. */
    static final String REQUEST_PROPERTY = "omnikernel.fstool.request";
    /** The device name the image gets, and so its whole volume's name. */
    static final String DEVICE = "image";
    /** Where the volume is mounted. */
    static final String MOUNT_POINT = "/fs";
    /** The fs tool's request op that runs the storage benchmark. */
    static final String STORAGE_BENCH_OP = "bench-storage";
    /** How long one operation may take, boot and unmount included. */
    static final Duration LIMIT = Duration.ofMinutes(30);

    private final Path dir;

    private FsSession(Path dir) {
        this.dir = dir;
    }

    /**
     * Writes the request and the configurations.
     *
     * @param fs  the command
     * @param dir an empty directory for the session
     * @return the session
     * @throws IOException if the files cannot be written
     */
    static FsSession prepare(Command.Fs fs, Path dir) throws IOException {
        Properties request = new Properties();
        request.setProperty("op", fs.op().word());
        request.setProperty("mount", MOUNT_POINT);
        request.setProperty("sync", Boolean.toString(fs.sync()));
        for (int i = 0; i < fs.operands().size(); i++) {
            String operand = fs.operands().get(i);
            // get's target and put's source are local files: absolute, so that nothing depends on a working directory
            boolean local = (fs.op() == FsOperation.GET && i == 1) || (fs.op() == FsOperation.PUT && i == 0);
            request.setProperty("operand." + i, local ? Path.of(operand).toAbsolutePath().normalize().toString() : operand);
        }
        store(request, dir.resolve("request.properties"));
        boolean readOnly = fs.readOnly() || !fs.op().writes();
        writeDevice(dir, fs.image(), fs.volume() != null ? fs.volume() : DEVICE, readOnly, false);
        return new FsSession(dir);
    }

    /**
     * Writes the request and configurations of {@code ./okernel bench storage}: the image (created
     * already, blank) as the device, formatted ext2 by STOR on mount, and FCR's capacity.
     *
     * @param dir         an empty directory for the session
     * @param image       the blank image file
     * @param fileBytes   the size of the file the benchmark writes and reads
     * @param randomReads how many random 4 KiB reads it makes per pass
     * @param out         where it writes summary.json
     * @param fcrCapacity FCR's capacity in bytes: room for the whole file, so the warm read is warm
     * @return the session
     * @throws IOException if the files cannot be written
     */
    static FsSession storageBench(Path dir, Path image, long fileBytes, int randomReads, Path out, long fcrCapacity)
            throws IOException {
        Properties request = new Properties();
        request.setProperty("op", STORAGE_BENCH_OP);
        request.setProperty("mount", MOUNT_POINT);
        request.setProperty("operand.0", Long.toString(fileBytes));
        request.setProperty("operand.1", Integer.toString(randomReads));
        request.setProperty("operand.2", image.toAbsolutePath().normalize().toString());
        request.setProperty("operand.3", out.toAbsolutePath().normalize().toString());
        store(request, dir.resolve("request.properties"));
        Path config = writeDevice(dir, image, DEVICE, false, true);
        Properties fcr = new Properties();
        fcr.setProperty("omnikernel.fcr.capacity", Long.toString(fcrCapacity));
        store(fcr, config.resolve("org.omnikernel.fcr.cfg"));
        return new FsSession(dir);
    }

    /** @return the config directory, holding the image as device {@value #DEVICE} and the volume's mount at /fs */
    private static Path writeDevice(Path dir, Path image, String volume, boolean readOnly, boolean formatIfBlank)
            throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        Properties disk = new Properties();
        disk.setProperty("name", DEVICE);
        disk.setProperty("image", image.toAbsolutePath().normalize().toString());
        disk.setProperty("read.only", Boolean.toString(readOnly));
        store(disk, config.resolve("org.omnikernel.driver.filedisk-" + DEVICE + ".cfg"));
        Properties mount = new Properties();
        mount.setProperty("volume", volume);
        mount.setProperty("mount.point", MOUNT_POINT);
        mount.setProperty("type", "ext2");
        mount.setProperty("read.only", Boolean.toString(readOnly));
        mount.setProperty("format.if.blank", Boolean.toString(formatIfBlank));
        store(mount, config.resolve("org.omnikernel.resource.stor.mount-fs.cfg"));
        return config;
    }

    private static void store(Properties p, Path file) throws IOException {
        // File Install reads .cfg files as java.util.Properties
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "okernel fs");
        }
    }

    @Override
    public Map<String, String> frameworkProperties() {
        return Map.of(REQUEST_PROPERTY, dir.resolve("request.properties").toString());
    }

    @Override
    public Optional<Path> configurationFiles() {
        return Optional.of(dir.resolve("config"));
    }

    @Override
    public boolean printsBanner() {
        return false;
    }

    @Override
    public boolean opensShell() {
        return false;
    }

    @Override
    public Duration timeLimit() {
        return LIMIT;
    }

    /** @return what the operation printed */
    Path out() {
        return dir.resolve("out");
    }

    /**
     * @return the tool's result: {@code status} and {@code error}; empty when it wrote none
     * @throws IOException if it cannot be read
     */
    Optional<Properties> result() throws IOException {
        Path file = dir.resolve("result.properties");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        }
        return Optional.of(p);
    }
}
