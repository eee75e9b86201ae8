package org.omnikernel.resource.blockdev.internal;

import org.omnikernel.hal.device.ScsiCommand;
import org.omnikernel.hal.device.ScsiHostAdapter;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.resource.blockdev.BlockProtocol;
import org.omnikernel.resource.blockdev.ScsiProtocol;

/**
 * {@code drwr.ADAPTER} for a SCSI host adapter: carries EXECUTE messages to the adapter as SCSI
 * commands ({@link ScsiProtocol}); queueing, rejection and faults as {@link ReadWriteResource} says.
 * It does not look inside the CDB: what a command means is SCSIR's business and the adapter's.
 */
final class ScsiReadWriteResource extends ReadWriteResource {

    private final ScsiHostAdapter adapter;

    ScsiReadWriteResource(ScsiHostAdapter adapter, InFlight inFlight) {
        super(adapter.name(), inFlight);
        this.adapter = adapter;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(BlockProtocol.readWrite(device))
                .request(ScsiProtocol.EXECUTE, this::execute, Long.class, Integer.class, byte[].class, Buffer.class,
                        Integer.class)
                .reports(Metric.NBYTES)
                .build();
    }

    private void execute(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        int lun = m.argument(1, Integer.class);
        byte[] cdb = m.argument(2, byte[].class);
        Buffer out = m.argument(3, Buffer.class);
        int inLength = m.argument(4, Integer.class);
        int outLength = out == null ? 0 : out.length();
        if (inLength < 0 || inLength > MAX_REQUEST_BYTES || outLength > MAX_REQUEST_BYTES) {
            refuse(ctx, m, tag, "EXECUTE on " + device + ": data in " + inLength + " and out " + outLength
                    + " bytes; a command moves 0 to " + MAX_REQUEST_BYTES + " bytes");
            return;
        }
        if (inLength > 0 && outLength > 0) {
            refuse(ctx, m, tag, "EXECUTE on " + device + ": a command moves data one way, not " + outLength
                    + " bytes out and " + inLength + " in");
            return;
        }
        String what = "SCSI command " + (cdb == null || cdb.length == 0 ? "?" : String.format("%02Xh", cdb[0] & 0xff))
                + " for LUN " + lun;
        if (inLength > 0) {
            Buffer in = Buffer.allocate(inLength);
            submit(ctx, m, tag, in, inLength, what,
                    k -> adapter.submit(new ScsiCommand(k, lun, cdb, in.writableView(), ScsiCommand.Direction.IN)));
        } else if (outLength > 0) {
            submit(ctx, m, tag, Buffer.allocate(0), outLength, what,
                    k -> adapter.submit(new ScsiCommand(k, lun, cdb, out.view(), ScsiCommand.Direction.OUT)));
        } else {
            submit(ctx, m, tag, Buffer.allocate(0), 0, what,
                    k -> adapter.submit(new ScsiCommand(k, lun, cdb, null, ScsiCommand.Direction.NONE)));
        }
    }

    @Override
    protected void refuse(ExecutionContext ctx, Message m, long clientTag, String error) {
        ctx.reply(m, ScsiProtocol.DONE, clientTag, ScsiProtocol.NO_STATUS, Buffer.allocate(0), new byte[0], error);
    }
}
