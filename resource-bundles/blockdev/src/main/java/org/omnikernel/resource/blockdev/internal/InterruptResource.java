package org.omnikernel.resource.blockdev.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.resource.blockdev.BlockProtocol;

/**
 * {@code dir.DEVICE} (seed §3.3.2): the device's interrupt resource. The HAL's low-level handler
 * turns each completion interrupt into an INTERRUPT message here; this infrastructure resource finds
 * the request it completes, attributes its own work to the request's activity (it could not know the
 * activity before), answers the client in the device's protocol and resumes the read/write resource,
 * which may be waiting for room on the device. DEVICE_GONE answers every request still in flight when
 * the device leaves.
 *
 * @param <C> the device's completion payload
 */
final class InterruptResource<C> implements Resource {

    static final String INTERRUPT = "INTERRUPT";
    static final String DEVICE_GONE = "DEVICE_GONE";

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.blockdev");

    private final String device;
    private final InFlight inFlight;
    private final Supplier<ResourceContext> readWrite;
    private final Completions<C> completions;
    private final AtomicLong strays = new AtomicLong();

    /**
     * @param device      the device's name
     * @param inFlight    its requests in flight
     * @param readWrite   the read/write resource's context, to resume it (null until attached)
     * @param completions how the device's completions answer clients
     */
    InterruptResource(String device, InFlight inFlight, Supplier<ResourceContext> readWrite, Completions<C> completions) {
        this.device = device;
        this.inFlight = inFlight;
        this.readWrite = readWrite;
        this.completions = completions;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(BlockProtocol.interrupt(device))
                .infrastructure()
                .request(INTERRUPT, this::interrupt, completions.type())
                .request(DEVICE_GONE, this::deviceGone, CompletableFuture.class)
                .build();
    }

    private void interrupt(ExecutionContext ctx, Message m) {
        C c = m.argument(0, completions.type());
        long tag = completions.tagOf(c);
        InFlight.Pending p = inFlight.take(tag);
        if (p == null) {
            // a driver completing a request twice, or one the kernel already answered when it left
            LOG.log(Level.WARNING, device + ": completion " + strays.incrementAndGet() + " for no request in flight (tag "
                    + tag + ")");
        } else {
            ctx.reattribute(p.activity());
            completions.answer(ctx, p, c);
        }
        ResourceContext rw = readWrite.get();
        if (rw != null) {
            rw.resume();
        }
    }

    private void deviceGone(ExecutionContext ctx, Message m) {
        for (InFlight.Pending p : inFlight.drain()) {
            ctx.reattribute(p.activity());
            completions.fail(ctx, p, device + " went away before completing the request");
        }
        m.argument(0, CompletableFuture.class).complete(null);
    }
}
