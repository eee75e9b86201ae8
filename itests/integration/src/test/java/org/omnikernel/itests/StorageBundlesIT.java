package org.omnikernel.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileSystemType;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;
import org.omnikernel.storage.StorageService;
import org.omnikernel.storage.StorageUnit;
import org.omnikernel.storage.Volume;
import org.omnikernel.storage.VolumeProtocol;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The storage stack's bottom in Felix, configured as the distribution configures it: a filedisk on
 * an image that sfdisk partitioned becomes drwr.disk0, then SDRWR's unit disk0, then STOR's volumes
 * disk0, disk0.p1 and disk0.p2, whose bytes a grid resource reads through {@code resource.stor}; a
 * mount declared through Config Admin is made once a file-system type appears; deleting the disk's
 * configuration takes the unit, its volumes and the mount away.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageBundlesIT {

    private static final String CLIENT = "itest.volumes";

    @Configuration
    public Option[] config() {
        Path file = Itest.writeConfig("storage-schedulerconfig.xml", """
                <?xml version="1.0"?>
                <schedulerconfig>
                  <cpuscheduler scheduler="roundrobin" core="0-?"/>
                  <resourcescheduler resource="*" scheduler="roundrobin" core="0-?" cpushare="10000"/>
                </schedulerconfig>
                """);
        return Itest.kernelFramework(file, "configadmin", "syscall", "storageapi", "filedisk", "blockdev", "sdrwr", "stor");
    }

    @Test
    public void aConfiguredDiskBecomesAUnitAndVolumesThatServeItsBytes() throws Exception {
        Path dir = Files.createTempDirectory("storage");
        Path image = dir.resolve("disk0.img");
        byte[] noise = new byte[8 << 20];
        new Random(5).nextBytes(noise);
        Files.write(image, noise);
        sfdisk(image, "label: dos\nstart=2048, size=4096, type=83\nstart=6144, size=8192, type=83\n");
        byte[] bytes = Files.readAllBytes(image);

        ConfigurationAdmin admin = Itest.service(ConfigurationAdmin.class);
        StorageService stor = Itest.service(StorageService.class);
        org.osgi.service.cm.Configuration mount = admin.createFactoryConfiguration("org.omnikernel.resource.stor.mount", "?");
        mount.update(props("volume", "disk0.p1", "mount.point", "/fs", "type", "itestfs"));
        org.osgi.service.cm.Configuration disk = admin.createFactoryConfiguration("org.omnikernel.driver.filedisk", "?");
        disk.update(props("name", "disk0", "image", image.toString()));

        Itest.await("disk0's three volumes", () -> names(stor).equals(List.of("disk0", "disk0.p1", "disk0.p2")),
                () -> names(stor) + " " + stor.problems());
        StorageUnit unit = Itest.context().getService(Itest.context().getServiceReferences(StorageUnit.class,
                "(" + StorageUnit.NAME + "=disk0)").iterator().next());
        assertEquals("resource.sdrwr", unit.resource());
        Volume p2 = stor.volume("disk0.p2").orElseThrow();
        assertEquals(6144L * 512, p2.offset());

        Okrt okrt = Itest.service(Okrt.class);
        Map<Long, byte[]> answers = new ConcurrentHashMap<>();
        Resource client = () -> ResourceInterface.named(CLIENT)
                .request("GO", (ctx, m) -> ctx.send(VolumeProtocol.RESOURCE, VolumeProtocol.READ, m.arguments().toArray()),
                        Long.class, String.class, Long.class, Integer.class)
                .request(VolumeProtocol.DONE, (ctx, m) -> {
                    Buffer b = m.argument(1, Buffer.class);
                    byte[] data = new byte[b.length()];
                    b.view().get(data);
                    String error = m.argument(2, String.class);
                    answers.put(m.argument(0, Long.class), error.isEmpty() ? data : error.getBytes(StandardCharsets.UTF_8));
                }, Long.class, Buffer.class, String.class)
                .build();
        ServiceRegistration<Resource> reg = Itest.context().registerService(Resource.class, client, null);
        ServiceRegistration<FileSystemType> fs = null;
        try {
            Itest.await("the client attached", () -> okrt.resourceId(CLIENT).isPresent(), () -> "");
            Activity a = okrt.createActivity("itest.reader", Parameters.EMPTY);
            okrt.send(a, CLIENT, "GO", 0, 1L, "disk0.p2", 4096L, 65536);
            Itest.await("the read answered", () -> answers.containsKey(1L), () -> "");
            assertArrayEquals(Arrays.copyOfRange(bytes, (int) p2.offset() + 4096, (int) p2.offset() + 4096 + 65536), answers.get(1L));

            assertTrue("no type yet, no mount", stor.mounts().isEmpty());
            Dictionary<String, Object> type = props(FileSystemType.TYPE, "itestfs");
            fs = Itest.context().registerService(FileSystemType.class, new AcceptingType(), type);
            Itest.await("the declared mount made", () -> stor.route("/fs/a/b").isPresent(), () -> stor.mounts() + " " + stor.problems());
            assertEquals("/a/b", stor.route("/fs/a/b").orElseThrow().relative());
            assertEquals("disk0.p1", stor.route("/fs/a/b").orElseThrow().mount().volume());

            disk.delete();
            Itest.await("the unit, its volumes and its mount gone", () -> stor.volumes().isEmpty() && stor.mounts().isEmpty(),
                    () -> names(stor) + " " + stor.mounts());
            assertTrue(stor.problems().toString(), stor.problems().stream().anyMatch(p -> p.startsWith("unit disk0 went away")));
        } finally {
            mount.delete();
            reg.unregister();
            if (fs != null) {
                fs.unregister();
            }
        }
    }

    /** A file-system type that mounts any volume: the real ones (ext2) are other bundles. */
    private static final class AcceptingType implements FileSystemType {
        @Override
        public CompletionStage<MountedFileSystem> mount(Volume volume, MountOptions options) {
            return CompletableFuture.completedFuture(new MountedFileSystem() {
                @Override
                public String resource() {
                    return "itestfs." + volume.name().replace('.', '_');
                }

                @Override
                public boolean readOnly() {
                    return options.readOnly();
                }

                @Override
                public String readOnlyReason() {
                    return "";
                }

                @Override
                public CompletionStage<Void> unmount() {
                    return CompletableFuture.completedFuture(null);
                }
            });
        }

        @Override
        public CompletionStage<Void> format(Volume volume, Map<String, String> options) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("itestfs does not format"));
        }
    }

    private static List<String> names(StorageService stor) {
        return stor.volumes().stream().map(Volume::name).toList();
    }

    private static void sfdisk(Path image, String script) throws Exception {
        Process p = new ProcessBuilder(sfdisk(), "-q", "--no-reread", "--no-tell-kernel", image.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("sfdisk: " + out, 0, p.waitFor());
    }

    private static Dictionary<String, Object> props(Object... keyValues) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    /** @return util-linux's sfdisk: on the PATH, or in /usr/sbin or /sbin, which a non-root user's PATH often lacks */
    static String sfdisk() {
        java.util.List<String> dirs = new java.util.ArrayList<>(java.util.List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(java.util.List.of("/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> java.nio.file.Path.of(d, "sfdisk"))
                .filter(java.nio.file.Files::isExecutable).map(Object::toString).findFirst()
                .orElseThrow(() -> new IllegalStateException("sfdisk (util-linux, Debian package fdisk) is not installed"));
    }
}
