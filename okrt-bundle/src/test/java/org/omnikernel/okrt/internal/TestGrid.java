package org.omnikernel.okrt.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.config.ConfigException;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.scheduler.SchedulerFactory;

/**
 * A real kernel for tests: configuration parsed from XML text, OKRT's own {@code okrt.fifo}
 * scheduler plus any factories a test adds, cores started, resources attached from interfaces.
 */
final class TestGrid implements AutoCloseable {

    final Kernel kernel;

    private TestGrid(Kernel kernel) {
        this.kernel = kernel;
    }

    /** A grid of {@code cores} cores where every resource runs under {@code scheduler} with {@code batch}. */
    static TestGrid start(int cores, int batch, SchedulerFactory... extra) {
        String scheduler = extra.length > 0 ? extra[0].name() : FifoScheduler.NAME;
        return start(cores, "<schedulerconfig batch='" + batch + "'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
                + "<resourcescheduler resource='*' scheduler='" + scheduler + "' core='0-?'/></schedulerconfig>", extra);
    }

    static TestGrid start(int cores, String xml, SchedulerFactory... extra) {
        Map<String, SchedulerFactory> factories = new HashMap<>();
        factories.put(FifoScheduler.NAME, new FifoScheduler());
        for (SchedulerFactory f : extra) {
            factories.put(f.name(), f);
        }
        Kernel k = new Kernel(parse(cores, xml, factories.keySet()), factories::get);
        k.start();
        return new TestGrid(k);
    }

    static SchedulerConfig parse(int cores, String xml, Set<String> schedulers) {
        try {
            return new SchedulerConfigParser(new GridCatalog(Set.of("resource.a", "resource.b", "resource.c", "resource.d", "resource.e"), schedulers), cores)
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    ResourceContext attach(ResourceInterface iface) {
        Resource r = () -> iface;
        return kernel.attach(r).orElseThrow();
    }

    @Override
    public void close() {
        try {
            kernel.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the kernel", e);
        }
    }

    /** Waits for a condition the kernel's cores bring about; fails the test after 10 s. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
