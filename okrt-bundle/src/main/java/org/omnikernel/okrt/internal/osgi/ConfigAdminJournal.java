package org.omnikernel.okrt.internal.osgi;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.omnikernel.okrt.internal.GridAdminImpl;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Keeps applied grid edits in one Config Admin configuration, PID {@value #PID}, as flat
 * {@code <target>/<field>} properties (see {@code GridOverlay}). Writes happen on a thread of their own,
 * in order, never on a kernel core. The only class of OKRT that touches {@code org.osgi.service.cm}:
 * it is loaded only when Config Admin's package is wired, so OKRT runs without it.
 */
final class ConfigAdminJournal implements GridAdminImpl.Journal, AutoCloseable {

    /** The PID of the configuration that holds the grid edits. */
    static final String PID = "org.omnikernel.okrt.grid";

    private static final System.Logger LOG = System.getLogger("org.omnikernel.okrt");

    private final ConfigurationAdmin admin;
    private final Map<String, String> current;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "okrt-grid-journal");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param service the Config Admin service object
     */
    ConfigAdminJournal(Object service) {
        this.admin = (ConfigurationAdmin) service;
        this.current = new HashMap<>(read());
    }

    /** @return the persisted properties, without Config Admin's own ({@code service.pid} …) */
    Map<String, String> stored() {
        synchronized (current) {
            return Map.copyOf(current);
        }
    }

    private Map<String, String> read() {
        try {
            Dictionary<String, Object> props = admin.getConfiguration(PID, null).getProperties();
            Map<String, String> out = new HashMap<>();
            if (props != null) {
                for (String key : Collections.list(props.keys())) {
                    if (key.indexOf('/') > 0) {
                        out.put(key, String.valueOf(props.get(key)));
                    }
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "could not read the persisted grid edits (" + PID + "); starting from the file alone", e);
            return Map.of();
        }
    }

    @Override
    public void applied(String target, Map<String, String> fields) {
        Map<String, String> snapshot;
        synchronized (current) {
            fields.forEach((f, v) -> current.put(target + "/" + f, v));
            snapshot = Map.copyOf(current);
        }
        writer.execute(() -> write(snapshot));
    }

    /** Replaces the stored edits, e.g. with those that still applied at boot. */
    void replace(Map<String, String> properties) {
        Map<String, String> snapshot;
        synchronized (current) {
            current.clear();
            current.putAll(properties);
            snapshot = Map.copyOf(current);
        }
        writer.execute(() -> write(snapshot));
    }

    private void write(Map<String, String> properties) {
        try {
            Configuration c = admin.getConfiguration(PID, null);
            Dictionary<String, Object> d = new Hashtable<>(properties);
            c.update(d);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "could not persist grid edits (" + PID + "); they last until the kernel stops", e);
        }
    }

    /** Writes what is pending, then stops the writer thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
