package org.omnikernel.resource.scsi.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.omnikernel.okrt.ExecutionContext;

/**
 * Probes one SCSI host adapter's topology through its {@code drwr.ADAPTER}, as messages under SCSIR's
 * infrastructure activity: REPORT LUNS, then for each LUN in turn
 *
 * <pre>
 *  INQUIRY ─► not a direct-access block device (type 00h, qualifier 000b)? skip it
 *     │
 *  INQUIRY VPD 00h ─► offers 80h? INQUIRY VPD 80h: the serial number
 *     │
 *  TEST UNIT READY ─► UNIT ATTENTION? once more; not ready? skip it
 *     │
 *  READ CAPACITY(16) ─► refused? READ CAPACITY(10)
 *     │
 *  MODE SENSE(6) ─► the WP bit, when the unit answers it; else writable
 * </pre>
 *
 * and when every LUN is done hands the usable ones to SCSIR, which registers them. Each step runs in
 * the handler of the previous step's answer; one probe's state is touched by one step at a time.
 */
final class AdapterProbe {

    /** Sends a command for the probe and calls back with the answer. */
    interface Commands {
        void execute(ExecutionContext ctx, String adapter, int lun, byte[] cdb, int inLength, ScsiResource.Waiter then);
    }

    /** Told when the probe is done, or when the adapter did not answer at all. */
    interface Outcome {
        void probed(ExecutionContext ctx, String adapter, List<ScsiUnit> units, List<String> skipped);

        /**
         * REPORT LUNS never completed on the adapter: it may still be starting (the HAL tells the kernel
         * of a device before it starts it) or be gone.
         */
        void unanswered(ExecutionContext ctx, String adapter, String why);
    }

    private final String adapter;
    private final String resource;
    private final Commands commands;
    private final Outcome outcome;
    private final List<Integer> luns = new ArrayList<>();
    private final List<ScsiUnit> found = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private int next;

    /**
     * @param adapter  the adapter's device name
     * @param resource the name of the resource that will serve its units
     * @param commands how commands reach it
     * @param outcome  told when every LUN is probed
     */
    AdapterProbe(String adapter, String resource, Commands commands, Outcome outcome) {
        this.adapter = adapter;
        this.resource = resource;
        this.commands = commands;
        this.outcome = outcome;
    }

    void start(ExecutionContext ctx) {
        commands.execute(ctx, adapter, 0, Cdbs.reportLuns(), Cdbs.REPORT_LUNS_LENGTH, this::reportedLuns);
    }

    private void reportedLuns(ExecutionContext ctx, Reply r) {
        if (r.good()) {
            luns.addAll(parseLuns(r.bytes()));
        } else if (r.error().isEmpty()) {
            luns.add(0); // a target that does not support REPORT LUNS still has LUN 0 (SPC-4 §4.6.4)
        } else {
            outcome.unanswered(ctx, adapter, "REPORT LUNS failed: " + r.why(adapter, -1));
            return;
        }
        nextLun(ctx);
    }

    /**
     * @param data REPORT LUNS parameter data
     * @return the LUNs in single-level peripheral (00b) or flat (01b) addressing; others are skipped
     */
    static List<Integer> parseLuns(byte[] data) {
        List<Integer> out = new ArrayList<>();
        if (data.length < 8) {
            return out;
        }
        long listed = Cdbs.u32(data, 0) / 8;
        for (int i = 0; i < listed && 8 + 8 * i + 8 <= data.length; i++) {
            int at = 8 + 8 * i;
            int method = (data[at] & 0xc0) >> 6;
            if (method == 0 && (data[at] & 0x3f) == 0) {
                out.add(data[at + 1] & 0xff);
            } else if (method == 1) {
                out.add(((data[at] & 0x3f) << 8) | (data[at + 1] & 0xff));
            }
        }
        return out;
    }

    private void nextLun(ExecutionContext ctx) {
        if (next == luns.size()) {
            outcome.probed(ctx, adapter, List.copyOf(found), List.copyOf(skipped));
            return;
        }
        new LunProbe(luns.get(next++)).inquire(ctx);
    }

    private static String ascii(byte[] d, int from, int to) {
        if (d.length < to) {
            return "";
        }
        return new String(d, from, to - from, StandardCharsets.US_ASCII).trim();
    }

    /** One LUN's probe; its steps run one after the other. */
    private final class LunProbe {
        private final int lun;
        private final String name;
        private String identity = "";
        private String serial = "";
        private boolean turRetried;
        private long lastLba;
        private long blockSize;

        LunProbe(int lun) {
            this.lun = lun;
            this.name = adapter + "." + lun;
        }

        private void send(ExecutionContext ctx, byte[] cdb, int inLength, ScsiResource.Waiter then) {
            commands.execute(ctx, adapter, lun, cdb, inLength, then);
        }

        private void skip(ExecutionContext ctx, String why) {
            skipped.add(name + ": " + why);
            nextLun(ctx);
        }

        void inquire(ExecutionContext ctx) {
            send(ctx, Cdbs.inquiry(), Cdbs.INQUIRY_LENGTH, this::inquired);
        }

        private void inquired(ExecutionContext ctx, Reply r) {
            byte[] d = r.bytes();
            if (!r.good() || d.length < 1) {
                skip(ctx, "INQUIRY failed: " + r.why(name, -1));
                return;
            }
            int qualifier = (d[0] & 0xe0) >> 5;
            int type = d[0] & 0x1f;
            if (qualifier != 0) {
                skip(ctx, "no logical unit here (peripheral qualifier " + Integer.toBinaryString(qualifier) + "b)");
                return;
            }
            if (type != 0) {
                skip(ctx, String.format("peripheral device type %02Xh is not a direct-access block device", type));
                return;
            }
            identity = String.join(" ", List.of(ascii(d, 8, 16), ascii(d, 16, 32), ascii(d, 32, 36))).trim();
            send(ctx, Cdbs.inquiryVpd(0x00), Cdbs.VPD_LENGTH, this::pagesListed);
        }

        private void pagesListed(ExecutionContext ctx, Reply r) {
            byte[] d = r.bytes();
            if (r.good() && d.length >= 4) {
                int n = Math.min(Cdbs.u16(d, 2), d.length - 4);
                for (int i = 0; i < n; i++) {
                    if ((d[4 + i] & 0xff) == 0x80) {
                        send(ctx, Cdbs.inquiryVpd(0x80), Cdbs.VPD_LENGTH, this::serialRead);
                        return;
                    }
                }
            }
            testUnitReady(ctx);
        }

        private void serialRead(ExecutionContext ctx, Reply r) {
            byte[] d = r.bytes();
            if (r.good() && d.length >= 4) {
                serial = ascii(d, 4, 4 + Math.min(Cdbs.u16(d, 2), d.length - 4));
            }
            testUnitReady(ctx);
        }

        private void testUnitReady(ExecutionContext ctx) {
            send(ctx, Cdbs.testUnitReady(), 0, this::unitReady);
        }

        private void unitReady(ExecutionContext ctx, Reply r) {
            SenseData s = r.senseData();
            if (!r.good() && s != null && s.key() == SenseData.UNIT_ATTENTION && !turRetried) {
                turRetried = true; // the first command after a reset or medium change reports it; ask again
                testUnitReady(ctx);
            } else if (!r.good()) {
                skip(ctx, "not ready: " + r.why(name, -1));
            } else {
                send(ctx, Cdbs.readCapacity16(), Cdbs.CAPACITY_16_LENGTH, this::capacity16);
            }
        }

        private void capacity16(ExecutionContext ctx, Reply r) {
            byte[] d = r.bytes();
            if (r.good() && d.length >= 12) {
                lastLba = Cdbs.u64(d, 0);
                blockSize = Cdbs.u32(d, 8);
                checkCapacity(ctx);
            } else {
                send(ctx, Cdbs.readCapacity10(), 8, this::capacity10);
            }
        }

        private void capacity10(ExecutionContext ctx, Reply r) {
            byte[] d = r.bytes();
            if (!r.good() || d.length < 8) {
                skip(ctx, "READ CAPACITY failed: " + r.why(name, -1));
                return;
            }
            lastLba = Cdbs.u32(d, 0);
            blockSize = Cdbs.u32(d, 4);
            if (lastLba == 0xffff_ffffL) {
                skip(ctx, "larger than READ CAPACITY(10) can say, and READ CAPACITY(16) was refused");
                return;
            }
            checkCapacity(ctx);
        }

        private void checkCapacity(ExecutionContext ctx) {
            if (blockSize < 512 || blockSize > 65536 || Long.bitCount(blockSize) != 1 || lastLba < 0
                    || lastLba == Long.MAX_VALUE) {
                skip(ctx, "READ CAPACITY reported " + blockSize + "-byte blocks up to LBA " + lastLba
                        + "; SCSIR serves power-of-two blocks of 512 to 65536 bytes");
                return;
            }
            send(ctx, Cdbs.modeSense6(), Cdbs.MODE_SENSE_LENGTH, this::modeSensed);
        }

        private void modeSensed(ExecutionContext ctx, Reply r) {
            byte[] d = r.bytes();
            boolean writeProtected = r.good() && d.length >= 3 && (d[2] & 0x80) != 0;
            String description = (identity.isEmpty() ? "SCSI disk" : identity)
                    + (serial.isEmpty() ? "" : ", serial " + serial) + ", " + adapter + " LUN " + lun;
            found.add(new ScsiUnit(name, resource, (int) blockSize, lastLba + 1, writeProtected, description, adapter, lun));
            nextLun(ctx);
        }
    }
}
