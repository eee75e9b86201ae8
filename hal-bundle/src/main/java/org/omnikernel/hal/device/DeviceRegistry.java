package org.omnikernel.hal.device;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.omnikernel.hal.InterruptController;

/**
 * The machine's devices. Drivers' devices come in (in OSGi, as {@code Device} services the HAL bundle
 * tracks), get an interrupt line and start; the kernel listens and builds its resources around them.
 *
 * <p>A device that fails to start, or whose name is taken or malformed, is kept as {@code failed}
 * with the reason, so that an operator sees why, and nothing else changes.
 */
public final class DeviceRegistry {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.hal");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final InterruptController interrupts;
    private final Map<String, DeviceHandle> running = new LinkedHashMap<>();
    private final Map<Device, DeviceInfo> failed = new LinkedHashMap<>();
    private final List<DeviceListener> listeners = new ArrayList<>(); // guarded by this

    /** @param interrupts where devices get their interrupt lines */
    public DeviceRegistry(InterruptController interrupts) {
        this.interrupts = interrupts;
    }

    /**
     * Adopts a device: checks its name, gives it an interrupt line, tells the listeners, starts it.
     *
     * @param device the device
     * @param driver who provides it
     * @return the handle, or null when the device failed (see {@link #devices()} for why)
     */
    public DeviceHandle add(Device device, String driver) {
        String name;
        try {
            name = device.name();
        } catch (RuntimeException e) {
            return fail(device, "?", driver, "name() threw " + e);
        }
        if (name == null || !NAME.matcher(name).matches()) {
            return fail(device, String.valueOf(name), driver,
                    "device name \"" + name + "\" is not 1-64 letters, digits, '.', '-' or '_'");
        }
        DeviceHandle handle;
        List<DeviceListener> told;
        synchronized (this) {
            if (running.containsKey(name)) {
                return fail(device, name, driver, "a device named " + name + " runs already (driver "
                        + running.get(name).driver() + ")");
            }
            handle = new DeviceHandle(device, driver, interrupts.allocate(name, null));
            running.put(name, handle);
            told = List.copyOf(listeners); // under the lock: a listener added now hears of it exactly once
        }
        for (DeviceListener l : told) {
            tell(() -> l.deviceAdded(handle), "deviceAdded", name);
        }
        try {
            device.start(new DeviceContext() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public boolean raise(Object payload) {
                    return handle.interrupt().raise(payload);
                }
            });
        } catch (Exception | LinkageError e) {
            drop(handle);
            return fail(device, name, driver, "start failed: " + e);
        }
        LOG.log(Level.INFO, "device {0} ({1}) from {2} started on {3}", name, typeOf(device), driver, handle.interrupt());
        return handle;
    }

    /**
     * Stops and forgets a device; listeners are told.
     *
     * @param device the device, as added
     */
    public void remove(Device device) {
        DeviceHandle handle = null;
        synchronized (this) {
            failed.remove(device);
            for (DeviceHandle h : running.values()) {
                if (h.device() == device) {
                    handle = h;
                }
            }
        }
        if (handle == null) {
            return;
        }
        try {
            device.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.ERROR, "device " + handle.name() + ": stop() threw; forgetting it anyway", e);
        }
        drop(handle);
    }

    private void drop(DeviceHandle handle) {
        List<DeviceListener> told;
        synchronized (this) {
            running.remove(handle.name());
            told = List.copyOf(listeners);
        }
        handle.interrupt().release();
        for (DeviceListener l : told) {
            tell(() -> l.deviceRemoved(handle), "deviceRemoved", handle.name());
        }
    }

    private synchronized DeviceHandle fail(Device device, String name, String driver, String why) {
        LOG.log(Level.ERROR, "device " + name + " from " + driver + " refused: " + why);
        failed.put(device, new DeviceInfo(name, typeOf(device), driver, "failed", why, null));
        return null;
    }

    private static String typeOf(Device d) {
        try {
            return d.type();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static void tell(Runnable call, String what, String device) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a device listener's " + what + " for " + device + " threw; the registry carries on", e);
        }
    }

    /**
     * Adds a listener and tells it of every device running now.
     *
     * @param l the listener
     */
    public void addListener(DeviceListener l) {
        List<DeviceHandle> now;
        synchronized (this) {
            listeners.add(l);
            now = new ArrayList<>(running.values());
        }
        for (DeviceHandle h : now) {
            tell(() -> l.deviceAdded(h), "deviceAdded", h.name());
        }
    }

    /** @param l a listener to forget */
    public synchronized void removeListener(DeviceListener l) {
        listeners.remove(l);
    }

    /** @return the running devices */
    public synchronized List<DeviceHandle> running() {
        return List.copyOf(running.values());
    }

    /** @return every device, running or failed, with its state */
    public synchronized List<DeviceInfo> devices() {
        List<DeviceInfo> out = new ArrayList<>();
        for (DeviceHandle h : running.values()) {
            out.add(new DeviceInfo(h.name(), typeOf(h.device()), h.driver(), "running", "", h.interrupt().statistics()));
        }
        out.addAll(failed.values());
        return out;
    }
}
