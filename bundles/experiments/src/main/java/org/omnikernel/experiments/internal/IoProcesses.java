package org.omnikernel.experiments.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.storage.StorageService;
import org.omnikernel.syscall.spi.PathProvider;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/**
 * What E2 and E4 share: three processes a, b, c with weights 50/33/17 (the same weight for a
 * process's CPU aggregate at the CPU scheduler and for its I/O aggregates at every I/O scheduler,
 * as in the seed), the file system they need mounted, and how to find the activities that pay for a
 * process's I/O.
 */
final class IoProcesses {

    /** The processes' short names. */
    static final List<String> LABELS = List.of("a", "b", "c");
    /** Their weights: shares of I/O aggregates, cpushares of CPU aggregates (seed: 50%, 33%, 17%). */
    static final List<Long> WEIGHTS = List.of(5000L, 3333L, 1667L);
    /** Where the experiments' file system is mounted (the launcher configures it). */
    static final String MOUNT_POINT = "/fs";
    /** How long the mount may take to appear (the launcher's image may be formatted first). */
    static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(60);
    /** The TR instances' scheduler, as in E1 (seed §5.4). */
    static final String TR_POLICY = "roundrobin";

    private IoProcesses() {
    }

    /**
     * @param resource where the shares are measured
     * @return the processes' entitlement there: their weights
     */
    static Entitlement entitlement(String resource) {
        return new Entitlement(LABELS, LABELS.stream().map(l -> resource).toList(), WEIGHTS);
    }

    /**
     * The I/O aggregates a process has made ({@code /ioaggregate}), which its file library's I/O is
     * attributed to: the activities named {@code <program>.<id>.ioa}.
     *
     * @param s the statistics
     * @param p the process
     * @return their activity ids
     */
    static Set<Long> ioAggregates(KernelSnapshot s, ProcessHandle p) {
        String name = p.program() + "." + p.id() + ".ioa";
        return s.activities().stream().filter(a -> a.name().equals(name)).map(a -> a.id()).collect(Collectors.toSet());
    }

    /**
     * Waits for the file system at {@link #MOUNT_POINT}: mounted by STOR, and its path offered to the
     * namespace (FCR's path provider), so that a program's open finds it.
     *
     * @param storage the storage service, once there (null before)
     * @param context a bundle context, to look for the path provider
     * @throws ExperimentFailure    when nothing is mounted there in time
     * @throws InterruptedException when interrupted
     */
    static void awaitMount(Supplier<StorageService> storage, BundleContext context)
            throws ExperimentFailure, InterruptedException {
        long deadline = System.nanoTime() + MOUNT_TIMEOUT.toNanos();
        String filter = "(" + PathProvider.PREFIX + "=" + MOUNT_POINT + ")";
        while (true) {
            StorageService s = storage.get();
            if (s != null && s.mounts().stream().anyMatch(m -> m.mountPoint().equals(MOUNT_POINT))) {
                try {
                    if (!context.getServiceReferences(PathProvider.class, filter).isEmpty()) {
                        return;
                    }
                } catch (InvalidSyntaxException e) {
                    throw new IllegalStateException(filter, e);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ExperimentFailure("no file system mounted at " + MOUNT_POINT + " within "
                        + MOUNT_TIMEOUT.toSeconds() + " s" + (s == null ? " (no storage service: is STOR installed?)"
                        : "; problems: " + s.problems()));
            }
            E1CpuAttribution.parkUntil(System.nanoTime() + 100_000_000L);
        }
    }
}
