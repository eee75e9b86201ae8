package org.omnikernel.resource.filecache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.resource.process.internal.ProcessResource;
import org.omnikernel.resource.thread.internal.ThreadResources;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Program;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.OpenRequest;
import org.omnikernel.syscall.spi.PathProvider;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.ProcessSpec;
import org.omnikernel.storage.FlowEndpoint;

/**
 * {@code aopen} of /fs paths from programs: the provider runs on the calling kernel thread, which
 * blocks in the gate until FCR answers; the flags on the path act at open and at close.
 */
class MountPathProviderTest {

    @TempDir
    Path dir;

    private static final class Rig implements AutoCloseable {
        final FcrRig fcr;
        final ThreadResources threads;
        final ProcessResource pr;
        final FileGate gate;
        final MountPathProvider provider;

        Rig(Path dir) {
            fcr = new FcrRig(dir, FcrConfig.DEFAULTS, Set.of(ProcessResource.NAME, "hostfs.other"));
            threads = new ThreadResources(fcr.kernel, ThreadResources.DEFAULT_TIMESLICE_MICROS);
            pr = new ProcessResource(fcr.kernel, threads);
            fcr.kernel.attach(pr).orElseThrow();
            gate = new FileGate(fcr.activity("fcr.teardown"));
            fcr.kernel.attach(gate).orElseThrow();
            provider = new MountPathProvider(gate, threads);
            pr.addProvider(provider, Map.of(PathProvider.PREFIX, "/fs"));
        }

        long run(String name, Program p) {
            pr.addProgram(p, Map.of(Program.NAME, name));
            Result<ProcessHandle> h = pr.start(ProcessSpec.of(name, List.of()));
            assertTrue(h.isOk(), h::toString);
            try {
                return h.value().exit().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(name + " did not end: " + e, e);
            }
        }

        @Override
        public void close() {
            fcr.close();
        }
    }

    @Test
    void aopenCreatesOpensAndClosesFilesWithThePathsFlags() throws Exception {
        try (Rig r = new Rig(dir)) {
            AtomicReference<List<Object>> seen = new AtomicReference<>();
            long status = r.run("files", (sys, args) -> {
                Result<Rid> created = sys.aopen("/fs/p.txt?create?exclusive");
                Result<Rid> again = sys.aopen("/fs/p.txt?create?exclusive");
                Result<Void> closed = sys.aclose(created.value());
                boolean existed = Files.exists(dir.resolve("p.txt"));
                Result<Rid> doomed = sys.aopen("/fs/p.txt?unlink");
                Result<Void> unlinked = sys.aclose(doomed.value());
                Result<Rid> missing = sys.aopen("/fs/nope.txt");
                Result<Rid> bogus = sys.aopen("/fs/p.txt?create?bogus");
                Result<Rid> badFlags = sys.aopen("/fs/q?directory");
                Result<Rid> dir2 = sys.aopen("/fs/sub?create?directory");
                seen.set(List.of(created.isOk(), again.error(), closed.isOk(), existed, unlinked.isOk(),
                        missing.error(), bogus.error(), badFlags.error(), dir2.isOk()));
                return 0;
            });
            assertEquals(0, status);
            assertEquals(List.of(true, Err.EXISTS, true, true, true, Err.NOT_FOUND, Err.BAD_PARAMETER, Err.BAD_PARAMETER,
                    true), seen.get());
            assertFalse(Files.exists(dir.resolve("p.txt")), "?unlink removed the name at close");
            assertTrue(Files.isDirectory(dir.resolve("sub")));
            // The directory's RID was left open: the process's end closes it, off any kernel thread.
            r.fcr.rig.await("the handle the process left open closed", () -> r.fcr.fcr.stats().handles() == 0);
        }
    }

    @Test
    void theOpenedObjectIsAFlowEndpointAtFcr() throws Exception {
        Files.writeString(dir.resolve("e.txt"), "endpoint");
        try (Rig r = new Rig(dir)) {
            AtomicReference<KernelObject> opened = new AtomicReference<>();
            long status = r.run("endpoint", (sys, args) -> {
                Result<KernelObject> o = r.provider.open(new OpenRequest("/fs/e.txt", "/fs", Map.of("sync", ""), 1, "t",
                        r.fcr.activity("ioa")));
                opened.set(o.value());
                return o.value().close().isOk() ? 0 : 1;
            });
            assertEquals(0, status);
            FlowEndpoint e = (FlowEndpoint) opened.get();
            assertEquals("resource.fcr", e.resource());
            assertTrue(e.seekable());
            assertEquals(OpenFile.KIND, e.kind());
            assertTrue(e.close().isOk(), "closing twice succeeds");
            assertEquals(1, r.fcr.fs.ops("SYNC").size(), "?sync acted at close");
        }
    }

    @Test
    void providersFollowTheRoutingTable() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        try (Rig r = new Rig(dir)) {
            HostFileSystem second = new HostFileSystem("hostfs.other", other);
            r.fcr.kernel.attach(second).orElseThrow();
            MountProviders providers = new MountProviders(r.fcr.table, r.provider, (prefix, p) -> {
                r.pr.addProvider(p, Map.of(PathProvider.PREFIX, prefix));
                return () -> r.pr.removeProvider(p, Map.of(PathProvider.PREFIX, prefix));
            });
            providers.follow();
            assertEquals(Set.of("/fs"), providers.prefixes());
            r.fcr.table.add("/data", "hostfs.other", false);
            providers.follow();
            assertEquals(Set.of("/fs", "/data"), providers.prefixes());
            assertEquals(0, r.run("mounted", (sys, args) -> sys.aclose(sys.aopen("/data/x?create").value()).isOk() ? 0 : 1));
            assertTrue(Files.exists(other.resolve("x")), "/data/x is a file of the second file system");
            r.fcr.table.remove("/data");
            providers.follow();
            assertEquals(Set.of("/fs"), providers.prefixes());
            assertEquals(Err.NO_SUCH_PATH.ordinal(), r.run("unmounted", (sys, args) -> sys.aopen("/data/x").error().ordinal()));
            providers.clear();
            assertEquals(Set.of(), providers.prefixes());
        }
    }

    @Test
    void aopenOffAKernelThreadIsRefused() throws Exception {
        try (Rig r = new Rig(dir)) {
            Result<KernelObject> o = r.provider.open(new OpenRequest("/fs/x", "/fs", Map.of(), 1, "t", r.fcr.activity("a")));
            assertEquals(Err.NOT_A_KERNEL_THREAD, o.error());
        }
    }
}
