package org.omnikernel.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The disk an experiment that reads files runs on (E2, E4): a fresh image file in a temporary
 * directory as file disk {@value #DEVICE}, formatted ext2 by STOR when it mounts it at {@code /fs},
 * written as the {@code *.cfg} files File Install feeds Config Admin. E2 reads from the cache, so
 * its disk is a plain pass-through image; E4 is disk-bound on the rotational model (10K RPM class:
 * the driver's defaults), with a shallow device queue so that requests wait at DRWR, where its
 * scheduler shares the disk (the seed's 256 firmware slots faced 3072 streams; ours face 48).
 */
final class ExperimentDisk {

    /** The device's name; its DRWR is {@code drwr.disk0}, the EXT2R instance {@code ext2r.disk0}. */
    static final String DEVICE = "disk0";
    /** E4's device queue depth: well below the 3 × 2 × cores × 4 streams that read at once. */
    static final int E4_QUEUE_DEPTH = 4;

    /** Each file-reading experiment's disk: driver properties beyond name and image. */
    private static final Map<String, Map<String, String>> DISKS = Map.of(
            "e2", Map.of("create.bytes", Long.toString(64L << 20), "model", "pass-through"),
            "e4", Map.of("model", "rotational", "rpm", "10000", "queue.depth", Integer.toString(E4_QUEUE_DEPTH)));
    /** E4's smallest image: 512 MiB, where mkfs picks 4 KiB blocks; sparse, so it costs nothing. */
    static final long E4_MIN_IMAGE_BYTES = 512L << 20;

    private ExperimentDisk() {
    }

    /** @return whether the experiment needs a disk */
    static boolean needed(String experiment) {
        return DISKS.containsKey(experiment);
    }

    /**
     * Writes the disk's and the mount's configuration into {@code dir/config}; the image is
     * {@code dir/disk0.img}, created by the driver.
     *
     * @param experiment the command
     * @param dir        a fresh directory
     * @return the configuration directory, or empty when the experiment needs no disk
     * @throws IOException when the files cannot be written
     */
    static Optional<Path> write(Command.Experiment experiment, Path dir) throws IOException {
        Map<String, String> disk = DISKS.get(experiment.name());
        if (disk == null) {
            return Optional.empty();
        }
        Path config = Files.createDirectories(dir.resolve("config"));
        Properties d = new Properties();
        d.setProperty("name", DEVICE);
        d.setProperty("image", dir.resolve(DEVICE + ".img").toAbsolutePath().normalize().toString());
        disk.forEach(d::setProperty);
        if (experiment.name().equals("e4")) {
            d.setProperty("create.bytes", Long.toString(e4ImageBytes(experiment)));
        }
        store(d, config.resolve("org.omnikernel.driver.filedisk-" + DEVICE + ".cfg"));
        Properties mount = new Properties();
        mount.setProperty("volume", DEVICE);
        mount.setProperty("mount.point", "/fs");
        mount.setProperty("type", "ext2");
        mount.setProperty("read.only", "false");
        mount.setProperty("format.if.blank", "true");
        store(mount, config.resolve("org.omnikernel.resource.stor.mount-fs.cfg"));
        return Optional.of(config);
    }

    /** @return an image with room for every process's files twice over: ext2's metadata, and spread */
    static long e4ImageBytes(Command.Experiment experiment) {
        long files = experiment.files() != null ? experiment.files() : Experiments.DEFAULT_FILES;
        long kib = experiment.fileKib() != null ? experiment.fileKib() : Experiments.DEFAULT_FILE_KIB;
        return Math.max(E4_MIN_IMAGE_BYTES, 2 * 3 * files * kib * 1024);
    }

    private static void store(Properties p, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "okernel experiment");
        }
    }
}
