package org.omnikernel.fstool.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.omnikernel.storage.Mount;
import org.omnikernel.storage.StorageService;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.PathProvider;
import org.omnikernel.syscall.spi.ProcessService;
import org.omnikernel.syscall.spi.ProcessSpec;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs one {@code ./okernel fs} request once the image is mounted, then unmounts it (so that
 * everything is written back and the file system is marked clean) and stops the framework, which
 * the launcher waits for. Inert without the framework property {@value FsRequest#PROPERTY}.
 *
 * <pre>
 *  activate ─▶ request? ─ no ─▶ inert
 *     └▶ (thread) await the mount and its path provider ─▶ start process okernel.fs ─▶ await its exit
 *          ─▶ unmount ─▶ result.properties (status, error) ─▶ stop the framework
 * </pre>
 */
@Component(immediate = true)
public final class FsToolComponent {

    private static final System.Logger LOG = System.getLogger("org.omnikernel.fstool");
    private static final long MOUNT_WAIT_MILLIS = 60_000;
    private static final long RUN_WAIT_MINUTES = 30;

    private final ProcessService processes;
    private final StorageService storage;
    private final BundleContext context;
    private Thread runner;

    /**
     * @param processes starts the program
     * @param storage   the routing table, to wait for the mount and to unmount
     * @param context   for the framework property and to stop the framework
     */
    @Activate
    public FsToolComponent(@Reference ProcessService processes, @Reference StorageService storage, BundleContext context) {
        this.processes = processes;
        this.storage = storage;
        this.context = context;
        String request = context.getProperty(FsRequest.PROPERTY);
        if (request != null && !request.isBlank()) {
            runner = new Thread(() -> runAndStop(Path.of(request)), "omnikernel-fs-tool");
            runner.setDaemon(true);
            runner.start();
        }
    }

    @Deactivate
    void deactivate() {
        if (runner != null) {
            runner.interrupt();
        }
    }

    private void runAndStop(Path requestFile) {
        FsRequest request = null;
        long status = 1;
        String error = "";
        try {
            request = FsRequest.read(requestFile);
            String problem = awaitMount(request.mount());
            if (problem != null) {
                error = problem;
            } else {
                status = run(requestFile);
                Path errorFile = request.dir().resolve("error");
                error = Files.exists(errorFile) ? Files.readString(errorFile, StandardCharsets.UTF_8) : "";
                String unmounted = unmount(request.mount());
                if (unmounted != null && status == 0) {
                    status = 1;
                    error = unmounted;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted: the kernel is stopping";
        } catch (IOException | RuntimeException e) {
            error = e.toString();
            LOG.log(System.Logger.Level.ERROR, "okernel fs failed", e);
        }
        try {
            if (request != null) {
                writeResult(request.result(), status, error);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot write the fs tool's result", e);
        }
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot stop the framework", e);
        }
    }

    /** @return null once mounted, else why not (STOR's problems, or the wait ran out) */
    private String awaitMount(String point) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MOUNT_WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (storage.mounts().stream().map(Mount::mountPoint).anyMatch(point::equals) && provided(point)) {
                return null;
            }
            List<String> problems = storage.problems();
            if (!problems.isEmpty() && System.nanoTime() > deadline - TimeUnit.MILLISECONDS.toNanos(MOUNT_WAIT_MILLIS / 2)) {
                break; // half the wait gone and STOR has complained: say what it said
            }
            Thread.sleep(50);
        }
        List<String> problems = storage.problems();
        return "the image was not mounted at " + point + (problems.isEmpty() ? " within " + MOUNT_WAIT_MILLIS / 1000 + " s"
                : ": " + String.join("; ", problems));
    }

    /** @return whether aopen reaches the mount point: the file provider (FCR) follows the routing table */
    private boolean provided(String point) {
        try {
            return !context.getServiceReferences(PathProvider.class, "(" + PathProvider.PREFIX + "=" + point + ")").isEmpty();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException("mount point " + point + " does not fit a service filter", e);
        }
    }

    private long run(Path requestFile) throws InterruptedException {
        Result<ProcessHandle> p = processes.start(ProcessSpec.of(FsToolProgram.NAME, List.of(requestFile.toString())));
        if (!p.isOk()) {
            throw new IllegalStateException("cannot start " + FsToolProgram.NAME + ": " + p);
        }
        try {
            long status = p.value().exit().toCompletableFuture().get(RUN_WAIT_MINUTES, TimeUnit.MINUTES);
            if (!p.value().failure().isEmpty()) {
                throw new IllegalStateException(FsToolProgram.NAME + " failed: " + p.value().failure());
            }
            return status;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.value().kill(1);
            throw new IllegalStateException(FsToolProgram.NAME + " did not finish: " + e, e);
        }
    }

    /** @return null once unmounted, else why not */
    private String unmount(String point) throws InterruptedException {
        try {
            storage.unmount(point).toCompletableFuture().get(MOUNT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "unmounting " + point + " failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.toString());
        }
    }

    private static void writeResult(Path file, long status, String error) throws IOException {
        Properties p = new Properties();
        p.setProperty("status", Long.toString(status));
        p.setProperty("error", error == null ? "" : error);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "okernel fs");
        }
    }
}
