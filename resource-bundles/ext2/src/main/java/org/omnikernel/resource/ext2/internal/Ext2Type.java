package org.omnikernel.resource.ext2.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.config.CoreSet;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.storage.FileSystemType;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;
import org.omnikernel.storage.Volume;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The ext2 file-system type: mounts a volume by attaching an EXT2R instance, {@code ext2r.VOLUME}, with
 * {@link Okrt#attach} (one per mounted volume, as the thread resource attaches its TR instances), and
 * formats volumes (mkfs) through the grid.
 *
 * <p>An instance the grid names ({@code resource="ext2r.disk0"}: the bundle declares the family
 * {@code ext2r.*}) runs under the grid's scheduler, metric, cores and cpushare, as experiment E4's
 * WFQ. Any other runs under the scheduler the component's properties name: {@value #SCHEDULER}
 * (default {@value #DEFAULT_SCHEDULER}, OKRT's own, always present), {@value #CPUSHARE} (its weight at
 * the CPU scheduler, default {@value #DEFAULT_CPUSHARE}) and {@value #BATCH} (default
 * {@value #DEFAULT_BATCH}), not the grid's {@code resource="*"}. {@value #CACHE_BLOCKS} bounds each instance's metadata cache (default
 * {@value #DEFAULT_CACHE_BLOCKS} blocks).
 */
@Component(service = FileSystemType.class, property = FileSystemType.TYPE + "=" + Ext2Type.TYPE)
public final class Ext2Type implements FileSystemType {
    /** The type's name. */
    public static final String TYPE = "ext2";
    /** Property: the scheduler of each instance. */
    public static final String SCHEDULER = "ext2r.scheduler";
    /** Property: each instance's share at the CPU scheduler. */
    public static final String CPUSHARE = "ext2r.cpushare";
    /** Property: messages per dispatch. */
    public static final String BATCH = "ext2r.batch";
    /** Property: blocks each instance's cache keeps. */
    public static final String CACHE_BLOCKS = "ext2r.cache.blocks";
    static final String DEFAULT_SCHEDULER = "okrt.fifo";
    static final long DEFAULT_CPUSHARE = 100;
    static final int DEFAULT_BATCH = 8;
    static final int DEFAULT_CACHE_BLOCKS = 8192;

    private final Okrt okrt;
    private final String scheduler;
    private final long cpushare;
    private final int batch;
    private final int cacheBlocks;
    private final LongSupplier clock;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /**
     * @param okrt the kernel
     * @param properties the component's properties, as above
     */
    @Activate
    public Ext2Type(@Reference Okrt okrt, Map<String, Object> properties) {
        this(okrt, Objects.toString(properties.get(SCHEDULER), DEFAULT_SCHEDULER),
                number(properties, CPUSHARE, DEFAULT_CPUSHARE), (int) number(properties, BATCH, DEFAULT_BATCH),
                (int) number(properties, CACHE_BLOCKS, DEFAULT_CACHE_BLOCKS), () -> System.currentTimeMillis() / 1000);
    }

    /**
     * @param okrt the kernel
     * @param scheduler each instance's scheduler
     * @param cpushare its share at the CPU scheduler
     * @param batch messages per dispatch
     * @param cacheBlocks blocks each instance's cache keeps
     * @param clock seconds since the epoch
     */
    public Ext2Type(Okrt okrt, String scheduler, long cpushare, int batch, int cacheBlocks, LongSupplier clock) {
        if (cacheBlocks < 64) {
            throw new IllegalArgumentException(CACHE_BLOCKS + "=" + cacheBlocks + " is below 64 blocks");
        }
        this.okrt = okrt;
        this.scheduler = scheduler;
        this.cpushare = cpushare;
        this.batch = batch;
        this.cacheBlocks = cacheBlocks;
        this.clock = clock;
    }

    private static long number(Map<String, Object> properties, String key, long fallback) {
        Object v = properties.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a number");
        }
    }

    /**
     * @param volume a volume's name, such as {@code disk0.p1}
     * @return the name of the EXT2R instance that serves it, such as {@code ext2r.disk0.p1}
     */
    public static String resourceName(String volume) {
        StringBuilder b = new StringBuilder("ext2r.");
        boolean dot = true;
        for (char c : volume.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '.' && !dot) {
                b.append('.');
                dot = true;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                b.append(c);
                dot = false;
            } else if (c != '.') {
                b.append('_');
                dot = false;
            }
        }
        if (dot) {
            b.append('_');
        }
        return b.toString();
    }

    @Override
    public CompletionStage<MountedFileSystem> mount(Volume volume, MountOptions options) {
        Objects.requireNonNull(volume, "volume");
        MountOptions how = options == null ? MountOptions.readWrite() : options;
        String name = resourceName(volume.name());
        if (!busy.add(name)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("volume " + volume.name()
                    + " is mounted or being formatted already (" + name + ")"));
        }
        Activity infrastructure = okrt.createActivity(name + ".infrastructure", Parameters.EMPTY);
        Ext2Resource resource = new Ext2Resource(name, volume, how, infrastructure, cacheBlocks, clock);
        try {
            okrt.attach(resource, spec(name));
        } catch (IllegalArgumentException e) {
            release(name, infrastructure, false);
            return CompletableFuture.failedFuture(new IllegalArgumentException("volume " + volume.name() + ": " + e.getMessage(), e));
        }
        SendResult r = okrt.send(infrastructure, name, Ext2Resource.MOUNT, 0);
        if (!r.isOk()) {
            release(name, infrastructure, true);
            return CompletableFuture.failedFuture(new IllegalStateException("volume " + volume.name() + ": " + r));
        }
        return resource.mounted().handle((v, e) -> e == null
                ? CompletableFuture.completedFuture((MountedFileSystem) new Mounted(resource, infrastructure))
                : releasedThen(CompletableFuture.<MountedFileSystem>failedFuture(unwrap(e)), name, infrastructure))
                .thenCompose(f -> f);
    }

    @Override
    public CompletionStage<Void> format(Volume volume, Map<String, String> options) {
        Objects.requireNonNull(volume, "volume");
        Mkfs.Plan plan;
        try {
            if (volume.readOnly()) {
                throw new IllegalArgumentException("volume " + volume.name() + " is read-only");
            }
            plan = Mkfs.plan(volume.size(), volume.blockSize(), options == null ? Map.of() : options, clock.getAsLong());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("format of volume " + volume.name()
                    + ": " + e.getMessage(), e));
        }
        String name = resourceName(volume.name());
        if (!busy.add(name)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("volume " + volume.name()
                    + " is mounted or being formatted already"));
        }
        Activity activity = okrt.createActivity(name + ".format", Parameters.EMPTY);
        Ext2Formatter formatter = new Ext2Formatter(name, volume, plan, activity);
        try {
            okrt.attach(formatter, spec(name));
        } catch (IllegalArgumentException e) {
            release(name, activity, false);
            return CompletableFuture.failedFuture(new IllegalArgumentException("volume " + volume.name() + ": " + e.getMessage(), e));
        }
        SendResult r = okrt.send(activity, name, Ext2Formatter.START, 0);
        if (!r.isOk()) {
            release(name, activity, true);
            return CompletableFuture.failedFuture(new IllegalStateException("volume " + volume.name() + ": " + r));
        }
        return releasedThen(formatter.done(), name, activity);
    }

    /** @return the grid's entry for the instance when it names it, else the component's scheduler */
    private SchedulerSpec spec(String name) {
        return okrt.namedScheduler(name).orElseGet(() -> new SchedulerSpec(name, scheduler, Metric.CPU,
                CoreSet.all(okrt.cores()), cpushare, batch,
                Parameters.EMPTY, Parameters.EMPTY, null, 0));
    }

    /** Detaches the instance and ends its activity; @return completes when the volume's name is free again */
    private CompletableFuture<Void> release(String name, Activity activity, boolean attached) {
        CompletionStage<Void> gone = attached ? okrt.detach(name) : CompletableFuture.completedFuture(null);
        return gone.handle((v, e) -> {
            okrt.terminate(activity);
            busy.remove(name);
            return (Void) null;
        }).toCompletableFuture();
    }

    /** @return a stage that ends as {@code outcome} did, once the instance is released */
    private <T> CompletableFuture<T> releasedThen(CompletableFuture<T> outcome, String name, Activity activity) {
        return outcome.handle((v, e) -> release(name, activity, true).thenCompose(x -> e == null
                ? CompletableFuture.completedFuture(v) : CompletableFuture.<T>failedFuture(unwrap(e))))
                .thenCompose(f -> f);
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** A mounted volume: its EXT2R instance, detached on unmount. */
    private final class Mounted implements MountedFileSystem {
        private final Ext2Resource resource;
        private final Activity infrastructure;

        Mounted(Ext2Resource resource, Activity infrastructure) {
            this.resource = resource;
            this.infrastructure = infrastructure;
        }

        @Override
        public String resource() {
            return resource.name();
        }

        @Override
        public boolean readOnly() {
            return resource.readOnly();
        }

        @Override
        public String readOnlyReason() {
            return resource.readOnlyReason();
        }

        @Override
        public CompletionStage<Void> unmount() {
            SendResult r = okrt.send(infrastructure, resource.name(), Ext2Resource.UNMOUNT, 0);
            if (!r.isOk()) {
                return CompletableFuture.failedFuture(new IllegalStateException(resource.name() + ": " + r));
            }
            return releasedThen(resource.unmounted(), resource.name(), infrastructure);
        }

        @Override
        public String toString() {
            return resource.describe();
        }
    }
}
