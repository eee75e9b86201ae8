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
 * The kernel session of {@code ./okernel fs}: a directory of its own holding the request for the fs
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
        for (int i = 0; i < fs.operands().size(); i++) {
            String operand = fs.operands().get(i);
            // get's target and put's source are local files: absolute, so that nothing depends on a working directory
            boolean local = (fs.op() == FsOperation.GET && i == 1) || (fs.op() == FsOperation.PUT && i == 0);
            request.setProperty("operand." + i, local ? Path.of(operand).toAbsolutePath().normalize().toString() : operand);
        }
        store(request, dir.resolve("request.properties"));
        Path config = Files.createDirectories(dir.resolve("config"));
        boolean readOnly = fs.readOnly() || !fs.op().writes();
        Properties disk = new Properties();
        disk.setProperty("name", DEVICE);
        disk.setProperty("image", fs.image().toAbsolutePath().normalize().toString());
        disk.setProperty("read.only", Boolean.toString(readOnly));
        store(disk, config.resolve("org.omnikernel.driver.filedisk-" + DEVICE + ".cfg"));
        Properties mount = new Properties();
        mount.setProperty("volume", fs.volume() != null ? fs.volume() : DEVICE);
        mount.setProperty("mount.point", MOUNT_POINT);
        mount.setProperty("type", "ext2");
        mount.setProperty("read.only", Boolean.toString(readOnly));
        store(mount, config.resolve("org.omnikernel.resource.stor.mount-fs.cfg"));
        return new FsSession(dir);
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
