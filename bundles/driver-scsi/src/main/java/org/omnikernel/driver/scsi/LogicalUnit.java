package org.omnikernel.driver.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.omnikernel.hal.device.ScsiCommand;
import org.omnikernel.hal.device.ScsiCommand.Direction;

/**
 * One logical unit: a direct-access block device (SBC) whose medium is an image file. Executes a
 * command synchronously on the adapter's thread and reports how it ended; every failure is a CHECK
 * CONDITION with sense data, kept for the next REQUEST SENSE.
 */
final class LogicalUnit {

    static final int TEST_UNIT_READY = 0x00;
    static final int REQUEST_SENSE = 0x03;
    static final int INQUIRY = 0x12;
    static final int MODE_SENSE_6 = 0x1a;
    static final int READ_CAPACITY_10 = 0x25;
    static final int READ_10 = 0x28;
    static final int WRITE_10 = 0x2a;
    static final int SYNCHRONIZE_CACHE_10 = 0x35;
    static final int READ_16 = 0x88;
    static final int WRITE_16 = 0x8a;
    static final int SYNCHRONIZE_CACHE_16 = 0x91;
    static final int SERVICE_ACTION_IN_16 = 0x9e;
    static final int READ_CAPACITY_16 = 0x10; // service action of SERVICE ACTION IN(16)
    static final int REPORT_LUNS = 0xa0;

    static final String VENDOR = "OMNIKERN";
    static final String PRODUCT = "VIRTUAL DISK";
    static final String REVISION = "0001";

    private final int lun;
    private final String serial;
    private final FileChannel medium;
    private final int blockSize;
    private final long blocks;
    private final boolean readOnly;
    private Sense lastSense = Sense.NONE;

    LogicalUnit(int lun, String serial, Path image, int blockSize, boolean readOnly) throws IOException {
        this.lun = lun;
        this.serial = serial;
        this.medium = readOnly ? FileChannel.open(image, StandardOpenOption.READ)
                : FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.blockSize = blockSize;
        this.readOnly = readOnly;
        this.blocks = medium.size() / blockSize;
        if (blocks == 0) {
            medium.close();
            throw new IOException("LUN " + lun + ": " + image + " is smaller than one " + blockSize + "-byte block");
        }
    }

    int lun() {
        return lun;
    }

    long blocks() {
        return blocks;
    }

    void close() {
        try {
            medium.close();
        } catch (IOException e) {
            // abandoning it anyway
        }
    }

    /** Runs a command; called by one adapter thread at a time per unit. */
    synchronized Outcome execute(ScsiCommand c) {
        byte[] cdb = c.cdb();
        Outcome o = switch (c.opcode()) {
            case TEST_UNIT_READY -> Outcome.good(0);
            case REQUEST_SENSE -> requestSense(c, cdb);
            case INQUIRY -> inquiry(c, cdb);
            case MODE_SENSE_6 -> modeSense6(c, cdb);
            case READ_CAPACITY_10 -> readCapacity10(c);
            case SERVICE_ACTION_IN_16 -> (cdb[1] & 0x1f) == READ_CAPACITY_16 ? readCapacity16(c, cdb)
                    : Outcome.check(Sense.INVALID_FIELD_IN_CDB);
            case READ_10 -> transfer(c, Cdb.u32(cdb, 2), Cdb.u16(cdb, 7), false);
            case READ_16 -> transfer(c, Cdb.u64(cdb, 2), Cdb.u32(cdb, 10), false);
            case WRITE_10 -> readOnly ? Outcome.check(Sense.WRITE_PROTECTED)
                    : transfer(c, Cdb.u32(cdb, 2), Cdb.u16(cdb, 7), true);
            case WRITE_16 -> readOnly ? Outcome.check(Sense.WRITE_PROTECTED)
                    : transfer(c, Cdb.u64(cdb, 2), Cdb.u32(cdb, 10), true);
            case SYNCHRONIZE_CACHE_10, SYNCHRONIZE_CACHE_16 -> synchronizeCache();
            default -> Outcome.check(Sense.INVALID_OPCODE);
        };
        if (c.opcode() != REQUEST_SENSE) {
            lastSense = o.sense();
        }
        return o;
    }

    private Outcome requestSense(ScsiCommand c, byte[] cdb) {
        if (c.direction() != Direction.IN) {
            return Outcome.check(Sense.INVALID_FIELD_IN_CDB);
        }
        byte[] sense = lastSense.bytes();
        lastSense = Sense.NONE;
        return dataIn(c, sense, cdb[4] & 0xff);
    }

    private Outcome inquiry(ScsiCommand c, byte[] cdb) {
        if (c.direction() != Direction.IN) {
            return Outcome.check(Sense.INVALID_FIELD_IN_CDB);
        }
        int allocation = Cdb.u16(cdb, 3);
        boolean evpd = (cdb[1] & 1) != 0;
        int page = cdb[2] & 0xff;
        if (!evpd) {
            return page != 0 ? Outcome.check(Sense.INVALID_FIELD_IN_CDB) : dataIn(c, standardInquiry(0x00), allocation);
        }
        return switch (page) {
            case 0x00 -> dataIn(c, vpd(0x00, new byte[] {0x00, (byte) 0x80, (byte) 0x83}), allocation);
            case 0x80 -> dataIn(c, vpd(0x80, serial.getBytes(StandardCharsets.US_ASCII)), allocation);
            case 0x83 -> dataIn(c, vpd(0x83, t10VendorDesignator()), allocation);
            default -> Outcome.check(Sense.INVALID_FIELD_IN_CDB);
        };
    }

    /**
     * @param peripheral byte 0: 00h a direct-access unit, 7Fh no unit at this LUN
     * @return the 36 bytes of standard INQUIRY data (SPC-4 §6.4.2)
     */
    static byte[] standardInquiry(int peripheral) {
        byte[] d = new byte[36];
        d[0] = (byte) peripheral;
        d[2] = 0x06; // SPC-4
        d[3] = 0x02; // response data format 2
        d[4] = 31; // additional length
        d[7] = 0x02; // CmdQue: the adapter queues commands
        ascii(d, 8, 8, VENDOR);
        ascii(d, 16, 16, PRODUCT);
        ascii(d, 32, 4, REVISION);
        return d;
    }

    private static void ascii(byte[] d, int at, int width, String s) {
        for (int i = 0; i < width; i++) {
            d[at + i] = (byte) (i < s.length() ? s.charAt(i) : ' ');
        }
    }

    private static byte[] vpd(int page, byte[] payload) {
        byte[] d = new byte[4 + payload.length];
        d[1] = (byte) page;
        d[2] = (byte) (payload.length >> 8);
        d[3] = (byte) payload.length;
        System.arraycopy(payload, 0, d, 4, payload.length);
        return d;
    }

    /** One designation descriptor: T10 vendor ID based, ASCII: vendor then serial (SPC-4 §7.8.6.4). */
    private byte[] t10VendorDesignator() {
        byte[] id = (VENDOR + serial).getBytes(StandardCharsets.US_ASCII);
        byte[] d = new byte[4 + id.length];
        d[0] = 0x02; // code set: ASCII
        d[1] = 0x01; // association: logical unit; type: T10 vendor ID
        d[3] = (byte) id.length;
        System.arraycopy(id, 0, d, 4, id.length);
        return d;
    }

    /**
     * MODE SENSE(6) (SPC-4 §6.11): the 4-byte mode parameter header only, no block descriptor and no
     * pages; its WP bit says whether the unit is write-protected.
     */
    private Outcome modeSense6(ScsiCommand c, byte[] cdb) {
        if (c.direction() != Direction.IN) {
            return Outcome.check(Sense.INVALID_FIELD_IN_CDB);
        }
        byte[] header = new byte[4];
        header[0] = 3; // mode data length: the bytes after this one
        header[2] = (byte) (readOnly ? 0x80 : 0x00); // device-specific parameter: WP
        return dataIn(c, header, cdb[4] & 0xff);
    }

    private Outcome readCapacity10(ScsiCommand c) {
        if (c.direction() != Direction.IN) {
            return Outcome.check(Sense.INVALID_FIELD_IN_CDB);
        }
        byte[] d = new byte[8];
        long last = blocks - 1;
        Cdb.put32(d, 0, last > 0xffff_ffffL ? 0xffff_ffffL : last); // all ones: use READ CAPACITY(16)
        Cdb.put32(d, 4, blockSize);
        return dataIn(c, d, 8);
    }

    private Outcome readCapacity16(ScsiCommand c, byte[] cdb) {
        if (c.direction() != Direction.IN) {
            return Outcome.check(Sense.INVALID_FIELD_IN_CDB);
        }
        byte[] d = new byte[32];
        Cdb.put64(d, 0, blocks - 1);
        Cdb.put32(d, 8, blockSize);
        return dataIn(c, d, (int) Math.min(Integer.MAX_VALUE, Cdb.u32(cdb, 10)));
    }

    private Outcome transfer(ScsiCommand c, long lba, long count, boolean write) {
        if (lba < 0 || count < 0 || lba + count > blocks) {
            return Outcome.check(Sense.LBA_OUT_OF_RANGE);
        }
        if (count == 0) {
            return Outcome.good(c.data() == null ? 0 : c.data().remaining());
        }
        long bytes = count * blockSize;
        ByteBuffer b = c.data();
        if (b == null || c.direction() != (write ? Direction.OUT : Direction.IN) || b.remaining() < bytes) {
            return Outcome.check(Sense.INVALID_FIELD_IN_CDB);
        }
        int residual = (int) (b.remaining() - bytes);
        ByteBuffer window = b.duplicate();
        window.limit(window.position() + (int) bytes);
        long position = lba * blockSize;
        try {
            while (window.hasRemaining()) {
                if (write) {
                    position += medium.write(window, position);
                } else {
                    int n = medium.read(window, position);
                    if (n < 0) {
                        throw new IOException("end of medium at byte " + position);
                    }
                    position += n;
                }
            }
        } catch (IOException e) {
            return new Outcome(write ? Sense.WRITE_ERROR : Sense.UNRECOVERED_READ_ERROR, (int) Math.min(b.remaining(), Integer.MAX_VALUE));
        }
        b.position(window.position());
        return Outcome.good(residual);
    }

    private Outcome synchronizeCache() {
        try {
            medium.force(false);
            return Outcome.good(0);
        } catch (IOException e) {
            return Outcome.check(Sense.WRITE_ERROR);
        }
    }

    /** Copies response data into a data-in buffer, up to the allocation length and the buffer's room. */
    static Outcome dataIn(ScsiCommand c, byte[] data, int allocation) {
        ByteBuffer b = c.data();
        if (b == null) {
            return Outcome.check(Sense.INVALID_FIELD_IN_CDB);
        }
        int n = Math.min(Math.min(data.length, allocation), b.remaining());
        int room = b.remaining();
        b.put(data, 0, n);
        return Outcome.good(room - n);
    }
}
