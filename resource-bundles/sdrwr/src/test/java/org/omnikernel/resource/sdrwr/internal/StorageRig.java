package org.omnikernel.resource.sdrwr.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.omnikernel.driver.filedisk.FileDiskComponent;
import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.resource.blockdev.internal.BlockDevices;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.storage.StorageUnit;

/**
 * A real kernel with the storage stack's bottom: file disks from the driver-filedisk bundle on image
 * files, blockdev's DRWR and DIR for each, and SDRWR offering each as a unit. Extra resources (test
 * clients, STOR) may be named when booting. Shared with STOR's tests through this module's test jar.
 */
public final class StorageRig implements AutoCloseable {

    private final KernelRig rig;
    private final SdrwrResource sdrwr;
    private final BlockUnits units;
    private final Map<String, StorageUnit> published = new ConcurrentHashMap<>();
    private final Map<String, BlockDevice> disks = new ConcurrentHashMap<>();

    private StorageRig(KernelRig rig, SdrwrResource sdrwr, Consumer<StorageUnit> added, Consumer<StorageUnit> removed) {
        this.rig = rig;
        this.sdrwr = sdrwr;
        rig.kernel().machine().devices().addListener(new BlockDevices(rig.kernel(), this::attach));
        rig.kernel().attach(sdrwr).orElseThrow();
        units = new BlockUnits(sdrwr, name -> rig.kernel().resourceId(name).isPresent(), unit -> {
            published.put(unit.name(), unit);
            added.accept(unit);
            return () -> {
                published.remove(unit.name());
                removed.accept(unit);
            };
        });
        rig.kernel().machine().devices().addListener(units);
    }

    /**
     * @param others  further resources the grid admits (clients, STOR)
     * @param added   told of each unit SDRWR offers
     * @param removed told of each unit withdrawn
     * @return a running kernel on two cores with FIFO schedulers everywhere
     */
    public static StorageRig boot(Set<String> others, Consumer<StorageUnit> added, Consumer<StorageUnit> removed) {
        return boot(others, added, removed, Map.of());
    }

    /**
     * @param others     further resources the grid admits (clients, STOR)
     * @param added      told of each unit SDRWR offers
     * @param removed    told of each unit withdrawn
     * @param properties SDRWR's component properties (its disk request limit)
     * @return a running kernel on two cores with FIFO schedulers everywhere
     */
    public static StorageRig boot(Set<String> others, Consumer<StorageUnit> added, Consumer<StorageUnit> removed,
            Map<String, ?> properties) {
        String grid = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='okrt.fifo' core='0-?'/></schedulerconfig>";
        Set<String> names = new java.util.HashSet<>(others);
        names.addAll(Set.of("drwr.*", "dir.*", SdrwrResource.NAME));
        return new StorageRig(KernelRig.boot(grid, 2, names, new FifoScheduler()),
                new SdrwrResource(SdrwrConfig.from(properties)), added, removed);
    }

    /** @return the rig around the kernel */
    public KernelRig kernel() {
        return rig;
    }

    /** @return SDRWR's name */
    public static String sdrwrName() {
        return SdrwrResource.NAME;
    }

    /** @return the units SDRWR offers now, by name */
    public Map<String, StorageUnit> units() {
        return Map.copyOf(published);
    }

    /** @return SDRWR's chunks in flight at DRWR */
    public int sdrwrInFlight() {
        return sdrwr.inFlight();
    }

    /** @return SDRWR's incoming labels with messages outstanding */
    public int sdrwrLabelsInFlight() {
        return sdrwr.labelsInFlight();
    }

    /**
     * Adds a file disk, as the driver-filedisk bundle's component would from Config Admin, and waits
     * until SDRWR offers it as a unit.
     *
     * @param name       the device's name
     * @param image      its image file, which exists
     * @param properties further filedisk properties ({@code model}, {@code media_mb_per_s}, ...) by method name
     * @throws IOException          when the driver cannot use the image
     * @throws InterruptedException when interrupted while waiting
     */
    public void addDisk(String name, Path image, Map<String, Object> properties) throws IOException, InterruptedException {
        Map<String, Object> p = new HashMap<>(properties);
        p.put("name", name);
        p.put("image", image.toString());
        BlockDevice disk = FileDiskComponent.device(config(p));
        disks.put(name, disk);
        rig.kernel().machine().devices().add(disk, "org.omnikernel.driver.filedisk");
        rig.await(name + " offered as a unit", () -> published.containsKey(name));
    }

    /** @param name a disk added before; the HAL stops it and it leaves */
    public void removeDisk(String name) {
        rig.kernel().machine().devices().remove(disks.remove(name));
    }

    private Runnable attach(Resource resource) {
        ResourceContext ctx = rig.kernel().attach(resource).orElseThrow();
        return () -> rig.kernel().detach(ctx.name());
    }

    /** The filedisk configuration from properties, each method's default where absent. */
    private static FileDiskComponent.Config config(Map<String, Object> properties) {
        return (FileDiskComponent.Config) Proxy.newProxyInstance(StorageRig.class.getClassLoader(),
                new Class<?>[] {FileDiskComponent.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> FileDiskComponent.Config.class;
                    case "toString" -> "filedisk " + properties;
                    case "hashCode" -> properties.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> properties.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    @Override
    public void close() {
        units.close();
        rig.close();
    }
}
