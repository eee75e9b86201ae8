package org.omnikernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk and mount E2 and E4 boot with, as the *.cfg files File Install reads, and the session's properties. */
class ExperimentDiskTest {

    @TempDir
    Path temp;

    private static Properties read(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void e4GetsARotationalDiskWithAShallowQueueSizedForItsFilesMountedAtFs() throws Exception {
        Command.Experiment e4 = new Command.Experiment("e4", 10, null, 2, null, 200, 2048);
        Path config = ExperimentDisk.write(e4, temp).orElseThrow();
        Properties disk = read(config.resolve("org.omnikernel.driver.filedisk-disk0.cfg"));
        assertEquals("rotational", disk.getProperty("model"));
        assertEquals("4", disk.getProperty("queue.depth"));
        assertEquals(temp.resolve("disk0.img").toAbsolutePath().normalize().toString(), disk.getProperty("image"));
        assertEquals(Long.toString(2L * 3 * 200 * 2048 * 1024), disk.getProperty("create.bytes"), "twice the files");
        Properties mount = read(config.resolve("org.omnikernel.resource.stor.mount-fs.cfg"));
        assertEquals("disk0", mount.getProperty("volume"));
        assertEquals("/fs", mount.getProperty("mount.point"));
        assertEquals("true", mount.getProperty("format.if.blank"));
        assertEquals(ExperimentDisk.E4_MIN_IMAGE_BYTES,
                ExperimentDisk.e4ImageBytes(new Command.Experiment("e4", 10, null, null, null, 4, 512)), "at least 512 MiB");

        ExperimentSession session = new ExperimentSession(e4, temp.resolve("out"), config);
        assertEquals(config, session.configurationFiles().orElseThrow());
        Map<String, String> p = session.frameworkProperties();
        assertEquals("200", p.get(ExperimentSession.FILES_PROPERTY));
        assertEquals("2048", p.get(ExperimentSession.FILE_KIB_PROPERTY));
    }

    @Test
    void e2GetsAPassThroughDiskAndE1None() throws Exception {
        Path config = ExperimentDisk.write(new Command.Experiment("e2", 10, null, 2, null), temp).orElseThrow();
        assertEquals("pass-through", read(config.resolve("org.omnikernel.driver.filedisk-disk0.cfg")).getProperty("model"));
        assertFalse(ExperimentDisk.needed("e1"));
        assertTrue(ExperimentDisk.write(new Command.Experiment("e1", 10, null, 2, null), temp.resolve("e1")).isEmpty());
        assertTrue(new ExperimentSession(new Command.Experiment("e1", 10, null, 2, null), temp).configurationFiles().isEmpty());
    }
}
