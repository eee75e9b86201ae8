package org.omnikernel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.Mount;
import org.omnikernel.storage.MountListener;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountRoute;
import org.omnikernel.storage.StorageService;
import org.omnikernel.storage.Volume;
import org.omnikernel.syscall.spi.PathProvider;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;

/**
 * FCR's bundle in Felix: once a storage service is there, Declarative Services activates FCR, OKRT
 * attaches {@code resource.fcr} and its gate, and a namespace provider follows each mount point of
 * the routing table as mounts come and go.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FileCacheInFelixIT {

    static final String CONFIG = """
            <?xml version="1.0"?>
            <schedulerconfig batch="8">
              <cpuscheduler scheduler="roundrobin" core="0-?"/>
              <resourcescheduler resource="*" metric="cpu" scheduler="roundrobin" core="0-?" cpushare="10000"/>
            </schedulerconfig>
            """;

    /** A routing table the test edits; it has no volumes. */
    static final class Table implements StorageService {
        final List<Mount> mounts = new CopyOnWriteArrayList<>();

        @Override
        public List<Volume> volumes() {
            return List.of();
        }

        @Override
        public Optional<Volume> volume(String name) {
            return Optional.empty();
        }

        @Override
        public List<Mount> mounts() {
            return List.copyOf(mounts);
        }

        @Override
        public Optional<MountRoute> route(String path) {
            return mounts.stream().filter(m -> path.equals(m.mountPoint()) || path.startsWith(m.mountPoint() + "/"))
                    .findFirst().map(m -> new MountRoute(m, path.length() == m.mountPoint().length() ? "/"
                            : path.substring(m.mountPoint().length())));
        }

        @Override
        public CompletionStage<Mount> mount(String volume, String mountPoint, String type, MountOptions options) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no volume " + volume));
        }

        @Override
        public CompletionStage<Void> unmount(String mountPoint) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no volumes are mounted here"));
        }

        @Override
        public CompletionStage<Void> format(String volume, String type, Map<String, String> options) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no volume " + volume));
        }
    }

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig("fcr-schedulerconfig.xml", CONFIG);
        return Itest.kernelFramework(file, "syscall", "storageapi", "thread", "filecache");
    }

    @Test
    public void fcrAttachesAndItsProvidersFollowTheMountPoints() throws Exception {
        Table table = new Table();
        table.mounts.add(new Mount("/fs", "vol0", "ext2", "ext2r.vol0", false, ""));
        ServiceRegistration<StorageService> reg = Itest.context().registerService(StorageService.class, table,
                new Hashtable<>());
        try {
            Okrt okrt = Itest.service(Okrt.class);
            Itest.await("resource.fcr and its gate attached", () -> okrt.resourceId(FileCacheProtocol.RESOURCE).isPresent()
                    && okrt.resourceId(FileCacheProtocol.RESOURCE + ".gate").isPresent(),
                    () -> "attached: " + okrt.statistics().resources());
            Itest.await("a provider of /fs", () -> providers("/fs") == 1, () -> "none");
            // the table tells the MountListener whiteboard of its changes, as STOR does
            Mount data = new Mount("/data", "vol1", "ext2", "ext2r.vol1", true, "");
            table.mounts.add(data);
            tellListeners(l -> l.mounted(data));
            Itest.await("a provider of /data", () -> providers("/data") == 1, () -> "none");
            Mount fs = table.mounts.get(0);
            table.mounts.remove(fs);
            tellListeners(l -> l.unmounted(fs));
            Itest.await("the provider of /fs withdrawn", () -> providers("/fs") == 0, () -> "still there");
            assertEquals(1, providers("/data"));
        } finally {
            reg.unregister();
        }
        Okrt okrt = Itest.service(Okrt.class);
        Itest.await("resource.fcr detached with the storage service gone",
                () -> okrt.resourceId(FileCacheProtocol.RESOURCE).isEmpty(), () -> "still attached");
        assertTrue(providers("/data") == 0);
    }

    private static void tellListeners(java.util.function.Consumer<MountListener> what) throws InvalidSyntaxException {
        var refs = Itest.context().getServiceReferences(MountListener.class, null);
        assertTrue("FCR registers a mount listener", !refs.isEmpty());
        for (var ref : refs) {
            what.accept(Itest.context().getService(ref));
            Itest.context().ungetService(ref);
        }
    }

    private static int providers(String prefix) {
        try {
            var refs = Itest.context().getServiceReferences(PathProvider.class, "(" + PathProvider.PREFIX + "=" + prefix + ")");
            return refs.size();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
