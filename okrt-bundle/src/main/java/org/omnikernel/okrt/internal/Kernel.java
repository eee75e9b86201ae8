package org.omnikernel.okrt.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.omnikernel.hal.Clocks;
import org.omnikernel.hal.Machine;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.SendResult.Status;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.omnikernel.okrt.stats.KernelSnapshot;

/**
 * The omni-kernel runtime: cores, resources, activities and the send path. Independent of OSGi; the
 * OSGi component feeds it resources and scheduler factories from the service registry.
 */
public final class Kernel implements Okrt {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.okrt");

    private final SchedulerConfig config;
    private final Function<String, SchedulerFactory> factories;
    /** Physical memory of the machine a kernel built without one makes for itself: small, tests build many. */
    private static final long STANDALONE_MEMORY_BYTES = 1L << 20;
    private final Machine machine;
    private final Core[] cores;
    private final SchedulerHost cpuHost;
    private final ConcurrentHashMap<String, ResourceEntry> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, ResourceEntry> byId = new ConcurrentHashMap<>();
    private final List<ResourceEntry> everAttached = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Long, ActivityImpl> activities = new ConcurrentHashMap<>();
    private final AtomicInteger resourceIds = new AtomicInteger();
    private final AtomicLong activityIds = new AtomicLong();
    private final AtomicLong clientIds = new AtomicLong();
    /** Parents before children; a compartment move replaces a value (under {@link #replaceCompartment}). */
    private final java.util.Map<String, SchedulerHost> compartments = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>());
    private final ActivityImpl kernelActivity;
    /**
     * Resource schedulers as edited at run time, by resource: an edit outlives a detach, so a resource
     * that attaches again runs as edited rather than as the file says.
     */
    private final ConcurrentHashMap<String, SchedulerSpec> edited = new ConcurrentHashMap<>();
    /** Resources whose batching factor was set on their own at run time; the kernel default no longer moves it. */
    private final java.util.Set<String> ownBatch = ConcurrentHashMap.newKeySet();
    /** The {@code *} entry as imported at run time, or null for the file's. */
    private volatile SchedulerSpec defaultEntry;
    private final Router router = new Router(this);
    /** Sends from outside the grid, by receiver (sends from handlers are counted per core). */
    private final PathTable.External externalPaths = new PathTable.External();
    private volatile boolean started;

    /**
     * @param config    the checked grid configuration
     * @param factories looks up a scheduler implementation by name; null when it is not (yet) available
     * @throws IllegalStateException when the CPU scheduler's implementation is not available
     */
    public Kernel(SchedulerConfig config, Function<String, SchedulerFactory> factories) {
        this(config, factories, Machine.create(config.cpu().cores().toArray()[config.cpu().cores().toArray().length - 1] + 1,
                STANDALONE_MEMORY_BYTES));
    }

    /**
     * @param config    the checked grid configuration
     * @param factories looks up a scheduler implementation by name; null when it is not (yet) available
     * @param machine   the machine whose cores run the kernel: at least as many as the configuration names
     * @throws IllegalStateException    when the CPU scheduler's implementation is not available
     * @throws IllegalArgumentException when the configuration names a core the machine does not have
     */
    public Kernel(SchedulerConfig config, Function<String, SchedulerFactory> factories, Machine machine) {
        this.config = config;
        this.machine = machine;
        this.factories = factories;
        SchedulerSpec cpuSpec = config.cpu();
        SchedulerFactory cpuFactory = factories.apply(cpuSpec.scheduler());
        if (cpuFactory == null) {
            throw new IllegalStateException("CPU scheduler " + cpuSpec.scheduler() + " is not available");
        }
        int[] kernelCores = cpuSpec.cores().toArray();
        int highest = kernelCores[kernelCores.length - 1];
        if (highest >= machine.coreCount()) {
            throw new IllegalArgumentException(config.source() + " runs the CPU scheduler on core " + highest
                    + ", but the machine has " + machine.coreCount() + " cores (0.." + (machine.coreCount() - 1) + ")");
        }
        this.cores = new Core[highest + 1];
        Scheduler cpuScheduler = cpuFactory.create(cpuSpec.parameters(), SchedulerHost.context(cpuSpec));
        this.cpuHost = new SchedulerHost(cpuSpec, cpuScheduler, null, null);
        for (SchedulerNode root : cpuHost.nodes) {
            Core c = new Core(kernelCores[root.local], this, machine.core(kernelCores[root.local]));
            c.root = root;
            cores[kernelCores[root.local]] = c;
        }
        for (SchedulerSpec spec : config.compartments()) {
            compartments.put(spec.resource(), compartment(spec));
        }
        this.kernelActivity = new ActivityImpl(activityIds.incrementAndGet(), "okrt", Parameters.EMPTY);
        activities.put(kernelActivity.id(), kernelActivity);
    }

    /**
     * Instantiates a compartment scheduler and makes it a client of its parent on each of its cores.
     * Runs before the cores start, so the hooks may be called from this thread.
     */
    private SchedulerHost compartment(SchedulerSpec spec) {
        SchedulerFactory f = factories.apply(spec.scheduler());
        if (f == null) {
            throw new IllegalStateException("scheduler " + spec.scheduler() + " of compartment " + spec.resource()
                    + " is not available");
        }
        Scheduler scheduler;
        try {
            scheduler = f.create(spec.parameters(), SchedulerHost.context(spec));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scheduler " + spec.scheduler() + " of compartment " + spec.resource() + ": "
                    + e.getMessage(), e);
        }
        parentHost(spec).scheduler.checkClient(spec.cpuClientParameters());
        SchedulerHost host = new SchedulerHost(spec, scheduler, null, parentNodes(spec));
        for (SchedulerNode n : host.nodes) {
            n.state = n.parent.hooks.addClient(n, spec.cpuClientParameters());
        }
        return host;
    }

    /** @return the scheduler a spec's scheduler is a client of */
    private SchedulerHost parentHost(SchedulerSpec spec) {
        return spec.parent() == null ? cpuHost : compartments.get(spec.parent());
    }

    /** @return the nodes, by kernel core, of the scheduler a spec's scheduler is a client of */
    private SchedulerNode[] parentNodes(SchedulerSpec spec) {
        return parentHost(spec).nodesByKernelCore(cores.length);
    }

    /** @return the CPU scheduler's specification as it runs now (after any swap) */
    SchedulerSpec cpuSpec() {
        return cpuHost.spec;
    }

    /**
     * @param name a scheduler's name
     * @return its factory, or null when no bundle provides it now
     */
    SchedulerFactory factory(String name) {
        return factories.apply(name);
    }

    /** @return the scheduler host of a resource (attached or updating), a compartment or the CPU, or null */
    SchedulerHost hostOrNull(String name) {
        if (name.equals(SchedulerSpec.CPU)) {
            return cpuHost;
        }
        ResourceEntry entry = byName.get(name);
        return entry != null ? entry.host : compartments.get(name);
    }

    /** @return a sentence listing what may be edited: resources, compartments and the CPU scheduler */
    String targets() {
        return "resources: " + new java.util.TreeSet<>(byName.keySet()) + ", compartments: " + compartmentNames() + ", or "
                + SchedulerSpec.CPU;
    }

    /** @return the parent scheduler's host of a resource or compartment scheduler */
    SchedulerHost parentOf(SchedulerSpec spec) {
        return parentHost(spec);
    }

    /** @return the compartment schedulers, parents first */
    java.util.Collection<SchedulerHost> compartmentHosts() {
        synchronized (compartments) {
            return new ArrayList<>(compartments.values());
        }
    }

    private List<String> compartmentNames() {
        synchronized (compartments) {
            return new ArrayList<>(compartments.keySet());
        }
    }

    /** A compartment moved to other cores: its new scheduler instance takes its place in the grid. */
    void replaceCompartment(SchedulerHost fresh) {
        compartments.put(fresh.spec.resource(), fresh);
    }

    /** Starts the cores' dispatch loops. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (Core c : cores) {
            if (c != null) {
                c.start();
            }
        }
    }

    /**
     * Stops the cores after the work they are doing; queued messages stay queued.
     *
     * @throws InterruptedException when interrupted while waiting for a core
     */
    public synchronized void stop() throws InterruptedException {
        for (Core c : cores) {
            if (c != null) {
                c.stop();
            }
        }
    }

    /** @return the machine the kernel runs on */
    public Machine machine() {
        return machine;
    }

    /** @return the configuration the kernel runs */
    public SchedulerConfig config() {
        return config;
    }

    /** @return the kernel's own activity, which pays for infrastructure work it cannot attribute */
    public Activity kernelActivity() {
        return kernelActivity;
    }

    /** @return the kernel activity, which never ends: it pays for answers and notices of ended activities */
    ActivityImpl kernelActivityImpl() {
        return kernelActivity;
    }

    // ---- resources -------------------------------------------------------------------------------

    /**
     * Attaches a resource: gives it an id, instantiates the scheduler configured for it on its cores
     * and registers that scheduler with the CPU scheduler.
     *
     * @param resource the resource
     * @return the resource's context, or empty when its scheduler's implementation is not available yet
     * @throws IllegalArgumentException when no scheduler is configured for it, its scheduler refuses
     *                                  its parameters, or a resource of that name is attached already
     */
    public Optional<ResourceContext> attach(Resource resource) {
        ResourceInterface iface = resource.resourceInterface();
        String name = iface.name();
        SchedulerSpec spec = configuredFor(name).orElseThrow(() -> new IllegalArgumentException(
                "no scheduler is configured for " + name + " in " + config.source()
                        + ", and it has no resource=\"*\" entry for resources it does not name"));
        checkMetric(iface, spec);
        SchedulerFactory factory = factories.apply(spec.scheduler());
        if (factory == null) {
            return Optional.empty();
        }
        return Optional.of(attach(resource, iface, spec, factory));
    }

    @Override
    public ResourceContext attach(Resource resource, SchedulerSpec spec) {
        ResourceInterface iface = resource.resourceInterface();
        String name = iface.name();
        SchedulerSpec own = spec.forResource(name);
        checkMetric(iface, own);
        if (own.batch() < 1 || own.cpushare() < 1) {
            throw new IllegalArgumentException("the scheduler of " + name + " needs batch and cpushare of at least 1, got batch "
                    + own.batch() + " and cpushare " + own.cpushare());
        }
        if (own.parent() != null && !compartments.containsKey(own.parent())) {
            throw new IllegalArgumentException("the scheduler of " + name + " names compartment " + own.parent()
                    + ", which the grid does not have; compartments: " + compartments.keySet());
        }
        SchedulerNode[] parents = parentNodes(own);
        for (int k : own.cores().toArray()) {
            if (k >= parents.length || parents[k] == null) {
                throw new IllegalArgumentException("the scheduler of " + name + " asks for core " + k + ", where its parent "
                        + parentHost(own).spec.scheduler() + " does not run; its cores: " + parentHost(own).spec.cores());
            }
        }
        SchedulerFactory factory = factories.apply(own.scheduler());
        if (factory == null) {
            throw new IllegalArgumentException("unknown scheduler \"" + own.scheduler() + "\" for " + name
                    + "; no bundle provides it now");
        }
        return attach(resource, iface, own, factory);
    }

    private void checkMetric(ResourceInterface iface, SchedulerSpec spec) {
        if (!iface.measures(spec.metric())) {
            String name = iface.name();
            throw new IllegalArgumentException("the scheduler of " + name + " shares by metric " + spec.metric()
                    + " (" + config.source() + (spec.line() > 0 ? ":" + spec.line() : "") + "), which " + name
                    + " does not report; valid: cpu, memory" + (iface.reports().isEmpty() ? "" : ", " + iface.reports()));
        }
    }

    private ResourceContext attach(Resource resource, ResourceInterface iface, SchedulerSpec spec, SchedulerFactory factory) {
        String name = iface.name();
        synchronized (this) {
            ResourceEntry held = byName.get(name);
            if (held != null && held.updating) {
                return takeOver(held, resource, iface);
            }
            if (held != null) {
                throw new IllegalArgumentException("a resource named " + name + " is attached already");
            }
            ResourceEntry entry = new ResourceEntry(resourceIds.incrementAndGet(), resource, iface);
            Scheduler scheduler;
            try {
                scheduler = factory.create(spec.parameters(), SchedulerHost.context(spec));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scheduler " + spec.scheduler() + " of " + name + ": " + e.getMessage(), e);
            }
            try {
                parentHost(spec).scheduler.checkClient(spec.cpuClientParameters());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + "'s cpushare is refused by its parent scheduler "
                        + parentHost(spec).spec.scheduler() + ": " + e.getMessage(), e);
            }
            entry.host = new SchedulerHost(spec, scheduler, entry, parentNodes(spec));
            entry.cpushare = spec.cpushare();
            for (SchedulerNode n : entry.host.nodes) {
                Core c = core(entry.host.kernelCores[n.local]);
                c.post(() -> c.addNode(n));
            }
            ResourceContextImpl context = new ResourceContextImpl(this, entry);
            byId.put(entry.id(), entry);
            byName.put(name, entry);
            everAttached.add(entry);
            try {
                resource.attached(context);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, name + ".attached failed; the resource stays attached", e);
            }
            LOG.log(Level.DEBUG, "attached {0} as resource {1} under {2}", name, entry.id(), spec.scheduler());
            return context;
        }
    }

    /**
     * Holds a resource whose service went away while its bundle may be updated (BRIEF §2 item 12):
     * sends to it are still accepted and its messages wait in its queues, its scheduler suspended at its
     * parent, until a resource of the same name attaches ({@link #attach} takes the messages over) or
     * the holder gives up and {@link #detachIfHeld detaches} it.
     *
     * @param name the resource
     * @return a token for {@link #detachIfHeld}, or -1 when no such resource is attached
     */
    public synchronized long hold(String name) {
        ResourceEntry e = byName.get(name);
        if (e == null) {
            return -1;
        }
        e.updating = true;
        return ++e.holds;
    }

    /**
     * Ends a hold that nobody took over: detaches the resource as {@link #detach} does.
     *
     * @param name  the resource
     * @param token what {@link #hold} returned
     * @return completes when detached; at once when the hold ended otherwise (taken over, or held again)
     */
    public CompletionStage<Void> detachIfHeld(String name, long token) {
        synchronized (this) {
            ResourceEntry e = byName.get(name);
            if (e == null || !e.updating || e.holds != token) {
                return CompletableFuture.completedFuture(null);
            }
        }
        return detach(name);
    }

    /**
     * A new version of a held resource attaches: it gets the entry with its scheduler, queues and
     * figures; messages queued meanwhile run on it, each bound to its request type in the new interface
     * at dispatch (a type it no longer declares is an undeliverable notice to the sender).
     */
    private ResourceContext takeOver(ResourceEntry e, Resource resource, ResourceInterface iface) {
        SchedulerSpec spec = e.host.spec;
        if (!iface.measures(spec.metric())) {
            throw new IllegalArgumentException("the new " + e.name() + " does not report metric " + spec.metric()
                    + " that its scheduler shares by; it stays held until its grace period ends");
        }
        Resource old = e.resource;
        e.iface = iface;
        e.resource = resource;
        e.takenOver = true;
        try {
            old.detached();
        } catch (RuntimeException x) {
            LOG.log(Level.ERROR, e.name() + ".detached failed on the version being replaced", x);
        }
        ResourceContextImpl context = new ResourceContextImpl(this, e);
        try {
            resource.attached(context);
        } catch (RuntimeException x) {
            LOG.log(Level.ERROR, e.name() + ".attached failed; the resource stays attached", x);
        }
        e.updating = false;
        for (SchedulerNode n : e.host.nodes) {
            Core c = core(e.host.kernelCores[n.local]);
            c.post(() -> c.repoll(n));
        }
        LOG.log(Level.INFO, "{0} taken over by its new version; queued messages run on it", e.name());
        return context;
    }

    /**
     * Detaches a resource: new sends to it fail, its queued messages are discarded on every core with
     * an undeliverable notice to their senders and their closures destroyed, and its scheduler leaves
     * the CPU scheduler.
     *
     * @param name the resource's name
     * @return completes once every core has let go of the resource
     */
    @Override
    public CompletionStage<Void> detach(String name) {
        ResourceEntry entry = byName.remove(name);
        if (entry == null) {
            return CompletableFuture.completedFuture(null);
        }
        byId.remove(entry.id());
        List<RequestQueue> queues = entry.detach();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        SchedulerHost h = entry.host;
        for (Core c : cores) {
            SchedulerNode n = c == null ? null : h.nodesByKernelCore(cores.length)[c.index];
            if (n == null && queues.stream().noneMatch(q -> q.core == c)) {
                continue;
            }
            done.add(onCore(c, () -> {
                for (RequestQueue q : queues) {
                    if (q.core == c) {
                        c.destroyQueue(q, name + " was detached", true);
                    }
                }
                if (n != null) {
                    c.removeNode(n);
                }
            }));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            entry.routes.clear();
            try {
                entry.resource.detached();
            } catch (RuntimeException x) {
                LOG.log(Level.ERROR, name + ".detached failed", x);
            }
        });
    }

    @Override
    public Optional<Integer> resourceId(String name) {
        ResourceEntry e = byName.get(name);
        return e == null ? Optional.empty() : Optional.of(e.id());
    }

    /** @return the attached resource of that name, or null */
    ResourceEntry attached(String name) {
        return byName.get(name);
    }

    ResourceEntry resourceById(int id) {
        return byId.get(id);
    }

    /** @return the names of the resources attached now or held while their bundles update, sorted */
    public List<String> resourceNames() {
        return byName.keySet().stream().sorted().toList();
    }

    /** @return the resources attached now, or held while their bundle is updated */
    java.util.Collection<ResourceEntry> held() {
        return byName.values();
    }

    /** @return every resource attached since boot, detached ones included, for statistics */
    List<ResourceEntry> everAttached() {
        return everAttached;
    }

    /**
     * Resumes a resource's scheduler after a rejection suspended it.
     *
     * @param entry the resource
     */
    void resume(ResourceEntry entry) {
        if (!entry.suspended) {
            entry.resumeRequested.set(true);
            if (!entry.suspended) {
                return; // a rejection in progress on a core sees the request and does not suspend
            }
        }
        entry.resumeRequested.set(false);
        entry.suspended = false;
        for (SchedulerNode n : entry.host.nodes) {
            Core c = core(entry.host.kernelCores[n.local]);
            c.post(() -> c.repoll(n));
        }
    }

    /**
     * Changes a resource's or compartment's share at its parent scheduler (the CPU scheduler or a
     * compartment's) while it runs (seed §3.1.7.1, §4.2.2): the parent gets {@code updateClient} on
     * each core. The parent's {@code checkClient} sees the new parameters first, so a refused share
     * changes nothing anywhere.
     *
     * @param name     a resource's or a compartment's name
     * @param cpushare the new share, at least 1
     * @return completes when every core applied it
     * @throws IllegalArgumentException for an unknown name, a share below 1, or a share the parent refuses
     */
    public CompletionStage<Void> updateCpuShare(String name, long cpushare) {
        ResourceEntry entry = byName.get(name);
        SchedulerHost host = host(name);
        if (host == cpuHost) {
            throw new IllegalArgumentException("the CPU scheduler has no parent to hold a share");
        }
        if (cpushare < 1) {
            throw new IllegalArgumentException("cpushare " + cpushare + " of " + name + " is below 1");
        }
        Parameters p = host.spec.clientParameters().with("share", Long.toString(cpushare));
        parentHost(host.spec).scheduler.checkClient(p);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (SchedulerNode n : host.nodes) {
            Core c = core(host.kernelCores[n.local]);
            done.add(onCore(c, () -> {
                if (n.state != null && !n.removed) {
                    n.parent.hooks.updateClient(n.state, p);
                }
            }));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenRun(() -> {
            synchronized (host) {
                host.spec = host.spec.withCpushare(cpushare);
            }
            if (entry != null) {
                entry.cpushare = cpushare;
            }
        });
    }

    /**
     * Replaces the scheduler of a resource, a compartment or the CPU ({@code okrt.cpu}) while messages
     * flow (hot swap); see {@link SchedulerSwap}.
     *
     * @param name       a resource's or compartment's name, or {@code okrt.cpu}
     * @param scheduler  the new scheduler's name
     * @param parameters its scheduler parameters
     * @return completes with the longest time a core was held by the swap
     * @throws IllegalArgumentException for an unknown name or scheduler, parameters the new scheduler
     *                                  refuses, or a client it would refuse; the old scheduler stays
     */
    public CompletionStage<CorePause> swapScheduler(String name, String scheduler, Parameters parameters) {
        SchedulerFactory factory = factories.apply(scheduler);
        if (factory == null) {
            throw new IllegalArgumentException("unknown scheduler \"" + scheduler + "\" for " + name
                    + "; no bundle provides it now");
        }
        return new SchedulerSwap(this, host(name)).to(factory, parameters);
    }

    /**
     * @param scheduler a scheduler's name
     * @return the resources and compartments (and {@code okrt.cpu}) whose scheduler it is now
     */
    public List<String> governedBy(String scheduler) {
        List<String> out = new ArrayList<>();
        if (cpuHost.spec.scheduler().equals(scheduler)) {
            out.add(SchedulerSpec.CPU);
        }
        for (SchedulerHost h : compartmentHosts()) {
            if (h.spec.scheduler().equals(scheduler)) {
                out.add(h.spec.resource());
            }
        }
        for (ResourceEntry r : byName.values()) {
            if (r.host.spec.scheduler().equals(scheduler)) {
                out.add(r.name());
            }
        }
        return out;
    }

    /**
     * @return the grid as it runs now: the configuration with every swap and share change applied,
     *         and a {@code resourcescheduler} for each attached resource the file governed by {@code *}
     */
    public SchedulerConfig runningConfig() {
        List<SchedulerSpec> hosts = new ArrayList<>();
        for (SchedulerHost h : compartmentHosts()) {
            hosts.add(h.spec);
        }
        List<SchedulerSpec> resources = new ArrayList<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (ResourceEntry r : byName.values()) {
            resources.add(r.host.spec);
            named.add(r.name());
        }
        edited.forEach((name, spec) -> {
            if (named.add(name)) {
                resources.add(spec);
            }
        });
        for (SchedulerSpec s : config.resources()) {
            if (!named.contains(s.resource()) && !s.resource().equals(SchedulerSpec.DEFAULT)) {
                resources.add(s);
            }
        }
        defaultEntry().ifPresent(d -> resources.add(d.withBatch(cpuHost.spec.batch())));
        resources.sort(java.util.Comparator.comparing((SchedulerSpec s) -> s.resource().equals(SchedulerSpec.DEFAULT))
                .thenComparing(SchedulerSpec::resource));
        return new SchedulerConfig(config.source(), config.cores(), cpuHost.spec, hosts, resources, config.fallback());
    }

    /**
     * @param name a resource's name
     * @return the scheduler it runs under when it attaches: as edited at run time, else as configured
     *         (the {@code *} entry with the kernel's default batching factor now)
     */
    @Override
    public Optional<SchedulerSpec> namedScheduler(String name) {
        SchedulerSpec own = edited.get(name);
        if (own != null) {
            return Optional.of(own);
        }
        return config.resources().stream().filter(r -> r.resource().equals(name)).findFirst();
    }

    Optional<SchedulerSpec> configuredFor(String name) {
        SchedulerSpec own = edited.get(name);
        if (own != null) {
            return Optional.of(own);
        }
        boolean named = config.resources().stream().anyMatch(r -> r.resource().equals(name));
        if (named) {
            return config.schedulerFor(name);
        }
        return defaultEntry().map(s -> s.forResource(name).withBatch(cpuHost.spec.batch()));
    }

    /** @return the {@code *} entry in force: as imported at run time, else the file's; empty when neither has one */
    Optional<SchedulerSpec> defaultEntry() {
        SchedulerSpec d = defaultEntry;
        return d != null ? Optional.of(d)
                : config.resources().stream().filter(r -> r.resource().equals(SchedulerSpec.DEFAULT)).findFirst();
    }

    /**
     * Sets how a resource that is not attached now will run when it attaches ({@code *}: every
     * resource without an entry of its own).
     */
    void configure(SchedulerSpec spec) {
        if (spec.resource().equals(SchedulerSpec.DEFAULT)) {
            defaultEntry = spec;
        } else {
            edited.put(spec.resource(), spec);
        }
    }

    /** @return whether the file or a run-time edit gives a resource an entry of its own */
    boolean hasOwnEntry(String name) {
        return edited.containsKey(name) || config.resources().stream().anyMatch(r -> r.resource().equals(name));
    }

    /** Keeps a resource scheduler's running spec as its configuration, after an edit. */
    void remember(SchedulerHost h) {
        if (h.resource != null) {
            edited.put(h.resource.name(), h.spec);
        }
    }

    /**
     * Changes a batching factor: a resource's own, or ({@code okrt.cpu}) the kernel default, which
     * resources governed by the {@code *} entry without a factor of their own follow. Dispatch reads the
     * factor from the spec per batch, so it is in force from the next dispatch.
     */
    void setBatch(SchedulerHost h, int batch) {
        synchronized (h) {
            h.spec = h.spec.withBatch(batch);
        }
        if (h.resource != null) {
            ownBatch.add(h.resource.name());
            remember(h);
            return;
        }
        if (h == cpuHost) {
            for (ResourceEntry r : byName.values()) {
                boolean named = config.resources().stream().anyMatch(c -> c.resource().equals(r.name()));
                if (!named && !ownBatch.contains(r.name())) {
                    synchronized (r.host) {
                        r.host.spec = r.host.spec.withBatch(batch);
                    }
                }
            }
        }
    }

    /** @return the scheduler host of a resource, a compartment, or the CPU */
    SchedulerHost host(String name) {
        if (name.equals(SchedulerSpec.CPU)) {
            return cpuHost;
        }
        ResourceEntry entry = byName.get(name);
        SchedulerHost host = entry != null ? entry.host : compartments.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no resource or compartment named " + name + "; " + targets());
        }
        return host;
    }

    /** Runs a task on a core and completes with its outcome. */
    static CompletableFuture<Void> onCore(Core c, Runnable task) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        c.post(() -> {
            try {
                task.run();
                f.complete(null);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    // ---- activities ------------------------------------------------------------------------------

    /**
     * Changes an activity's client parameters (a weight, say): every scheduler holding one of its
     * queues gets {@code updateClient} on that queue's core (seed §4.2.2).
     *
     * @param activity   the activity
     * @param parameters the new parameters
     * @return completes when every core applied them; fails with a scheduler's reason, and changes
     *         nothing, when a scheduler holding one of its queues refuses them
     */
    public CompletionStage<Void> updateActivity(Activity activity, Parameters parameters) {
        ActivityImpl a = activityImpl(activity.id());
        if (a == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(activity + " is not alive"));
        }
        try {
            // every resource scheduler, not only those the activity has queues at now: an activity
            // may send anywhere later, and a parameter refused then would fail its messages. A
            // scheduler that refused the old parameters too (a rate scheduler with no default rate,
            // for an activity that never sends there) does not make the update wrong.
            for (ResourceEntry r : byName.values()) {
                SchedulerHost h = r.host;
                if (h != null && accepts(h.scheduler, a.parameters())) {
                    h.scheduler.checkClient(parameters);
                }
            }
            for (RequestQueue q : a.queues()) {
                q.host.scheduler.checkClient(parameters);
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        a.parameters(parameters);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (RequestQueue q : a.queues()) {
            done.add(onCore(q.core, () -> {
                if (q.state != null && !q.isClosed()) {
                    q.host.nodes[q.localCore].hooks.updateClient(q.state, parameters);
                }
            }));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    private static boolean accepts(Scheduler scheduler, Parameters parameters) {
        try {
            scheduler.checkClient(parameters);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public Activity createActivity(String name, Parameters parameters) {
        ActivityImpl a = new ActivityImpl(activityIds.incrementAndGet(), name, parameters);
        activities.put(a.id(), a);
        return a;
    }

    @Override
    public CompletionStage<Void> terminate(Activity activity) {
        ActivityImpl a = activities.get(activity.id());
        if (a == null || a == kernelActivity) {
            return CompletableFuture.completedFuture(null);
        }
        List<RequestQueue> queues = a.beginTermination();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (RequestQueue q : queues) {
            // senders hear of every message destroyed unrun, so that none waits for an answer for ever
            // and answers on their way to a resource move to the kernel activity: they outlive it
            done.add(onCore(q.core, () -> q.core.destroyQueue(q, a + " was terminated", true, true)));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            for (ResourceEntry r : everAttached) {
                r.routes.keySet().removeIf(k -> k.activity() == a.id());
            }
            activities.remove(a.id());
        });
    }

    @Override
    public Optional<Activity> activity(long id) {
        return Optional.ofNullable(activityImpl(id));
    }

    ActivityImpl activityImpl(long id) {
        ActivityImpl a = activities.get(id);
        return a != null && a.isAlive() ? a : null;
    }

    @Override
    public List<Activity> activities() {
        return activities.values().stream().filter(ActivityImpl::isAlive).map(Activity.class::cast).toList();
    }

    /** @return every activity still known, including ones whose termination is in progress */
    List<ActivityImpl> activityImpls() {
        return new ArrayList<>(activities.values());
    }

    // ---- sending ---------------------------------------------------------------------------------

    @Override
    public SendResult send(Activity activity, String destination, String requestType, long affinity, Object... arguments) {
        ActivityImpl a = activityImpl(activity.id());
        if (a == null) {
            return SendResult.error(Status.ACTIVITY_TERMINATED, activity + " is not a live activity of this kernel");
        }
        SendResult r = send(null, a, destination, requestType, affinity, null, arguments, 0);
        if (r.isOk()) {
            ResourceEntry to = byName.get(destination);
            if (to != null) {
                externalPaths.count(to, arguments);
            }
        }
        return r;
    }

    /**
     * The send path (seed Fig 3.13): checks, then routes to a request queue.
     *
     * @param from        the sending resource, or null from outside the grid
     * @param delayMicros 0 to queue now, else a delay on the sending core's timers
     */
    SendResult send(ResourceEntry from, ActivityImpl activity, String destination, String requestType, long affinity,
            DependencyLabel dependency, Object[] arguments, long delayMicros) {
        ResourceEntry to = attached(destination);
        if (to == null) {
            return SendResult.error(Status.NO_SUCH_RESOURCE, "no resource named " + destination
                    + " is attached; attached: " + new java.util.TreeSet<>(byName.keySet()));
        }
        ResourceInterface.Request request = to.iface.request(requestType);
        if (request == null) {
            return SendResult.error(Status.UNKNOWN_REQUEST_TYPE, destination + " has no request type " + requestType
                    + "; it answers " + to.iface.requests().stream().map(ResourceInterface.Request::type).toList());
        }
        return sendTo(from, activity, to, request, affinity, dependency, arguments, delayMicros);
    }

    /** The send path after the destination and request type have been found. */
    SendResult sendTo(ResourceEntry from, ActivityImpl activity, ResourceEntry to, ResourceInterface.Request request,
            long affinity, DependencyLabel dependency, Object[] arguments, long delayMicros) {
        return sendTo(from, activity, to, request, affinity, dependency, arguments, delayMicros, false);
    }

    /** An answer sent by {@code ExecutionContext.reply}: it survives the end of its activity. */
    SendResult sendAnswer(ResourceEntry from, ActivityImpl activity, String destination, String requestType,
            long affinity, Object[] arguments) {
        ResourceEntry to = attached(destination);
        ResourceInterface.Request request = to == null ? null : to.iface.request(requestType);
        if (request == null) {
            return send(from, activity, destination, requestType, affinity, null, arguments, 0);
        }
        return sendTo(from, activity, to, request, affinity, null, arguments, 0, true);
    }

    /**
     * Moves an answer queued for an activity that ended to the kernel activity, so that it still
     * reaches the resource that waits for it; one that cannot go is an undeliverable notice.
     */
    void moveAnswer(MessageImpl m, String reason) {
        SendResult r = m.destination.isAttached() ? router.route(m.answerFor(kernelActivity))
                : SendResult.error(Status.NO_SUCH_RESOURCE, m.destination.name() + " has been detached");
        if (!r.isOk()) {
            undeliverable(m, reason + " and " + r.detail());
            m.destroy();
        }
    }

    private SendResult sendTo(ResourceEntry from, ActivityImpl activity, ResourceEntry to, ResourceInterface.Request request,
            long affinity, DependencyLabel dependency, Object[] arguments, long delayMicros, boolean answer) {
        String bad = ArgumentCheck.mismatch(request, arguments);
        if (bad != null) {
            return SendResult.error(Status.BAD_ARGUMENTS, to.name() + " " + request.type() + ": " + bad);
        }
        if (!activity.isAlive()) {
            return SendResult.error(Status.ACTIVITY_TERMINATED, activity + " has been terminated");
        }
        int source = from == null ? ResourceContext.EXTERNAL : from.id();
        Object[] args = arguments.length == 0 ? arguments : arguments.clone();
        MessageImpl m = new MessageImpl(source, to, activity, affinity, dependency, request, args, answer);
        if (delayMicros > 0) {
            Core here = currentCore();
            Core timerCore = here != null ? here : cores[cpuHost.kernelCores[0]];
            long deadline = Clocks.monotonicNanos() + delayMicros * 1000;
            timerCore.post(() -> timerCore.timers.add(deadline, () -> {
                SendResult r = router.route(m);
                if (!r.isOk()) {
                    discard(List.of(m), "its delay expired and " + r.detail());
                }
            }));
            return SendResult.OK;
        }
        return router.route(m);
    }

    Router router() {
        return router;
    }

    /** @return the CPU scheduler's host */
    SchedulerHost cpuHostForEdit() {
        return cpuHost;
    }

    /** Discards accepted messages that can no longer run; see {@link Router#discard}. */
    void discard(List<MessageImpl> messages, String reason) {
        router.discard(messages, reason);
    }

    // ---- failures --------------------------------------------------------------------------------

    void handlerFailed(ResourceEntry r, MessageImpl m, Throwable t) {
        long n = r.failures.incrementAndGet();
        if (n <= 10 || n % 1000 == 0) {
            LOG.log(Level.ERROR, r.name() + " failed handling " + m + " (failure " + n + "); the core carries on", t);
        }
    }

    /** Tells a message's sender it could not be delivered, or counts it when the sender cannot be told. */
    void undeliverable(MessageImpl m, String reason) {
        m.destination.undeliverable.incrementAndGet();
        ResourceEntry src = byId.get(m.source);
        if (src != null && src.iface.request(ResourceInterface.UNDELIVERABLE) != null) {
            ActivityImpl a = m.activity.isAlive() ? m.activity : kernelActivity;
            SendResult r = send(null, a, src.name(), ResourceInterface.UNDELIVERABLE, m.affinity, null,
                    new Object[] {m, reason}, 0);
            if (r.isOk()) {
                return;
            }
        }
        if (src != null) {
            src.undeliverable.incrementAndGet();
        }
        LOG.log(Level.DEBUG, "undeliverable {0}: {1}", m, reason);
    }

    // ---- cores -----------------------------------------------------------------------------------

    Core core(int kernelIndex) {
        return cores[kernelIndex];
    }

    Core[] coreArray() {
        return cores;
    }

    private Core currentCore() {
        for (Core c : cores) {
            if (c != null && c.onThisCore()) {
                return c;
            }
        }
        return null;
    }

    long nextClientId() {
        return clientIds.incrementAndGet();
    }

    @Override
    public int cores() {
        return cpuHost.cores();
    }

    @Override
    public KernelSnapshot statistics() {
        return new StatisticsCollector(this).collect();
    }

    /** @return the statistics and every observed path's totals, summed over cores, at one instant */
    GridSample sample() {
        KernelSnapshot statistics = statistics();
        java.util.Map<GridSample.PathKey, GridSample.PathTotals> paths = new java.util.HashMap<>();
        for (Core c : cores) {
            if (c == null) {
                continue;
            }
            for (PathTable.Cell cell : c.paths.cells()) {
                paths.merge(new GridSample.PathKey(cell.from.id(), cell.to.id()),
                        new GridSample.PathTotals(cell.from.name(), cell.to.name(), cell.messages(), cell.bytes()),
                        Kernel::sum);
            }
        }
        externalPaths.sums().forEach((to, s) -> paths.merge(new GridSample.PathKey(ResourceContext.EXTERNAL, to.id()),
                new GridSample.PathTotals("external", to.name(), s.messages.sum(), s.bytes.sum()), Kernel::sum));
        return new GridSample(statistics.timestampNanos(), statistics, paths);
    }

    private static GridSample.PathTotals sum(GridSample.PathTotals a, GridSample.PathTotals b) {
        return new GridSample.PathTotals(a.from(), a.to(), a.messages() + b.messages(), a.bytes() + b.bytes());
    }
}
