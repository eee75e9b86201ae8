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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.omnikernel.hal.Machine;
import org.omnikernel.okrt.KernelStatus;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.config.ConfigException;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.internal.StatisticsFormatter;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.osgi.framework.BundleContext;
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
 *   <li>Tracks {@link SchedulerFactory} services; once those of the CPU and compartment schedulers
 *       are there, starts the cores and registers {@link Okrt} and a running {@link KernelStatus}.</li>
 *   <li>Tracks {@link Resource} services (whiteboard) and attaches each once its scheduler's factory
 *       is there; a resource whose service goes away is detached, its senders told.</li>
 * </ol>
 */
@Component(immediate = true)
public final class KernelComponent {

    /** Framework property naming the {@code schedulerconfig} file. */
    public static final String CONFIG_PROPERTY = "omnikernel.config";

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
        schedulerTracker = new ServiceTracker<>(bundleContext, SchedulerFactory.class, new SchedulerCustomizer());
        schedulerTracker.open();
        bootIfReady();
    }

    @Deactivate
    void deactivate() {
        if (resourceTracker != null) {
            resourceTracker.close();
        }
        if (schedulerTracker != null) {
            schedulerTracker.close();
        }
        synchronized (this) {
            registrations.forEach(ServiceRegistration::unregister);
            registrations.clear();
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
        if (kernel != null || context == null || !factories.containsKey(config.cpu().scheduler())
                || !config.compartments().stream().allMatch(c -> factories.containsKey(c.scheduler()))) {
            return;
        }
        try {
            kernel = new Kernel(config, factories::get, machine);
        } catch (IllegalArgumentException e) {
            registerStatus("failed", config.source() + ": " + e.getMessage(), "");
            return;
        }
        kernel.start();
        registrations.add(context.registerService(Okrt.class, kernel, null));
        Dictionary<String, Object> cmd = new Hashtable<>();
        cmd.put("osgi.command.scope", "okrt");
        cmd.put("osgi.command.function", new String[] {"stats", "top", "grid", "swap", "share", "export"});
        registrations.add(context.registerService(KernelCommands.class, new KernelCommands(kernel), cmd));
        resourceTracker = new ServiceTracker<>(context, Resource.class, new ResourceCustomizer());
        resourceTracker.open();
        registerStatus("running", "", StatisticsFormatter.summary(kernel));
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
         * {@code okrt.fifo} when the fallback is unavailable too, so that nothing stalls on code that is gone.
         */
        @Override
        public void removedService(ServiceReference<SchedulerFactory> ref, SchedulerFactory f) {
            factories.remove(f.name(), f);
            Kernel k;
            synchronized (KernelComponent.this) {
                k = kernel;
            }
            if (k != null && !factories.containsKey(f.name())) {
                String fallback = factories.containsKey(config.fallback()) ? config.fallback() : FifoScheduler.NAME;
                for (String name : k.governedBy(f.name())) {
                    try {
                        k.swapScheduler(name, fallback, org.omnikernel.okrt.Parameters.EMPTY)
                                .toCompletableFuture().get(DETACH_WAIT_SECONDS, TimeUnit.SECONDS);
                        LOG.log(Level.WARNING, "scheduler " + f.name() + " went away; " + name + " now runs under "
                                + fallback);
                    } catch (Exception e) {
                        LOG.log(Level.ERROR, "could not move " + name + " off departing scheduler " + f.name(), e);
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
                try {
                    k.detach(name).toCompletableFuture().get(DETACH_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.log(Level.ERROR, "detaching " + name + " did not finish in " + DETACH_WAIT_SECONDS + " s", e);
                }
            }
            context.ungetService(ref);
        }
    }
}
