package org.omnikernel.resource.scsi.internal;

import java.lang.System.Logger.Level;

import org.omnikernel.hal.device.DeviceHandle;
import org.omnikernel.hal.device.DeviceListener;
import org.omnikernel.hal.device.ScsiHostAdapter;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.SendResult;

/**
 * Tells SCSIR of the HAL's SCSI host adapters: when one arrives, a PROBE under SCSIR's infrastructure
 * activity (probing is kernel work no client asked for); when one leaves, ADAPTER_GONE.
 */
final class ScsiAdapters implements DeviceListener {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.scsi");

    private final Okrt okrt;
    private final ScsiResource scsir;
    private final Activity infrastructure;

    /**
     * @param okrt           the kernel
     * @param scsir          SCSIR, attached
     * @param infrastructure the activity probing is charged to
     */
    ScsiAdapters(Okrt okrt, ScsiResource scsir, Activity infrastructure) {
        this.okrt = okrt;
        this.scsir = scsir;
        this.infrastructure = infrastructure;
    }

    @Override
    public void deviceAdded(DeviceHandle device) {
        if (device.device() instanceof ScsiHostAdapter) {
            scsir.adapterPresent(device.name());
            tell(ScsiResource.PROBE, device.name(), 0);
        }
    }

    @Override
    public void deviceRemoved(DeviceHandle device) {
        if (device.device() instanceof ScsiHostAdapter) {
            scsir.adapterAbsent(device.name());
            tell(ScsiResource.ADAPTER_GONE, device.name());
        }
    }

    private void tell(String request, Object... arguments) {
        SendResult r = okrt.send(infrastructure, ScsiResource.NAME, request, 0, arguments);
        if (!r.isOk()) {
            LOG.log(Level.ERROR, "SCSIR could not be told " + request + " " + arguments[0] + ": " + r);
        }
    }
}
