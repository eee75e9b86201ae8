package org.omnikernel.driver.filedisk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.annotation.Annotation;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.hal.device.BlockCompletion;
import org.omnikernel.hal.device.BlockRequest;
import org.omnikernel.hal.device.BlockRequest.Op;
import org.omnikernel.hal.device.DeviceContext;

class FileDiskTest {

    @TempDir
    Path dir;
    private final BlockingQueue<BlockCompletion> interrupts = new LinkedBlockingQueue<>();
    private FileDisk disk;

    private final DeviceContext context = new DeviceContext() {
        @Override
        public String name() {
            return "disk0";
        }

        @Override
        public boolean raise(Object payload) {
            return interrupts.add((BlockCompletion) payload);
        }
    };

    @AfterEach
    void stop() {
        if (disk != null) {
            disk.stop();
        }
    }

    private Path image(long bytes) throws IOException {
        Path p = dir.resolve("disk0.img");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    private BlockCompletion next() throws InterruptedException {
        BlockCompletion c = interrupts.poll(10, TimeUnit.SECONDS);
        assertTrue(c != null, "a completion interrupt");
        return c;
    }

    @Test
    void writesLandInTheImageAndReadsComeBackAsInterrupts() throws Exception {
        Path img = image(64 * 1024);
        disk = new FileDisk("disk0", img, 512, 4, 4, false, DiskModel.PASS_THROUGH);
        disk.start(context);
        assertEquals(128, disk.blockCount());
        byte[] data = new byte[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (31 * i);
        }
        assertTrue(disk.submit(new BlockRequest(1, Op.WRITE, 3, 2, ByteBuffer.wrap(data))));
        BlockCompletion w = next();
        assertNull(w.error());
        assertEquals(1, w.request().tag());
        assertTrue(disk.submit(new BlockRequest(2, Op.FLUSH, 0, 0, null)));
        assertTrue(next().ok());
        byte[] onDisk = new byte[1024];
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            f.seek(3 * 512);
            f.readFully(onDisk);
        }
        assertArrayEquals(data, onDisk, "the bytes are in the image file at block 3");
        ByteBuffer back = ByteBuffer.allocateDirect(1024);
        assertTrue(disk.submit(new BlockRequest(3, Op.READ, 3, 2, back)));
        assertTrue(next().ok());
        back.flip();
        byte[] got = new byte[1024];
        back.get(got);
        assertArrayEquals(data, got);
    }

    @Test
    void anImageInUseByAnotherDiskIsRefusedUntilThatOneStops() throws Exception {
        Path img = image(64 * 1024);
        disk = new FileDisk("disk0", img, 512, 4, 4, false, DiskModel.PASS_THROUGH);
        disk.start(context);
        FileDisk second = new FileDisk("disk1", img, 512, 4, 4, true, DiskModel.PASS_THROUGH);
        IOException e = assertThrows(IOException.class, () -> second.start(context));
        assertTrue(e.getMessage().contains("is in use"), e.getMessage());
        disk.stop();
        disk = new FileDisk("disk1", img, 512, 4, 4, false, DiskModel.PASS_THROUGH);
        disk.start(context); // the lock went with the first disk
        assertEquals(128, disk.blockCount());
    }

    @Test
    void aFullQueueRefusesAndAModelledDiskTakesItsTime() throws Exception {
        Path img = image(8L << 20);
        // seeks of at least 200 ms: the queue stays full however late this thread gets to submit
        RotationalDisk slow = new RotationalDisk(5400, 200_000, 400_000, 50, 64 * 1024, 8L << 20);
        disk = new FileDisk("disk0", img, 512, 2, 2, false, slow);
        disk.start(context);
        long t0 = System.nanoTime();
        assertTrue(disk.submit(new BlockRequest(1, Op.READ, 16000, 8, ByteBuffer.allocate(4096))));
        assertTrue(disk.submit(new BlockRequest(2, Op.READ, 0, 8, ByteBuffer.allocate(4096))));
        assertFalse(disk.submit(new BlockRequest(3, Op.READ, 100, 8, ByteBuffer.allocate(4096))),
                "queue depth 2: the third is refused until one completes");
        assertEquals(1, next().request().tag(), "one head, arrival order");
        assertEquals(2, next().request().tag());
        long elapsed = System.nanoTime() - t0;
        assertTrue(elapsed >= 400_000_000, "two seeks of at least 200 ms each: " + elapsed);
        assertTrue(disk.submit(new BlockRequest(4, Op.READ, 100, 8, ByteBuffer.allocate(4096))), "room again");
        next();
    }

    @Test
    void requestsOutsideTheImageOrWritesToAReadOnlyDiskAreRefusedNamingWhy() throws Exception {
        disk = new FileDisk("disk0", image(4096), 512, 1, 1, true, DiskModel.PASS_THROUGH);
        disk.start(context);
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> disk.submit(new BlockRequest(1, Op.READ, 7, 2, ByteBuffer.allocate(1024))));
        assertTrue(out.getMessage().contains("outside the device's 8 blocks"), out.getMessage());
        IllegalArgumentException ro = assertThrows(IllegalArgumentException.class,
                () -> disk.submit(new BlockRequest(2, Op.WRITE, 0, 1, ByteBuffer.allocate(512))));
        assertTrue(ro.getMessage().contains("read-only"), ro.getMessage());
    }

    @Test
    void anIoErrorCompletesWithAnErrorSentenceNotAnException() throws Exception {
        Path img = image(4096);
        disk = new FileDisk("disk0", img, 512, 1, 1, false, DiskModel.PASS_THROUGH);
        disk.start(context);
        // the image shrinks under the driver: the read runs off its end
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(1024);
        }
        assertTrue(disk.submit(new BlockRequest(1, Op.READ, 4, 2, ByteBuffer.allocate(1024))));
        BlockCompletion c = next();
        assertFalse(c.ok());
        assertTrue(c.error().contains("READ of blocks 4+2 on disk0 failed") && c.error().contains("end of image"), c.error());
    }

    @Test
    void aConfigurationCreatesItsImageAndBadValuesNameTheProperty() throws Exception {
        Path img = dir.resolve("new/disk1.img");
        FileDisk created = FileDiskComponent.fromConfig(config("disk1", img.toString(), 1 << 20, "rotational"));
        assertEquals(1 << 20, Files.size(img));
        assertEquals("disk1", created.name());
        assertTrue(created.model().describe().startsWith("rotational 10000 rpm"), created.model().describe());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> FileDiskComponent.fromConfig(config("disk2", dir.resolve("none.img").toString(), 0, "pass-through")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
                () -> FileDiskComponent.fromConfig(config("disk1", img.toString(), 0, "ssd")));
        assertTrue(model.getMessage().contains("model \"ssd\" is unknown; valid: pass-through, rotational"), model.getMessage());
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> new FileDisk("wide", image(4096), 512, 4, 5, false, DiskModel.PASS_THROUGH));
        assertTrue(tooMany.getMessage().contains("concurrency 5") && tooMany.getMessage().contains("queue depth, 4"),
                tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FileDisk("none", image(4096), 512, 4, 0, false,
                DiskModel.PASS_THROUGH));
        assertThrows(IOException.class, () -> new FileDisk("tiny", image(100), 512, 1, 1, false, DiskModel.PASS_THROUGH)
                .start(context));
    }

    /** A configuration as Config Admin would hand it over. */
    private static FileDiskComponent.Config config(String name, String image, long create, String model) {
        return new FileDiskComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FileDiskComponent.Config.class;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String image() {
                return image;
            }

            @Override
            public long create_bytes() {
                return create;
            }

            @Override
            public int block_size() {
                return 512;
            }

            @Override
            public int queue_depth() {
                return 8;
            }

            @Override
            public int concurrency() {
                return 1;
            }

            @Override
            public boolean read_only() {
                return false;
            }

            @Override
            public String model() {
                return model;
            }

            @Override
            public int rpm() {
                return 10000;
            }

            @Override
            public long track_to_track_us() {
                return 300;
            }

            @Override
            public long full_stroke_us() {
                return 8000;
            }

            @Override
            public long media_mb_per_s() {
                return 120;
            }

            @Override
            public long track_bytes() {
                return 512 * 1024;
            }
        };
    }
}
