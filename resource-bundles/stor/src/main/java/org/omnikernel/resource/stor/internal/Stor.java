package org.omnikernel.resource.stor.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.storage.FileSystemType;
import org.omnikernel.storage.Mount;
import org.omnikernel.storage.MountListener;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountRoute;
import org.omnikernel.storage.StorageService;
import org.omnikernel.storage.StorageUnit;
import org.omnikernel.storage.Volume;

/**
 * STOR's state and its {@link StorageService}: units (from SDRWR, SCSIR: the {@link StorageUnit}
 * whiteboard), the volumes made of them, file-system types (the {@link FileSystemType} whiteboard),
 * the routing table and the mounts the configuration declares.
 *
 * <p>A unit is exported whole at once; its partition table is read through the grid
 * ({@link PartitionScan}, paid by STOR's own activity) and its partitions are added when the scan
 * completes. Problems — a corrupt table, a GPT read from its backup, a declared mount that failed —
 * are logged and kept in {@link #problems()}. Declared mounts are tried whenever a volume or a type
 * appears. Thread-safe: OSGi threads add units and types, kernel cores complete scans and mounts.
 */
final class Stor implements StorageService, StorResource.Routes {

    static final int MAX_PROBLEMS = 100;

    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.stor");

    private record UnitEntry(StorageUnit unit, List<Volume> volumes) {
    }

    private final Supplier<Activity> scanActivity;
    private final StorResource resource;
    private final Map<String, UnitEntry> units = new LinkedHashMap<>(); // guarded by this
    private final Map<String, StorResource.Route> routes = new ConcurrentHashMap<>();
    private final Map<String, FileSystemType> types = new ConcurrentHashMap<>();
    private final Map<String, MountDeclaration> declared = new LinkedHashMap<>(); // guarded by this
    private final Map<String, String> declaredMounted = new ConcurrentHashMap<>(); // declaration id → mount point
    private final List<String> problems = new ArrayList<>(); // guarded by itself
    private final MountTable table = new MountTable();
    private final List<MountListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    // units whose table has been read: their resource answers, so their volumes can be mounted
    private final java.util.Set<String> scannedUnits = new java.util.HashSet<>(); // guarded by this
    private boolean attached; // guarded by this

    /**
     * @param scanActivity the activity that pays for reading partition tables, made when first needed
     */
    Stor(Supplier<Activity> scanActivity) {
        this.scanActivity = scanActivity;
        this.resource = new StorResource(this, this::attached);
    }

    /** @return the STOR resource, for OKRT to attach */
    StorResource resource() {
        return resource;
    }

    private void attached(ResourceContext ctx) {
        List<StorageUnit> toScan;
        synchronized (this) {
            attached = true;
            toScan = units.values().stream().map(UnitEntry::unit).toList();
        }
        toScan.forEach(this::scan);
        tryDeclared();
    }

    // ---- units and volumes

    /** @param unit a unit that appeared: exported whole now, its partitions once its table is read */
    void unitAdded(StorageUnit unit) {
        Volume whole = new Volume(unit.name(), unit.name(), 0, unit.blocks() * unit.blockSize(), unit.blockSize(),
                unit.readOnly(), Volume.WHOLE, "", "");
        boolean scanNow;
        synchronized (this) {
            if (units.containsKey(unit.name()) || routes.containsKey(unit.name())) {
                problem("unit " + unit.name() + " from " + unit.resource() + ": a unit or volume of that name exists; ignored");
                return;
            }
            units.put(unit.name(), new UnitEntry(unit, new ArrayList<>(List.of(whole))));
            routes.put(whole.name(), new StorResource.Route(whole, unit.resource()));
            scanNow = attached;
        }
        LOG.log(Level.INFO, "volume " + whole.name() + ": " + unit.description());
        if (scanNow) {
            scan(unit);
        }
        tryDeclared();
    }

    /** @param unit a unit that went away: its mounts leave the routing table, then its volumes go */
    void unitRemoved(StorageUnit unit) {
        List<Mount> gone = new ArrayList<>();
        synchronized (this) {
            UnitEntry e = units.get(unit.name());
            if (e == null || e.unit() != unit) {
                return;
            }
            for (MountTable.Entry m : table.onUnit(unit.name())) {
                // said first: whoever sees the mount gone finds the reason already there
                problem("unit " + unit.name() + " went away while volume " + m.volume().name() + " was mounted at "
                        + m.mount().mountPoint() + "; the mount left the routing table");
                table.remove(m.mount().mountPoint());
                declaredMounted.values().remove(m.mount().mountPoint());
                gone.add(m.mount());
            }
            units.remove(unit.name());
            scannedUnits.remove(unit.name());
            e.volumes().forEach(v -> routes.remove(v.name()));
        }
        gone.forEach(m -> tell(l -> l.unmounted(m)));
    }

    /** How often, 100 ms apart, a scan is tried again while the unit's resource is not attached yet (boot order). */
    static final int SCAN_ATTEMPTS = 100;

    private void scan(StorageUnit unit) {
        scan(unit, 1);
    }

    private void scan(StorageUnit unit, int attempt) {
        UnitReader reader = (offset, length) -> resource.read(scanActivity.get(), unit.resource(), unit.name(), offset, length);
        PartitionScan.scan(unit, reader).thenAccept(t -> scanned(unit, t)).exceptionally(e -> {
            boolean stillHere;
            synchronized (this) {
                UnitEntry entry = units.get(unit.name());
                stillHere = entry != null && entry.unit() == unit;
            }
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (stillHere && attempt < SCAN_ATTEMPTS && cause instanceof StorResource.ResourceNotAttached) {
                // the unit's resource registers its unit before OKRT has attached it: wait for it
                CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS)
                        .execute(() -> scan(unit, attempt + 1));
            } else {
                problem("unit " + unit.name() + ": its partition table was not read: " + cause.getMessage());
            }
            return null;
        });
    }

    private void scanned(StorageUnit unit, PartitionTable t) {
        synchronized (this) {
            UnitEntry e = units.get(unit.name());
            if (e == null || e.unit() != unit) {
                return; // it went away meanwhile
            }
            scannedUnits.add(unit.name());
            for (Volume v : t.partitions()) {
                if (routes.putIfAbsent(v.name(), new StorResource.Route(v, unit.resource())) == null) {
                    e.volumes().add(v);
                } else {
                    problem("unit " + unit.name() + ": partition volume " + v.name() + " clashes with an existing volume; skipped");
                }
            }
        }
        t.problems().forEach(this::problem);
        LOG.log(Level.INFO, "unit " + unit.name() + ": " + t.scheme() + ", " + t.partitions().size() + " partitions "
                + t.partitions().stream().map(Volume::name).toList());
        tryDeclared();
    }

    @Override
    public StorResource.Route volumeRoute(String volume) {
        return routes.get(volume);
    }

    @Override
    public List<Volume> volumes() {
        return routes.values().stream().map(StorResource.Route::volume).sorted(Comparator.comparing(Volume::name)).toList();
    }

    @Override
    public Optional<Volume> volume(String name) {
        return Optional.ofNullable(routes.get(name)).map(StorResource.Route::volume);
    }

    @Override
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    private void problem(String what) {
        LOG.log(Level.WARNING, what);
        synchronized (problems) {
            problems.add(what);
            if (problems.size() > MAX_PROBLEMS) {
                problems.remove(0);
            }
        }
    }

    // ---- file-system types

    void typeAdded(String name, FileSystemType type) {
        if (name == null || name.isBlank()) {
            problem("a FileSystemType service has no " + FileSystemType.TYPE + " property; ignored");
            return;
        }
        types.put(name, type);
        tryDeclared();
    }

    void typeRemoved(String name, FileSystemType type) {
        if (name != null) {
            types.remove(name, type);
        }
    }

    private FileSystemType type(String name) {
        FileSystemType t = types.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no file-system type \"" + name + "\"; known: " + types.keySet().stream().sorted().toList());
        }
        return t;
    }

    private Volume existing(String name) {
        return volume(name).orElseThrow(() -> new IllegalArgumentException("no volume \"" + name + "\"; exported: "
                + volumes().stream().map(Volume::name).toList()));
    }

    // ---- routing table

    @Override
    public List<Mount> mounts() {
        return table.mounts();
    }

    @Override
    public Optional<MountRoute> route(String path) {
        return table.route(path);
    }

    @Override
    public CompletionStage<Mount> mount(String volume, String mountPoint, String type, MountOptions options) {
        String point;
        Volume v;
        FileSystemType fs;
        try {
            point = MountTable.normalize(mountPoint);
            v = existing(volume);
            fs = type(type);
            table.reserve(point, v);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        MountOptions o = options == null ? MountOptions.readWrite() : options;
        CompletionStage<org.omnikernel.storage.MountedFileSystem> mounting;
        try {
            mounting = fs.mount(v, o);
        } catch (RuntimeException e) {
            table.release(point);
            return CompletableFuture.failedFuture(new IllegalArgumentException("file-system type " + type + " failed to mount "
                    + volume + ": " + e, e));
        }
        return mounting.handle((mfs, failure) -> {
            if (failure != null || mfs == null) {
                table.release(point);
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                String why = cause == null ? "no file system returned" : cause.getMessage();
                throw new java.util.concurrent.CompletionException(new IllegalArgumentException("mounting volume " + volume
                        + " at " + point + " as " + type + " failed: " + why, cause));
            }
            String reason = mfs.readOnly() && !o.readOnly() ? mfs.readOnlyReason() : "";
            Mount m = new Mount(point, volume, type, mfs.resource(), mfs.readOnly(), reason);
            table.mounted(point, new MountTable.Entry(m, v, mfs));
            LOG.log(Level.INFO, "mounted " + volume + " at " + point + " (" + type + ", " + mfs.resource()
                    + (m.readOnly() ? ", read-only" + (reason.isEmpty() ? "" : ": " + reason) : "") + ")");
            tell(l -> l.mounted(m));
            return m;
        });
    }

    @Override
    public CompletionStage<Void> unmount(String mountPoint) {
        String point;
        try {
            point = MountTable.normalize(mountPoint);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Optional<MountTable.Entry> e = table.get(point);
        if (e.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("nothing is mounted at " + point + "; mounted: "
                    + table.points()));
        }
        Mount m = e.get().mount();
        return writtenBack(m).thenCompose(v -> e.get().fs().unmount()).thenRun(() -> {
            table.remove(point);
            declaredMounted.values().remove(point);
            LOG.log(Level.INFO, "unmounted " + e.get().volume().name() + " from " + point);
            tell(l -> l.unmounted(m));
        });
    }

    /** How long an unmount waits for the listeners (file caches) to write back. */
    static final java.time.Duration WRITE_BACK_LIMIT = java.time.Duration.ofSeconds(15);

    /**
     * Asks every listener to write back what it holds for the mount; completes when all have (a
     * listener that fails or takes longer than {@link #WRITE_BACK_LIMIT} is logged, and the unmount goes on).
     */
    private CompletableFuture<Void> writtenBack(Mount m) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (MountListener l : listeners) {
            CompletableFuture<Void> f;
            try {
                f = l.unmounting(m).toCompletableFuture();
            } catch (RuntimeException ex) {
                f = CompletableFuture.failedFuture(ex);
            }
            all.add(f.orTimeout(WRITE_BACK_LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .exceptionally(ex -> {
                        LOG.log(Level.WARNING, "before unmounting " + m.mountPoint() + ", " + l + " could not write back: " + ex);
                        return null;
                    }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /**
     * A listener appeared: it hears of every mount present.
     *
     * @param l the listener
     */
    void listenerAdded(MountListener l) {
        listeners.add(l);
        for (Mount m : table.mounts()) {
            call(l, x -> x.mounted(m));
        }
    }

    /** @param l a listener gone */
    void listenerRemoved(MountListener l) {
        listeners.remove(l);
    }

    private void tell(java.util.function.Consumer<MountListener> what) {
        listeners.forEach(l -> call(l, what));
    }

    private static void call(MountListener l, java.util.function.Consumer<MountListener> what) {
        try {
            what.accept(l);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "mount listener " + l + " failed", ex);
        }
    }

    /**
     * Unmounts everything, longest mount point first (a file system mounted inside another goes
     * first), so that each writes back its state and is marked clean: STOR is stopping, the kernel
     * probably too.
     *
     * @param timeout how long to wait for all of them
     */
    void unmountAll(java.time.Duration timeout) {
        List<String> points = new ArrayList<>(table.points());
        points.sort(Comparator.comparingInt(String::length).reversed());
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String point : points) {
            try {
                unmount(point).toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()),
                        java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.log(Level.WARNING, "unmounting " + point + " while STOR stops failed; its file system may need e2fsck: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public CompletionStage<Void> format(String volume, String type, Map<String, String> options) {
        try {
            Volume v = existing(volume);
            FileSystemType fs = type(type);
            Optional<String> in = table.pointOf(v);
            if (in.isPresent()) {
                throw new IllegalArgumentException("volume " + volume + " is in use: mounted at " + in.get());
            }
            return fs.format(v, options == null ? Map.of() : options);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---- declared mounts

    /** The bytes that must all be zero for a volume to count as blank: where any file system keeps its superblock. */
    static final int BLANK_PROBE_BYTES = 4096;

    /**
     * @return completes once a declaration that asks for it has formatted a blank volume (at once
     *         for the others, and for a volume that holds something)
     */
    private CompletionStage<Void> formatIfBlank(MountDeclaration d) {
        StorResource.Route route = routes.get(d.volume());
        if (!d.formatIfBlank() || route == null || d.options().readOnly()) {
            return CompletableFuture.completedFuture(null);
        }
        Volume v = route.volume();
        int probe = (int) Math.min(BLANK_PROBE_BYTES, v.size() - v.size() % v.blockSize());
        return resource.read(scanActivity.get(), route.unitResource(), v.unit(), v.offset(), probe).thenCompose(bytes -> {
            for (byte b : bytes) {
                if (b != 0) {
                    return CompletableFuture.completedFuture(null);
                }
            }
            LOG.log(Level.INFO, "volume " + v.name() + " is blank: formatting it " + d.type() + " for " + d);
            return format(v.name(), d.type(), Map.of());
        });
    }

    /** @param d a mount the configuration asks for; mounted as soon as its volume and type exist */
    void declare(MountDeclaration d) {
        synchronized (this) {
            declared.put(d.id(), d);
        }
        tryDeclared();
    }

    /** @param id a declaration's id; its mount, if made, is unmounted */
    void withdraw(String id) {
        synchronized (this) {
            declared.remove(id);
        }
        String point = declaredMounted.remove(id);
        if (point != null && point.startsWith("/")) {
            unmount(point).whenComplete((v, e) -> {
                if (e != null) {
                    problem("unmounting " + point + " after its configuration was deleted failed: " + e.getMessage());
                }
            });
        }
    }

    /** Mounts each declared mount whose volume and type are there and that is not mounted or under way. */
    private void tryDeclared() {
        List<MountDeclaration> ready = new ArrayList<>();
        synchronized (this) {
            if (!attached) {
                return; // attached() tries again
            }
            for (MountDeclaration d : declared.values()) {
                StorResource.Route route = routes.get(d.volume());
                if (!declaredMounted.containsKey(d.id()) && route != null && scannedUnits.contains(route.volume().unit())
                        && types.containsKey(d.type())) {
                    declaredMounted.put(d.id(), ""); // under way
                    ready.add(d);
                }
            }
        }
        for (MountDeclaration d : ready) {
            formatIfBlank(d).thenCompose(v -> mount(d.volume(), d.mountPoint(), d.type(), d.options())).whenComplete((m, e) -> {
                if (e == null) {
                    declaredMounted.put(d.id(), m.mountPoint());
                } else {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    problem(d + " failed: " + cause.getMessage());
                    // tried again only when the configuration changes: a failure here is not transient
                    declaredMounted.put(d.id(), "failed");
                }
            });
        }
    }
}
