package org.omnikernel.driver.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.hal.device.DeviceContext;
import org.omnikernel.hal.device.ScsiCommand;
import org.omnikernel.hal.device.ScsiCommand.Direction;
import org.omnikernel.hal.device.ScsiCompletion;

/**
 * The adapter against CDBs laid out by hand from SPC-4/SBC-3, as an initiator would send them: what
 * comes back in the data buffer, the status, and the sense key and ASC on errors.
 */
class ScsiAdapterTest {

    @TempDir
    Path dir;
    private final BlockingQueue<ScsiCompletion> interrupts = new LinkedBlockingQueue<>();
    private ScsiAdapter adapter;
    private Path lun0;

    @BeforeEach
    void start() throws Exception {
        lun0 = image("lun0.img", 1 << 20); // 2048 blocks
        Path lun1 = image("lun1.img", 64 * 1024);
        adapter = new ScsiAdapter("scsi0", List.of(lun0, lun1), 512, 4, false);
        adapter.start(collector("scsi0"));
    }

    /** @return a context whose interrupts land in {@link #interrupts} */
    private DeviceContext collector(String name) {
        return new DeviceContext() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean raise(Object payload) {
                return interrupts.add((ScsiCompletion) payload);
            }
        };
    }

    @AfterEach
    void stop() {
        adapter.stop();
    }

    private Path image(String name, long bytes) throws Exception {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    /** Submits and waits for the completion interrupt. */
    private ScsiCompletion run(int lun, byte[] cdb, ByteBuffer data, Direction dir) throws Exception {
        ScsiCommand c = new ScsiCommand(7, lun, cdb, data, dir);
        assertTrue(adapter.submit(c));
        ScsiCompletion done = interrupts.poll(10, TimeUnit.SECONDS);
        assertTrue(done != null, "a completion interrupt");
        return done;
    }

    private static byte[] cdb(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    private static byte[] rw10(int opcode, long lba, int blocks) {
        return cdb(opcode, 0, (int) (lba >>> 24), (int) (lba >>> 16), (int) (lba >>> 8), (int) lba, 0, blocks >>> 8, blocks, 0);
    }

    private static byte[] rw16(int opcode, long lba, long blocks) {
        byte[] c = new byte[16];
        c[0] = (byte) opcode;
        for (int i = 0; i < 8; i++) {
            c[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            c[10 + i] = (byte) (blocks >>> (24 - 8 * i));
        }
        return c;
    }

    @Test
    void modeSenseShowsWriteProtectionAndAReadOnlyUnitRefusesWritesAsDataProtect() throws Exception {
        ByteBuffer header = ByteBuffer.allocate(64);
        ScsiCompletion writable = run(0, cdb(0x1a, 0x08, 0x3f, 0, 64, 0), header, Direction.IN);
        assertTrue(writable.ok());
        assertEquals(64 - 4, writable.residual(), "the 4-byte header and nothing else");
        assertEquals(0, header.get(2) & 0x80, "WP clear");
        adapter.stop();
        adapter = new ScsiAdapter("scsi0", List.of(lun0), 512, 4, true);
        adapter.start(collector("scsi0"));
        header = ByteBuffer.allocate(64);
        assertTrue(run(0, cdb(0x1a, 0x08, 0x3f, 0, 64, 0), header, Direction.IN).ok());
        assertEquals(0x80, header.get(2) & 0x80, "WP set");
        ScsiCompletion refused = run(0, rw10(0x2a, 0, 1), ByteBuffer.allocate(512), Direction.OUT);
        assertEquals(ScsiCompletion.CHECK_CONDITION, refused.status());
        assertEquals(0x7, refused.senseKey(), "DATA PROTECT");
        assertEquals(0x27, refused.asc(), "write protected");
    }

    @Test
    void aCommandBeforeStartIsRefusedWithoutCostingAQueueSlot() throws Exception {
        ScsiAdapter early = new ScsiAdapter("scsi1", List.of(lun0), 512, 1, false);
        ScsiCommand tur = new ScsiCommand(1, 0, cdb(0, 0, 0, 0, 0, 0), null, Direction.NONE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> early.submit(tur));
        assertTrue(e.getMessage().contains("scsi1 has not started yet"), e.getMessage());
        early.start(collector("scsi1"));
        try {
            assertTrue(early.submit(tur), "the queue of one is still free");
            ScsiCompletion done = interrupts.poll(10, TimeUnit.SECONDS);
            assertTrue(done != null && done.ok());
        } finally {
            early.stop();
        }
    }

    @Test
    void testUnitReadyAndStandardInquiryDescribeADirectAccessUnit() throws Exception {
        assertTrue(run(0, cdb(0x00, 0, 0, 0, 0, 0), null, Direction.NONE).ok());
        ByteBuffer in = ByteBuffer.allocate(96);
        ScsiCompletion c = run(0, cdb(0x12, 0, 0, 0, 96, 0), in, Direction.IN);
        assertTrue(c.ok());
        assertEquals(96 - 36, c.residual(), "36 bytes of standard data in a 96-byte allocation");
        byte[] d = in.array();
        assertEquals(0x00, d[0], "peripheral qualifier 0, direct-access block device");
        assertEquals(0x06, d[2], "SPC-4");
        assertEquals(31, d[4], "additional length");
        assertEquals("OMNIKERN", new String(d, 8, 8, StandardCharsets.US_ASCII));
        assertEquals("VIRTUAL DISK    ", new String(d, 16, 16, StandardCharsets.US_ASCII));
    }

    @Test
    void vitalProductDataPagesListThemselvesAndCarryTheSerial() throws Exception {
        ByteBuffer pages = ByteBuffer.allocate(16);
        assertTrue(run(1, cdb(0x12, 1, 0x00, 0, 16, 0), pages, Direction.IN).ok());
        assertArrayEquals(new byte[] {0, 0x00, 0, 3, 0x00, (byte) 0x80, (byte) 0x83}, Arrays.copyOf(pages.array(), 7));
        ByteBuffer serial = ByteBuffer.allocate(32);
        assertTrue(run(1, cdb(0x12, 1, 0x80, 0, 32, 0), serial, Direction.IN).ok());
        assertEquals((byte) 0x80, serial.get(1));
        assertEquals("scsi0-1", new String(serial.array(), 4, serial.get(3), StandardCharsets.US_ASCII));
        ScsiCompletion bad = run(1, cdb(0x12, 1, 0x99, 0, 32, 0), ByteBuffer.allocate(32), Direction.IN);
        assertEquals(ScsiCompletion.CHECK_CONDITION, bad.status());
        assertEquals(0x5, bad.senseKey());
        assertEquals(0x24, bad.asc(), "invalid field in CDB");
    }

    @Test
    void readCapacityTenAndSixteenGiveTheLastLbaAndBlockLength() throws Exception {
        ByteBuffer ten = ByteBuffer.allocate(8);
        assertTrue(run(0, cdb(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0), ten, Direction.IN).ok());
        assertEquals(2047, ten.getInt(0));
        assertEquals(512, ten.getInt(4));
        ByteBuffer sixteen = ByteBuffer.allocate(32);
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x9e;
        cdb[1] = 0x10;
        cdb[13] = 32;
        assertTrue(run(1, cdb, sixteen, Direction.IN).ok());
        assertEquals(127, sixteen.getLong(0));
        assertEquals(512, sixteen.getInt(8));
    }

    @Test
    void writesAndReadsOfTenAndSixteenBytesMoveBlocksOfTheImage() throws Exception {
        byte[] data = new byte[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i ^ 0x5a);
        }
        assertTrue(run(0, rw10(0x2a, 100, 2), ByteBuffer.wrap(data), Direction.OUT).ok());
        assertTrue(run(0, cdb(0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0), null, Direction.NONE).ok(), "SYNCHRONIZE CACHE(10)");
        byte[] onDisk = new byte[1024];
        try (RandomAccessFile f = new RandomAccessFile(lun0.toFile(), "r")) {
            f.seek(100 * 512);
            f.readFully(onDisk);
        }
        assertArrayEquals(data, onDisk);
        ByteBuffer back = ByteBuffer.allocate(1024);
        assertTrue(run(0, rw16(0x88, 100, 2), back, Direction.IN).ok());
        assertArrayEquals(data, back.array());
        assertTrue(run(0, rw16(0x8a, 2046, 2), ByteBuffer.allocate(1024), Direction.OUT).ok(), "the last two blocks");
    }

    @Test
    void errorsComeBackAsCheckConditionWithSenseThatRequestSenseRepeats() throws Exception {
        ScsiCompletion beyond = run(0, rw10(0x28, 2047, 2), ByteBuffer.allocate(1024), Direction.IN);
        assertEquals(ScsiCompletion.CHECK_CONDITION, beyond.status());
        assertEquals(0x5, beyond.senseKey(), "ILLEGAL REQUEST");
        assertEquals(0x21, beyond.asc(), "LBA out of range");
        assertEquals(0x70, beyond.sense()[0] & 0xff, "fixed-format sense");

        ByteBuffer sense = ByteBuffer.allocate(18);
        assertTrue(run(0, cdb(0x03, 0, 0, 0, 18, 0), sense, Direction.IN).ok());
        assertEquals(0x5, sense.get(2));
        assertEquals(0x21, sense.get(12));
        ByteBuffer again = ByteBuffer.allocate(18);
        assertTrue(run(0, cdb(0x03, 0, 0, 0, 18, 0), again, Direction.IN).ok());
        assertEquals(0, again.get(2), "reported once: NO SENSE now");

        ScsiCompletion opcode = run(0, cdb(0xc9, 0, 0, 0, 0, 0), null, Direction.NONE);
        assertEquals(0x20, opcode.asc(), "invalid command operation code");
        ScsiCompletion shortBuffer = run(0, rw10(0x28, 0, 4), ByteBuffer.allocate(512), Direction.IN);
        assertEquals(0x24, shortBuffer.asc(), "a buffer smaller than the transfer is an invalid field, not an overrun");
    }

    @Test
    void anAbsentLunIsReportedAsSuchAndReportLunsListsThePresentOnes() throws Exception {
        ScsiCompletion tur = run(5, cdb(0x00, 0, 0, 0, 0, 0), null, Direction.NONE);
        assertEquals(0x25, tur.asc(), "logical unit not supported");
        ByteBuffer inq = ByteBuffer.allocate(36);
        assertTrue(run(5, cdb(0x12, 0, 0, 0, 36, 0), inq, Direction.IN).ok());
        assertEquals(0x7f, inq.get(0) & 0xff, "qualifier 011b, type 1Fh: no unit here");
        ByteBuffer luns = ByteBuffer.allocate(64);
        assertTrue(run(0, cdb(0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0), luns, Direction.IN).ok());
        assertEquals(16, luns.getInt(0), "two LUNs of 8 bytes");
        assertEquals(0, luns.get(9));
        assertEquals(1, luns.get(17));
        assertEquals(List.of(0, 1), adapter.luns());
    }

    @Test
    void aFullQueueRefusesAndBadConfigurationsNameWhatIsWrong() {
        assertThrows(IllegalArgumentException.class, () -> new ScsiCommand(1, 0, new byte[3], null, Direction.NONE));
        assertThrows(IllegalArgumentException.class, () -> new ScsiCommand(1, 0, new byte[6], null, Direction.IN));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new ScsiAdapter("scsi1", List.of(), 512, 4, false));
        assertTrue(none.getMessage().contains("1 to 256 LUN images"), none.getMessage());
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> new ScsiAdapter("scsi1", List.of(lun0), 512, 0, false));
        assertTrue(depth.getMessage().contains("queue depth 0"), depth.getMessage());
        adapter.stop();
        assertFalse(adapter.submit(new ScsiCommand(1, 0, new byte[6], null, Direction.NONE)), "a stopped adapter takes nothing");
    }
}
