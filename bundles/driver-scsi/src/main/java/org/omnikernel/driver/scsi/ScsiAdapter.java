package org.omnikernel.driver.scsi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.omnikernel.hal.device.Device;
import org.omnikernel.hal.device.DeviceContext;
import org.omnikernel.hal.device.ScsiCommand;
import org.omnikernel.hal.device.ScsiCompletion;
import org.omnikernel.hal.device.ScsiHostAdapter;

/**
 * A SCSI host adapter with one logical unit per image file (LUN 0, 1, … in configuration order).
 * Commands run on the adapter's threads (one at a time per LUN) and complete as interrupts. REPORT
 * LUNS answers for the whole target; a command for a LUN that is not there gets CHECK CONDITION,
 * LOGICAL UNIT NOT SUPPORTED, except INQUIRY, which answers with peripheral qualifier 011b as SPC
 * requires so that a prober can tell the LUN is absent.
 */
final class ScsiAdapter implements ScsiHostAdapter {

    private final String name;
    private final List<Path> images;
    private final int blockSize;
    private final int queueDepth;
    private final boolean readOnly;
    private final Semaphore slots;
    private final Map<Integer, LogicalUnit> units = new TreeMap<>();
    private volatile ExecutorService controller;
    private DeviceContext context;
    private volatile boolean stopped;

    ScsiAdapter(String name, List<Path> images, int blockSize, int queueDepth, boolean readOnly) {
        if (images.isEmpty() || images.size() > 256) {
            throw new IllegalArgumentException(name + ": needs 1 to 256 LUN images, got " + images.size());
        }
        Device.requireBlockSize(name, blockSize);
        Device.requireQueueDepth(name, queueDepth);
        this.name = name;
        this.images = List.copyOf(images);
        this.blockSize = blockSize;
        this.queueDepth = queueDepth;
        this.readOnly = readOnly;
        this.slots = new Semaphore(queueDepth);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(DeviceContext ctx) throws IOException {
        try {
            for (int lun = 0; lun < images.size(); lun++) {
                units.put(lun, new LogicalUnit(lun, name + "-" + lun, images.get(lun), blockSize, readOnly));
            }
        } catch (IOException e) {
            units.values().forEach(LogicalUnit::close);
            throw e;
        }
        context = ctx;
        // Several commands at once (up to the queue depth, one thread per LUN, at least two), completing
        // in any order as a real adapter's may: the kernel never has two overlapping commands out at once.
        controller = Executors.newFixedThreadPool(Math.min(queueDepth, Math.max(2, units.size())), r -> {
            Thread t = new Thread(r, name + "-controller");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void stop() {
        stopped = true;
        controller.shutdownNow();
        units.values().forEach(LogicalUnit::close);
    }

    @Override
    public List<Integer> luns() {
        return new ArrayList<>(units.keySet());
    }

    @Override
    public int queueDepth() {
        return queueDepth;
    }

    @Override
    public boolean submit(ScsiCommand command) {
        ExecutorService running = controller;
        if (running == null) {
            // the HAL tells the kernel of a device before it starts it, so a command can come this early
            throw new IllegalStateException(name + " has not started yet; command " + command.tag() + " refused");
        }
        if (stopped || !slots.tryAcquire()) {
            return false;
        }
        try {
            running.execute(() -> run(command));
        } catch (RuntimeException e) {
            slots.release(); // a slot leaked here would shrink the queue for good
            throw e;
        }
        return true;
    }

    /** Runs a command on a controller thread and raises its completion. */
    private void run(ScsiCommand command) {
        Outcome o;
        try {
            o = execute(command);
        } catch (RuntimeException e) {
            o = Outcome.check(Sense.INVALID_FIELD_IN_CDB); // a CDB too short for its opcode
        }
        slots.release();
        if (!stopped) {
            context.raise(o.isGood() ? new ScsiCompletion(command, ScsiCompletion.GOOD, null, o.residual())
                    : new ScsiCompletion(command, ScsiCompletion.CHECK_CONDITION, o.sense().bytes(), o.residual()));
        }
    }

    Outcome execute(ScsiCommand c) {
        if (c.opcode() == LogicalUnit.REPORT_LUNS) {
            return reportLuns(c);
        }
        LogicalUnit unit = units.get(c.lun());
        if (unit != null) {
            return unit.execute(c);
        }
        if (c.opcode() == LogicalUnit.INQUIRY && c.data() != null) {
            return LogicalUnit.dataIn(c, LogicalUnit.standardInquiry(0x7f), Cdb.u16(c.cdb(), 3));
        }
        return Outcome.check(Sense.LUN_NOT_SUPPORTED);
    }

    /** REPORT LUNS (SPC-4 §6.33): an 8-byte header, then one 8-byte single-level LUN per unit. */
    private Outcome reportLuns(ScsiCommand c) {
        byte[] d = new byte[8 + 8 * units.size()];
        Cdb.put32(d, 0, 8L * units.size());
        int i = 8;
        for (int lun : units.keySet()) {
            d[i + 1] = (byte) lun; // peripheral device addressing, bus 0
            i += 8;
        }
        return LogicalUnit.dataIn(c, d, (int) Math.min(Integer.MAX_VALUE, Cdb.u32(c.cdb(), 6)));
    }
}
