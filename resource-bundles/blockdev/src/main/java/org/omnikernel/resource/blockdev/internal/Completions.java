package org.omnikernel.resource.blockdev.internal;

import org.omnikernel.hal.device.BlockCompletion;
import org.omnikernel.hal.device.ScsiCompletion;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.resource.blockdev.BlockProtocol;
import org.omnikernel.resource.blockdev.ScsiProtocol;

/**
 * What the interrupt resource needs to know about one kind of device: which interrupt payloads are
 * completions, which request each finishes, and how the client is answered in the device's protocol.
 *
 * @param <C> the completion payload
 */
interface Completions<C> {

    /** @return the payload's class, which the interrupt resource declares */
    Class<C> type();

    /**
     * @param completion a completion
     * @return the kernel tag of the request it finishes
     */
    long tagOf(C completion);

    /**
     * Answers a client whose request completed.
     *
     * @param ctx        the interrupt resource's context, already attributed to the request's activity
     * @param request    the request
     * @param completion its completion
     */
    void answer(ExecutionContext ctx, InFlight.Pending request, C completion);

    /**
     * Answers a client whose request cannot complete.
     *
     * @param ctx     the interrupt resource's context
     * @param request the request
     * @param why     a sentence
     */
    void fail(ExecutionContext ctx, InFlight.Pending request, String why);

    /** Block devices: {@link BlockProtocol#DONE}. */
    Completions<BlockCompletion> BLOCK = new Completions<>() {
        @Override
        public Class<BlockCompletion> type() {
            return BlockCompletion.class;
        }

        @Override
        public long tagOf(BlockCompletion c) {
            return c.request().tag();
        }

        @Override
        public void answer(ExecutionContext ctx, InFlight.Pending p, BlockCompletion c) {
            ctx.reply(p.request(), BlockProtocol.DONE, p.clientTag(), c.ok() ? p.data() : Buffer.allocate(0),
                    c.ok() ? "" : c.error());
        }

        @Override
        public void fail(ExecutionContext ctx, InFlight.Pending p, String why) {
            ctx.reply(p.request(), BlockProtocol.DONE, p.clientTag(), Buffer.allocate(0), why);
        }
    };

    /** SCSI host adapters: {@link ScsiProtocol#DONE}, the data in cut to what the unit transferred. */
    Completions<ScsiCompletion> SCSI = new Completions<>() {
        @Override
        public Class<ScsiCompletion> type() {
            return ScsiCompletion.class;
        }

        @Override
        public long tagOf(ScsiCompletion c) {
            return c.command().tag();
        }

        @Override
        public void answer(ExecutionContext ctx, InFlight.Pending p, ScsiCompletion c) {
            Buffer room = p.data();
            int moved = Math.max(0, Math.min(room.length(), room.length() - c.residual()));
            Buffer in = moved == room.length() ? room : Buffer.of(copyOf(room, moved));
            ctx.reply(p.request(), ScsiProtocol.DONE, p.clientTag(), c.status(), in, c.sense(), "");
        }

        private static byte[] copyOf(Buffer b, int length) {
            byte[] bytes = new byte[length];
            b.view().get(bytes);
            return bytes;
        }

        @Override
        public void fail(ExecutionContext ctx, InFlight.Pending p, String why) {
            ctx.reply(p.request(), ScsiProtocol.DONE, p.clientTag(), ScsiProtocol.NO_STATUS, Buffer.allocate(0),
                    new byte[0], why);
        }
    };
}
