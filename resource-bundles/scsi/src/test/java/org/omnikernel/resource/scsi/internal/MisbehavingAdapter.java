package org.omnikernel.resource.scsi.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.omnikernel.hal.device.DeviceContext;
import org.omnikernel.hal.device.ScsiCommand;
import org.omnikernel.hal.device.ScsiCompletion;
import org.omnikernel.hal.device.ScsiHostAdapter;

/**
 * The real adapter with the faults a test needs put in front of it: a CD-ROM drive at an extra LUN
 * (listed by REPORT LUNS, answering INQUIRY with peripheral device type 05h and nothing else), a
 * submit that throws as a buggy driver's would, and completions that never come (a dead controller).
 */
final class MisbehavingAdapter implements ScsiHostAdapter {

    private final ScsiHostAdapter real;
    private final int cdRomLun;
    volatile boolean throwOnSubmit;
    volatile boolean swallowCompletions;
    private volatile DeviceContext context;

    /**
     * @param real     the real adapter
     * @param cdRomLun where the CD-ROM sits, or -1 for none
     */
    MisbehavingAdapter(ScsiHostAdapter real, int cdRomLun) {
        this.real = real;
        this.cdRomLun = cdRomLun;
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public void start(DeviceContext ctx) throws Exception {
        context = ctx;
        real.start(new DeviceContext() {
            @Override
            public String name() {
                return ctx.name();
            }

            @Override
            public boolean raise(Object payload) {
                if (swallowCompletions) {
                    return true;
                }
                return ctx.raise(payload instanceof ScsiCompletion c ? withCdRomListed(c) : payload);
            }
        });
    }

    @Override
    public void stop() {
        real.stop();
    }

    @Override
    public List<Integer> luns() {
        List<Integer> luns = new ArrayList<>(real.luns());
        if (cdRomLun >= 0) {
            luns.add(cdRomLun);
        }
        return luns;
    }

    @Override
    public int queueDepth() {
        return real.queueDepth();
    }

    @Override
    public boolean submit(ScsiCommand command) {
        if (throwOnSubmit) {
            throw new IllegalStateException("firmware bug: command " + command.tag() + " lost its way");
        }
        if (command.lun() == cdRomLun && command.opcode() != Cdbs.REPORT_LUNS) {
            answerAsCdRom(command);
            return true;
        }
        return real.submit(command);
    }

    /** INQUIRY: a CD/DVD device (05h); anything else: CHECK CONDITION, NOT READY, medium not present. */
    private void answerAsCdRom(ScsiCommand c) {
        if (c.opcode() == Cdbs.INQUIRY && c.data() != null) {
            byte[] inquiry = new byte[36];
            inquiry[0] = 0x05;
            inquiry[4] = 31;
            int n = Math.min(inquiry.length, c.data().remaining());
            c.data().put(inquiry, 0, n);
            context.raise(new ScsiCompletion(c, ScsiCompletion.GOOD, null, c.data().remaining()));
            return;
        }
        byte[] sense = new byte[18];
        sense[0] = 0x70;
        sense[2] = SenseData.NOT_READY;
        sense[7] = 10;
        sense[12] = 0x3a;
        context.raise(new ScsiCompletion(c, ScsiCompletion.CHECK_CONDITION, sense, 0));
    }

    /** A REPORT LUNS answer with the CD-ROM's LUN appended, as the target would list it. */
    private ScsiCompletion withCdRomListed(ScsiCompletion c) {
        if (cdRomLun < 0 || c.command().opcode() != Cdbs.REPORT_LUNS || !c.ok()) {
            return c;
        }
        ByteBuffer b = c.command().data();
        int end = b.position();
        if (b.capacity() - end < 8) {
            return c;
        }
        b.putInt(0, b.getInt(0) + 8);
        b.put(end + 1, (byte) cdRomLun);
        return new ScsiCompletion(c.command(), c.status(), c.sense(), c.residual() - 8);
    }
}
