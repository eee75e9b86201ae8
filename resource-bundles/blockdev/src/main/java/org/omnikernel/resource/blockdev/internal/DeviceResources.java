package org.omnikernel.resource.blockdev.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.omnikernel.hal.device.BlockCompletion;
import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.hal.device.DeviceHandle;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.resource.blockdev.BlockProtocol;

/**
 * The kernel's side of one block device: its read/write and interrupt resources, and the low-level
 * interrupt handler that turns each completion into a message to the interrupt resource. The handler
 * sends under the device's own interrupt activity; the interrupt resource attributes its work to
 * the request's activity once it has found the request (seed §3.3.2).
 */
final class DeviceResources {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.blockdev");
    private static final long GONE_WAIT_SECONDS = 5;

    final ReadWriteResource readWrite;
    final InterruptResource interrupt;
    private final DeviceHandle handle;
    private final Okrt okrt;
    private final Activity irqActivity;
    private final InFlight inFlight = new InFlight();

    DeviceResources(DeviceHandle handle, Okrt okrt) {
        this.handle = handle;
        this.okrt = okrt;
        BlockDevice device = (BlockDevice) handle.device();
        this.readWrite = new ReadWriteResource(device, inFlight);
        this.interrupt = new InterruptResource(device.name(), inFlight, readWrite::context);
        this.irqActivity = okrt.createActivity("irq." + device.name(), Parameters.EMPTY);
    }

    /** Routes the device's interrupts to its interrupt resource; call once both resources attach. */
    void connectInterrupts() {
        String dir = BlockProtocol.interrupt(handle.name());
        handle.interrupt().handler((payload, core) -> {
            if (payload instanceof BlockCompletion c) {
                SendResult r = okrt.send(irqActivity, dir, InterruptResource.INTERRUPT, c.request().tag(), c);
                if (!r.isOk()) {
                    LOG.log(Level.ERROR, handle.name() + ": completion of request " + c.request().tag()
                            + " could not reach " + dir + ": " + r);
                }
            }
        });
    }

    /** The device is leaving: stop taking interrupts, answer every request still in flight. */
    void disconnect() {
        handle.interrupt().handler(null);
        if (inFlight.size() > 0) {
            CompletableFuture<Void> answered = new CompletableFuture<>();
            SendResult r = okrt.send(irqActivity, BlockProtocol.interrupt(handle.name()), InterruptResource.DEVICE_GONE, 0,
                    answered);
            try {
                if (r.isOk()) {
                    answered.get(GONE_WAIT_SECONDS, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                LOG.log(Level.WARNING, handle.name() + ": requests in flight were not all answered before it left: " + e);
            }
        }
        okrt.terminate(irqActivity);
    }
}
