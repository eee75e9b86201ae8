package org.omnikernel.resource.blockdev.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.hal.device.DeviceHandle;
import org.omnikernel.hal.device.ScsiHostAdapter;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.resource.blockdev.BlockProtocol;

/**
 * The kernel's side of one block device or SCSI host adapter: its read/write and interrupt resources, and the low-level
 * interrupt handler that turns each completion into a message to the interrupt resource. The handler
 * sends under the device's own interrupt activity; the interrupt resource attributes its work to
 * the request's activity once it has found the request (seed §3.3.2).
 */
final class DeviceResources {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.blockdev");
    private static final long GONE_WAIT_SECONDS = 5;

    final ReadWriteResource readWrite;
    final InterruptResource<?> interrupt;
    private final DeviceHandle handle;
    private final Okrt okrt;
    private final Activity irqActivity;
    private final Completions<?> completions;

    private DeviceResources(DeviceHandle handle, Okrt okrt, InFlight inFlight, ReadWriteResource readWrite,
            Completions<?> completions) {
        this.handle = handle;
        this.okrt = okrt;
        this.readWrite = readWrite;
        this.interrupt = new InterruptResource<>(handle.name(), inFlight, readWrite::context, completions);
        this.completions = completions;
        this.irqActivity = okrt.createActivity("irq." + handle.name(), Parameters.EMPTY);
    }

    /**
     * @param handle a device the HAL adopted
     * @param okrt   the kernel
     * @return its resources, or null when it is neither a block device nor a SCSI host adapter
     */
    static DeviceResources of(DeviceHandle handle, Okrt okrt) {
        InFlight inFlight = new InFlight();
        if (handle.device() instanceof BlockDevice d) {
            return new DeviceResources(handle, okrt, inFlight, new BlockReadWriteResource(d, inFlight), Completions.BLOCK);
        }
        if (handle.device() instanceof ScsiHostAdapter a) {
            return new DeviceResources(handle, okrt, inFlight, new ScsiReadWriteResource(a, inFlight), Completions.SCSI);
        }
        return null;
    }

    /** Labels completions are spread over: more than any machine here has cores, few enough to stay routed. */
    static final int COMPLETION_ROUTES = 64;

    /** Routes the device's interrupts to its interrupt resource; call once both resources attach. */
    void connectInterrupts() {
        String dir = BlockProtocol.interrupt(handle.name());
        handle.interrupt().handler((payload, core) -> {
            if (completions.type().isInstance(payload)) {
                long affinity = completionAffinity(tagOf(completions, payload));
                SendResult r = okrt.send(irqActivity, dir, InterruptResource.INTERRUPT, affinity, payload);
                if (!r.isOk()) {
                    LOG.log(Level.ERROR, handle.name() + ": completion " + payload + " could not reach " + dir + ": " + r);
                }
            }
        });
    }

    /**
     * The affinity label of a completion: its request's tag folded onto {@value #COMPLETION_ROUTES} labels.
     * Completions still spread over the cores (each label's route gets its core from the interrupt
     * resource's load share), but they reuse those routes: with the tag itself every completion made
     * OKRT create, map (asking the scheduler's load share) and later sweep a route of its own, about
     * 240 000 in one run of {@code okernel bench storage}.
     */
    static long completionAffinity(long tag) {
        return Math.floorMod(tag, COMPLETION_ROUTES);
    }

    private static <C> long tagOf(Completions<C> completions, Object payload) {
        return completions.tagOf(completions.type().cast(payload));
    }

    /** The device is leaving: stop taking interrupts, answer every request still in flight. */
    void disconnect() {
        handle.interrupt().handler(null);
        if (readWrite.inFlight.size() > 0) {
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
