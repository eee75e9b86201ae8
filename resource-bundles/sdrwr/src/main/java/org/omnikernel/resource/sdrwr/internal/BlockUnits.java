package org.omnikernel.resource.sdrwr.internal;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.hal.device.DeviceHandle;
import org.omnikernel.hal.device.DeviceListener;
import org.omnikernel.storage.StorageUnit;

/**
 * Makes a storage unit of every block device the HAL adopts, once the device has started (the HAL
 * tells listeners before it starts a device, and a file disk learns its size when started) and its
 * {@code drwr.DEVICE} is attached (blockdev attaches it when it hears of the device, maybe after SDRWR
 * does). So units are published from a thread of this class's, which checks every
 * {@value #WAIT_STEP_MILLIS} ms for at most {@value #WAIT_LIMIT_MILLIS} ms. When the device leaves, its unit is withdrawn: first from SDRWR,
 * so that new requests are refused, then as a service.
 */
public final class BlockUnits implements DeviceListener, AutoCloseable {

    static final long WAIT_STEP_MILLIS = 10;
    static final long WAIT_LIMIT_MILLIS = 10_000;

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.sdrwr");

    /** Offers a unit to the storage system (a {@link StorageUnit} service); the returned action withdraws it. */
    public interface Publisher {
        /**
         * @param unit the unit
         * @return withdraws it
         */
        Runnable publish(StorageUnit unit);
    }

    private final SdrwrResource sdrwr;
    private final Predicate<String> attached;
    private final Publisher publisher;
    private final Map<String, Runnable> published = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService waiter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sdrwr-unit-waiter");
        t.setDaemon(true);
        return t;
    });

    BlockUnits(SdrwrResource sdrwr, Predicate<String> attached, Publisher publisher) {
        this.sdrwr = sdrwr;
        this.attached = attached;
        this.publisher = publisher;
    }

    @Override
    public void deviceAdded(DeviceHandle handle) {
        if (handle.device() instanceof BlockDevice device) {
            long started = System.nanoTime();
            synchronized (waiting) {
                waiting.put(handle.name(), waiter.scheduleWithFixedDelay(() -> waitFor(device, handle.driver(), started),
                        0, WAIT_STEP_MILLIS, TimeUnit.MILLISECONDS));
            }
        }
    }

    private void waitFor(BlockDevice device, String driver, long started) {
        String drwr = org.omnikernel.resource.blockdev.BlockProtocol.readWrite(device.name());
        if (device.blockCount() > 0 && attached.test(drwr)) {
            synchronized (waiting) {
                if (cancelWait(device.name())) { // else it left meanwhile
                    publish(new BlockUnit(device, driver, SdrwrResource.NAME));
                }
            }
        } else if (System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(WAIT_LIMIT_MILLIS)) {
            cancelWait(device.name());
            LOG.log(Level.WARNING, "block device " + device.name() + (device.blockCount() > 0 ? "" : " has no blocks or did not start")
                    + (attached.test(drwr) ? "" : "; " + drwr + " was not attached (is the blockdev bundle running?)")
                    + " after " + WAIT_LIMIT_MILLIS + " ms; it is not offered as a storage unit");
        }
    }

    private void publish(BlockUnit unit) {
        sdrwr.add(unit);
        published.put(unit.name(), publisher.publish(unit));
        LOG.log(Level.INFO, "storage " + unit.description());
    }

    @Override
    public void deviceRemoved(DeviceHandle handle) {
        Runnable withdraw;
        synchronized (waiting) {
            cancelWait(handle.name());
            sdrwr.remove(handle.name());
            withdraw = published.remove(handle.name());
        }
        if (withdraw != null) {
            withdraw.run();
        }
    }

    /** @return whether it was waited for */
    private boolean cancelWait(String name) {
        ScheduledFuture<?> f = waiting.remove(name);
        if (f != null) {
            f.cancel(false);
        }
        return f != null;
    }

    /** @return whether no device is waiting to become a unit */
    boolean settled() {
        return waiting.isEmpty();
    }

    /** Withdraws every unit and stops waiting. */
    @Override
    public void close() {
        waiter.shutdownNow();
        waiting.clear();
        published.keySet().forEach(sdrwr::remove);
        published.values().forEach(Runnable::run);
        published.clear();
    }
}
