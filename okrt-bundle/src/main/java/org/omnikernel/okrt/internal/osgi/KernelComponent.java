package org.omnikernel.okrt.internal.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.omnikernel.hal.Machine;
import org.omnikernel.okrt.KernelStatus;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.config.ConfigException;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.grid.GridAdmin;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.internal.GridAdminImpl;
import org.omnikernel.okrt.internal.GridOverlay;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.internal.SchedulerDeparture;
import org.omnikernel.okrt.internal.StatisticsFormatter;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Boots OKRT inside the framework.
 *
 * <ol>
 *   <li>Reads the grid configuration named by the framework property {@value #CONFIG_PROPERTY}
 *       (else a built-in default) and checks it against the capabilities of the installed bundles.
 *       A bad configuration registers a failed {@link KernelStatus} and nothing else: the kernel
 *       never runs half-configured.</li>
 *   <li>Lays the grid edits persisted in Config Admin over it, when Config Admin is there
 *       ({@link GridOverlay}); edits that no longer fit are reported and dropped.</li>
 *   <li>Tracks {@link SchedulerFactory} services; once those of the CPU and compartment schedulers
 *       are there, starts the cores and registers {@link Okrt}, {@link GridAdmin}, the {@code okrt:}
 *       shell commands and a running {@link KernelStatus}.</li>
 *   <li>Tracks {@link Resource} services (whiteboard) and attaches each once its scheduler's factory
 *       is there; a resource whose service goes away is held as updating for
 *       {@value #GRACE_PROPERTY} ms (a new version takes its messages over), then detached, its
 *       senders told; at once when its bundle is uninstalled.</li>
 * </ol>
 */
@Component(immediate = true)
public final class KernelComponent {

    /** Framework property naming the {@code schedulerconfig} file. */
    public static final String CONFIG_PROPERTY = "omnikernel.config";
    /** Framework property: the grid model's sampling interval for rates, in ms (default 1000). */
    public static final String SAMPLE_PROPERTY = "omnikernel.grid.sample.ms";
    /**
     * Framework property: how long, in ms, a resource whose service went away is held as
     * {@code updating} — its messages waiting — for a new version to register; 0 detaches at once.
     */
    public static final String GRACE_PROPERTY = "omnikernel.resource.grace.ms";
    /** The grace period when {@value #GRACE_PROPERTY} is not set. */
    public static final long DEFAULT_GRACE_MILLIS = 5000;

    private static final String CONFIG_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";

    private static final System.Logger LOG = System.getLogger("org.omnikernel.okrt");
    private static final long DETACH_WAIT_SECONDS = 10;

    /** The HAL's machine: its cores run the kernel. */
    @Reference
    private Machine machine;
    private BundleContext context;
    private SchedulerConfig config;
    private final Map<String, SchedulerFactory> factories = new ConcurrentHashMap<>();
    private final List<ServiceReference<Resource>> pending = new ArrayList<>();
    private ServiceTracker<SchedulerFactory, SchedulerFactory> schedulerTracker;
    private ServiceTracker<Resource, String> resourceTracker;
    private Kernel kernel;
    private GridAdminImpl gridAdmin;
    /** The configuration the kernel booted from: the file with the persisted edits over it. */
    private SchedulerConfig effective;
    private long graceMillis;
    private ScheduledExecutorService graceTimer;
    /** The bundle that registered each attached resource, to detach at once when it is uninstalled. */
    private final Map<String, Long> providers = new ConcurrentHashMap<>();
    /** Synchronous, so that a held resource is detached before {@code Bundle.uninstall()} returns. */
    private final SynchronousBundleListener uninstalls = this::bundleChanged;
    private ServiceTracker<Object, Object> configAdminTracker;
    /** Where applied edits are kept; null while Config Admin is absent. */
    private volatile ConfigAdminJournal journal;
    /** Set once the log said that edits will not outlive the kernel; no lock, as cores call {@link #journal}. */
    private final java.util.concurrent.atomic.AtomicBoolean toldNoConfigAdmin = new java.util.concurrent.atomic.AtomicBoolean();
    /** The kernel is stopping: resources that leave are detached, not held. */
    private volatile boolean stopping;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        factories.put(FifoScheduler.NAME, new FifoScheduler());
        try {
            config = readConfig(bundleContext, machine.coreCount());
        } catch (ConfigException | IllegalArgumentException e) {
            LOG.log(Level.ERROR, "OKRT not started: " + e.getMessage());
            registerStatus("failed", e.getMessage(), "");
            return;
        }
        graceMillis = longProperty(GRACE_PROPERTY, DEFAULT_GRACE_MILLIS, 0);
        graceTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "okrt-resource-grace");
            t.setDaemon(true);
            return t;
        });
        bundleContext.addBundleListener(uninstalls);
        openConfigAdminTracker(bundleContext);
        schedulerTracker = new ServiceTracker<>(bundleContext, SchedulerFactory.class, new SchedulerCustomizer());
        schedulerTracker.open();
        bootIfReady();
    }

    /** Tracks Config Admin by name, so that this class loads without its package (an optional import). */
    private void openConfigAdminTracker(BundleContext ctx) {
        try {
            configAdminTracker = new ServiceTracker<>(ctx, ctx.createFilter("(objectClass=" + CONFIG_ADMIN + ")"),
                    new ServiceTrackerCustomizer<Object, Object>() {
                        @Override
                        public Object addingService(ServiceReference<Object> ref) {
                            return configAdminArrived(ref);
                        }

                        @Override
                        public void modifiedService(ServiceReference<Object> ref, Object service) {
                            // nothing to do
                        }

                        @Override
                        public void removedService(ServiceReference<Object> ref, Object service) {
                            configAdminLeft(ref);
                        }
                    });
            configAdminTracker.open();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        if (context != null) {
            context.removeBundleListener(uninstalls);
        }
        if (resourceTracker != null) {
            resourceTracker.close();
        }
        if (schedulerTracker != null) {
            schedulerTracker.close();
        }
        if (graceTimer != null) {
            graceTimer.shutdownNow();
        }
        if (configAdminTracker != null) {
            configAdminTracker.close();
        }
        synchronized (this) {
            registrations.forEach(ServiceRegistration::unregister);
            registrations.clear();
            if (gridAdmin != null) {
                gridAdmin.close();
                gridAdmin = null;
            }
            ConfigAdminJournal j = journal;
            if (j != null) {
                j.close();
                journal = null;
            }
            if (kernel != null) {
                try {
                    kernel.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                kernel = null;
            }
        }
    }

    private static SchedulerConfig readConfig(BundleContext ctx, int cores) throws ConfigException {
        GridCatalog catalog = BundleCatalog.scan(ctx);
        SchedulerConfigParser parser = new SchedulerConfigParser(catalog, cores);
        String file = ctx.getProperty(CONFIG_PROPERTY);
        if (file != null && !file.isBlank()) {
            return parser.parse(Path.of(file));
        }
        try (InputStream in = KernelComponent.class.getResourceAsStream("/org/omnikernel/okrt/internal/default-schedulerconfig.xml")) {
            return parser.parse(in, "built-in default-schedulerconfig.xml");
        } catch (IOException e) {
            throw new ConfigException("built-in default-schedulerconfig.xml", 0, "file", e.getMessage());
        }
    }

    private synchronized void bootIfReady() {
        if (kernel != null || context == null) {
            return;
        }
        effective = withPersistedEdits(config);
        if (!factories.containsKey(effective.cpu().scheduler())
                || !effective.compartments().stream().allMatch(c -> factories.containsKey(c.scheduler()))) {
            return;
        }
        try {
            kernel = new Kernel(effective, factories::get, machine);
        } catch (IllegalArgumentException e) {
            registerStatus("failed", config.source() + ": " + e.getMessage(), "");
            return;
        }
        kernel.start();
        registrations.add(context.registerService(Okrt.class, kernel, null));
        gridAdmin = new GridAdminImpl(kernel, () -> Set.copyOf(factories.keySet()), () -> BundleCatalog.scan(context), this::devices,
                this::journal, longProperty(SAMPLE_PROPERTY, GridAdminImpl.DEFAULT_SAMPLE_MILLIS, 1));
        registrations.add(context.registerService(GridAdmin.class, gridAdmin, null));
        Dictionary<String, Object> cmd = new Hashtable<>();
        cmd.put("osgi.command.scope", "okrt");
        cmd.put("osgi.command.function", KernelCommands.FUNCTIONS);
        registrations.add(context.registerService(KernelCommands.class, new KernelCommands(kernel, gridAdmin), cmd));
        resourceTracker = new ServiceTracker<>(context, Resource.class, new ResourceCustomizer());
        resourceTracker.open();
        registerStatus("running", "", StatisticsFormatter.summary(kernel));
    }

    /**
     * @return the HAL's running devices, each with the kernel resources serving it: by the device
     *         resources' naming convention, those whose name ends in {@code .<device>} ({@code drwr.disk0},
     *         {@code dir.disk0})
     */
    private List<org.omnikernel.okrt.grid.GridSnapshot.DeviceView> devices() {
        Kernel k = kernel;
        List<String> resources = k == null ? List.of() : k.resourceNames();
        List<org.omnikernel.okrt.grid.GridSnapshot.DeviceView> out = new ArrayList<>();
        for (org.omnikernel.hal.device.DeviceInfo d : machine.devices().devices()) {
            if (d.state().equals("running")) {
                out.add(new org.omnikernel.okrt.grid.GridSnapshot.DeviceView(d.name(), d.type(), d.driver(),
                        resources.stream().filter(r -> r.endsWith("." + d.name())).sorted().toList()));
            }
        }
        return out;
    }

    /**
     * The persisted edits over the file (see {@link GridOverlay} for the semantics); what no longer
     * applies is reported and dropped from the store.
     */
    private SchedulerConfig withPersistedEdits(SchedulerConfig file) {
        ConfigAdminJournal j = journal;
        if (j == null) {
            return file;
        }
        GridOverlay overlay = GridOverlay.fromProperties(j.stored());
        if (overlay.isEmpty()) {
            return file;
        }
        GridOverlay.Applied applied = overlay.applyTo(file, BundleCatalog.scan(context));
        applied.reports().forEach(r -> LOG.log(Level.WARNING, r));
        if (!applied.reports().isEmpty()) {
            j.replace(applied.dropped().toProperties());
        }
        LOG.log(Level.INFO, "grid edits persisted in Config Admin (" + ConfigAdminJournal.PID + ") laid over " + file.source()
                + ": " + applied.dropped().toProperties());
        return applied.config();
    }

    /** Hands an applied edit to Config Admin, or says once that it will not outlive the kernel. */
    private void journal(String target, Map<String, String> fields) {
        ConfigAdminJournal j = journal;
        if (j != null) {
            j.applied(target, fields);
            return;
        }
        if (toldNoConfigAdmin.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Config Admin is not available: grid edits last until the kernel stops");
        }
    }

    private Object configAdminArrived(ServiceReference<Object> ref) {
        if (!ref.isAssignableTo(context.getBundle(), CONFIG_ADMIN) || !configAdminWired()) {
            LOG.log(Level.WARNING, "a Config Admin service is registered but OKRT is not wired to org.osgi.service.cm; "
                    + "grid edits last until the kernel stops");
            return null;
        }
        Object service = context.getService(ref);
        if (service == null || journal != null) {
            return service;
        }
        ConfigAdminJournal j = new ConfigAdminJournal(service);
        GridAdminImpl admin;
        synchronized (this) {
            journal = j;
            admin = gridAdmin;
        }
        if (admin != null) {
            restoreLate(admin, j);
        }
        return service;
    }

    /** Config Admin came after the kernel booted: the persisted edits apply live, as one import. */
    private void restoreLate(GridAdminImpl admin, ConfigAdminJournal j) {
        GridOverlay overlay = GridOverlay.fromProperties(j.stored());
        if (overlay.isEmpty()) {
            return;
        }
        GridOverlay.Applied applied = overlay.applyTo(config, BundleCatalog.scan(context));
        applied.reports().forEach(r -> LOG.log(Level.WARNING, r));
        try {
            admin.restore(new org.omnikernel.okrt.grid.GridEdit.Import("persisted grid edits",
                    org.omnikernel.okrt.config.SchedulerConfigWriter.write(applied.config())))
                    .toCompletableFuture().get(DETACH_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.ERROR, "persisted grid edits could not be applied live: " + e.getMessage());
        }
    }

    private void configAdminLeft(ServiceReference<Object> ref) {
        ConfigAdminJournal j;
        synchronized (this) {
            j = journal;
            journal = null;
        }
        if (j != null) {
            j.close();
        }
        context.ungetService(ref);
    }

    /** @return whether this bundle's class space has Config Admin's package (an optional import) */
    private static boolean configAdminWired() {
        try {
            Class.forName(CONFIG_ADMIN, false, KernelComponent.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A resource bundle uninstalled: resources it left held are detached at once. */
    private void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.UNINSTALLED) {
            return;
        }
        Kernel k;
        synchronized (this) {
            k = kernel;
        }
        long id = event.getBundle().getBundleId();
        providers.forEach((name, bundle) -> {
            if (bundle == id && providers.remove(name, bundle) && k != null) {
                detachNow(k, name);
            }
        });
    }

    private static void detachNow(Kernel k, String name) {
        try {
            k.detach(name).toCompletableFuture().get(DETACH_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.ERROR, "detaching " + name + " did not finish in " + DETACH_WAIT_SECONDS + " s", e);
        }
    }

    /** @return a framework property as a whole number, or the default when unset or not a number */
    private long longProperty(String name, long fallback, long min) {
        String v = context.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(v.trim());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.log(Level.WARNING, "framework property " + name + "=\"" + v + "\" is not a whole number of at least " + min
                + "; using " + fallback);
        return fallback;
    }

    private void registerStatus(String state, String error, String summary) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(KernelStatus.STATE, state);
        props.put(KernelStatus.ERROR, error);
        props.put(KernelStatus.SUMMARY, summary);
        KernelStatus status = new KernelStatus() {
            @Override
            public String state() {
                return state;
            }

            @Override
            public String error() {
                return error;
            }

            @Override
            public String summary() {
                return summary;
            }
        };
        registrations.add(context.registerService(KernelStatus.class, status, props));
    }

    private synchronized String tryAttach(ServiceReference<Resource> ref, Resource resource) {
        String name;
        try {
            name = resource.resourceInterface().name();
            providers.put(name, ref.getBundle().getBundleId());
            if (kernel.attach(resource).isEmpty()) {
                pending.add(ref);
                LOG.log(Level.INFO, name + " waits for its scheduler's bundle");
            }
            return name;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "resource refused: " + e.getMessage());
            return null;
        }
    }

    private synchronized void retryPending() {
        if (kernel == null) {
            return;
        }
        List<ServiceReference<Resource>> again = new ArrayList<>(pending);
        pending.clear();
        for (ServiceReference<Resource> ref : again) {
            Resource r = context.getService(ref);
            if (r != null) {
                tryAttach(ref, r);
            }
        }
    }

    private final class SchedulerCustomizer implements ServiceTrackerCustomizer<SchedulerFactory, SchedulerFactory> {
        @Override
        public SchedulerFactory addingService(ServiceReference<SchedulerFactory> ref) {
            SchedulerFactory f = context.getService(ref);
            if (f == null) {
                return null;
            }
            factories.putIfAbsent(f.name(), f);
            bootIfReady();
            retryPending();
            return f;
        }

        @Override
        public void modifiedService(ServiceReference<SchedulerFactory> ref, SchedulerFactory f) {
            // names do not change
        }

        /**
         * A scheduler's bundle went away: every resource, compartment or CPU scheduler using it is
         * swapped to the configured fallback ({@code schedulerconfig/@fallback}), or to OKRT's own
         * {@code okrt.fifo} when the fallback is unavailable too or refuses it ({@link SchedulerDeparture}),
         * so that nothing stalls on code that is gone.
         */
        @Override
        public void removedService(ServiceReference<SchedulerFactory> ref, SchedulerFactory f) {
            factories.remove(f.name(), f);
            Kernel k;
            synchronized (KernelComponent.this) {
                k = kernel;
            }
            if (k != null && !stopping && !factories.containsKey(f.name())) {
                String fallback = factories.containsKey(config.fallback()) ? config.fallback() : FifoScheduler.NAME;
                for (SchedulerDeparture.Move m : SchedulerDeparture.moveOff(k, f.name(), fallback, DETACH_WAIT_SECONDS)) {
                    if (m.scheduler() == null) {
                        LOG.log(Level.ERROR, "could not move " + m.target() + " off departing scheduler " + f.name() + ": "
                                + m.refusals());
                    } else {
                        LOG.log(Level.WARNING, "scheduler " + f.name() + " went away; " + m.target() + " now runs under "
                                + m.scheduler() + (m.refusals().isEmpty() ? "" : " (" + m.refusals() + ")"));
                    }
                }
            }
            context.ungetService(ref);
        }
    }

    private final class ResourceCustomizer implements ServiceTrackerCustomizer<Resource, String> {
        @Override
        public String addingService(ServiceReference<Resource> ref) {
            Resource r = context.getService(ref);
            return r == null ? null : tryAttach(ref, r);
        }

        @Override
        public void modifiedService(ServiceReference<Resource> ref, String name) {
            // the interface is read once, at attachment
        }

        @Override
        public void removedService(ServiceReference<Resource> ref, String name) {
            Kernel k;
            synchronized (KernelComponent.this) {
                pending.remove(ref);
                k = kernel;
            }
            if (k != null) {
                long hold = graceMillis > 0 && !stopping ? k.hold(name) : -1;
                if (hold > 0) {
                    // It may be an update: its messages wait for a new version, or the grace period ends.
                    LOG.log(Level.INFO, name + " is updating: its messages wait up to " + graceMillis + " ms");
                    graceTimer.schedule(() -> {
                        try {
                            k.detachIfHeld(name, hold).toCompletableFuture().get(DETACH_WAIT_SECONDS, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            LOG.log(Level.ERROR, "detaching " + name + " after its grace period failed", e);
                        }
                    }, graceMillis, TimeUnit.MILLISECONDS);
                } else {
                    detachNow(k, name);
                }
            }
            context.ungetService(ref);
        }
    }
}
