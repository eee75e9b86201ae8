package org.omnikernel.resource.stor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.resource.sdrwr.internal.IoClient;
import org.omnikernel.resource.sdrwr.internal.StorageRig;
import org.omnikernel.storage.Mount;
import org.omnikernel.storage.MountListener;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.StorageUnit;
import org.omnikernel.storage.Volume;
import org.omnikernel.storage.VolumeProtocol;

/**
 * STOR in a real kernel over real file disks (driver-filedisk, DRWR, SDRWR) whose partition tables
 * util-linux's sfdisk wrote: volumes match what sfdisk reads back, their bytes are the image's at the
 * partition's offset, writes land there, bad requests are refused by name, corrupt tables never cost
 * more than the partitions, and the routing table routes by whole segments.
 */
class StorTest {

    private static final String CLIENT = "test.volumeclient";
    private static final int MIB = 1 << 20;
    private static final String MBR_SCRIPT = "label: dos\nstart=2048, size=4096, type=83\nstart=6144, size=8192, type=7\n"
            + "start=14336, type=5\nstart=16384, size=4096, type=83\nsize=4096, type=83\n";
    private static final String GPT_SCRIPT = "label: gpt\n"
            + "start=2048, size=4096, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=\"boot\"\n"
            + "start=6144, size=8192, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=\"données\"\n";

    @TempDir
    Path dir;
    private StorageRig rig;
    private Stor stor;
    private IoClient client;
    private Activity activity;
    private long tags;

    @BeforeEach
    void boot() {
        rig = StorageRig.boot(Set.of(CLIENT, VolumeProtocol.RESOURCE), u -> stor.unitAdded(u), u -> stor.unitRemoved(u));
        stor = new Stor(() -> rig.kernel().createActivity("stor", Parameters.EMPTY));
        rig.kernel().kernel().attach(stor.resource()).orElseThrow();
        client = new IoClient(CLIENT, VolumeProtocol.RESOURCE, VolumeProtocol.DONE);
        rig.kernel().kernel().attach(client).orElseThrow();
        activity = rig.kernel().createActivity("io", Parameters.EMPTY);
    }

    @AfterEach
    void close() {
        rig.close();
    }

    private Path partitioned(String name, String script) throws Exception {
        Path image = Images.random(dir, name + ".img", 16 * MIB, name.hashCode());
        Images.sfdisk(image, script);
        return image;
    }

    private void addAndScan(String name, Path image, int volumes) throws Exception {
        rig.addDisk(name, image, Map.of());
        rig.kernel().await(name + "'s " + volumes + " volumes", () -> stor.volumes().stream()
                .filter(v -> v.unit().equals(name)).count() == volumes);
    }

    private byte[] read(String volume, long offset, int length) throws Exception {
        IoClient.Answer a = client.read(rig.kernel(), activity, ++tags, volume, offset, length);
        assertEquals("", a.error(), volume);
        return a.data();
    }

    private String error(IoClient.Answer a) {
        assertFalse(a.error().isEmpty(), "an error answer");
        return a.error();
    }

    private void assertVolumesMatchSfdisk(String unit, Path image) throws Exception {
        assertVolumesMatch(unit, image, Images.parts(image));
    }

    private void assertVolumesMatch(String unit, Path image, List<Images.Part> parts) throws Exception {
        byte[] bytes = Files.readAllBytes(image);
        for (Images.Part p : parts) {
            if (p.type().equals("5")) {
                continue; // the extended partition is a container, not a volume
            }
            Volume v = stor.volume(unit + ".p" + p.number()).orElseThrow(() -> new AssertionError("no volume for " + p));
            assertEquals(p.start() * 512, v.offset(), v.name());
            assertEquals(p.size() * 512, v.size(), v.name());
            int off = (int) v.offset();
            assertArrayEquals(Arrays.copyOfRange(bytes, off, off + 65536), read(v.name(), 0, 65536), v.name() + " head");
            int end = (int) (v.offset() + v.size());
            assertArrayEquals(Arrays.copyOfRange(bytes, end - 4096, end), read(v.name(), v.size() - 4096, 4096), v.name() + " tail");
        }
    }

    @Test
    void mbrPrimaryAndLogicalPartitionsAreVolumesWithTheImagesBytes() throws Exception {
        Path image = partitioned("disk0", MBR_SCRIPT);
        addAndScan("disk0", image, 5);
        assertEquals(List.of("disk0", "disk0.p1", "disk0.p2", "disk0.p5", "disk0.p6"), stor.volumes().stream().map(Volume::name).toList());
        Volume whole = stor.volume("disk0").orElseThrow();
        assertEquals(Volume.WHOLE, whole.scheme());
        assertEquals(16L * MIB, whole.size());
        assertEquals("83", stor.volume("disk0.p5").orElseThrow().type());
        assertEquals("07", stor.volume("disk0.p2").orElseThrow().type());
        assertVolumesMatchSfdisk("disk0", image);
        assertEquals(List.of(), stor.problems());
    }

    @Test
    void gptPartitionsCarryTheirTypeGuidAndName() throws Exception {
        Path image = partitioned("disk1", GPT_SCRIPT);
        addAndScan("disk1", image, 3);
        Volume boot = stor.volume("disk1.p1").orElseThrow();
        assertEquals(Volume.GPT, boot.scheme());
        assertEquals("c12a7328-f81f-11d2-ba4b-00a0c93ec93b", boot.type());
        assertEquals("boot", boot.label());
        assertEquals("données", stor.volume("disk1.p2").orElseThrow().label());
        assertVolumesMatchSfdisk("disk1", image);
        assertEquals(List.of(), stor.problems());
    }

    @Test
    void writesLandAtThePartitionsOffsetOnTheImage() throws Exception {
        Path image = partitioned("disk0", MBR_SCRIPT);
        addAndScan("disk0", image, 5);
        byte[] before = Files.readAllBytes(image);
        byte[] data = new byte[2 * MIB + 8192]; // SDRWR splits it in three
        new Random(3).nextBytes(data);
        Volume p2 = stor.volume("disk0.p2").orElseThrow();
        assertEquals("", client.write(rig.kernel(), activity, ++tags, "disk0.p2", 4096, data).error());
        assertEquals("", client.flush(rig.kernel(), activity, ++tags, "disk0.p2").error());
        byte[] after = Files.readAllBytes(image);
        int at = (int) p2.offset() + 4096;
        assertArrayEquals(data, Arrays.copyOfRange(after, at, at + data.length));
        Arrays.fill(after, at, at + data.length, (byte) 0);
        Arrays.fill(before, at, at + data.length, (byte) 0);
        assertArrayEquals(before, after, "nothing else changed");
        assertEquals(data.length, rig.kernel().statistics().resource(VolumeProtocol.RESOURCE).nbytes(), "STOR records nbytes");
    }

    @Test
    void badRequestsAreAnsweredByNameAndNeverReachTheUnit() throws Exception {
        Path image = partitioned("disk0", MBR_SCRIPT);
        addAndScan("disk0", image, 5);
        long sdrwrBefore = rig.kernel().statistics().resource(StorageRig.sdrwrName()).messages();
        String past = error(client.read(rig.kernel(), activity, ++tags, "disk0.p1", 4096L * 512 - 512, 1024));
        assertEquals("volume disk0.p1: READ of 1024 bytes at offset 2096640: past the volume's end at 2097152 bytes", past);
        String misaligned = error(client.write(rig.kernel(), activity, ++tags, "disk0.p1", 1000, new byte[512]));
        assertTrue(misaligned.startsWith("volume disk0.p1: WRITE of 512 bytes at offset 1000: not a positive number of whole 512-byte"),
                misaligned);
        String unknown = error(client.read(rig.kernel(), activity, ++tags, "disk0.p9", 0, 512));
        assertEquals("no volume \"disk0.p9\" is exported by resource.stor", unknown);
        assertEquals(sdrwrBefore, rig.kernel().statistics().resource(StorageRig.sdrwrName()).messages(), "nothing reached SDRWR");
        // a read-only unit (SCSIR offers some): STOR refuses writes itself
        StorageUnit u = rig.units().get("disk0");
        stor.unitRemoved(u);
        stor.unitAdded(readOnly(u));
        rig.kernel().await("the read-only unit's partitions", () -> stor.volume("disk0.p6").isPresent());
        assertTrue(stor.volume("disk0.p6").orElseThrow().readOnly());
        String ro = error(client.write(rig.kernel(), activity, ++tags, "disk0.p6", 0, new byte[512]));
        assertEquals("volume disk0.p6: WRITE of 512 bytes at offset 0: the volume is read-only", ro);
        assertEquals(512, read("disk0.p6", 0, 512).length, "reads still work");
    }

    @Test
    void aCorruptPrimaryGptFallsBackToTheBackupAndSaysSo() throws Exception {
        Path header = partitioned("disk1", GPT_SCRIPT);
        corrupt(header, 512 + 24); // in the primary header: its CRC no longer matches
        Path array = partitioned("disk2", GPT_SCRIPT);
        corrupt(array, 1024 + 40); // in the primary entry array: the header's array CRC no longer matches
        addAndScan("disk1", header, 3);
        addAndScan("disk2", array, 3);
        assertEquals("données", stor.volume("disk1.p2").orElseThrow().label());
        assertVolumesMatchSfdisk("disk1", header);
        assertVolumesMatchSfdisk("disk2", array);
        assertTrue(stor.problems().contains("unit disk1: the primary GPT is corrupt (header CRC32 mismatch); the partitions are read"
                + " from the backup at block 32767"), stor.problems().toString());
        assertTrue(stor.problems().contains("unit disk2: the primary GPT is corrupt (entry array CRC32 mismatch); the partitions are"
                + " read from the backup at block 32767"), stor.problems().toString());
    }

    @Test
    void garbageOrDoublyCorruptTablesLeaveTheUnitWholeAndSayWhy() throws Exception {
        Path garbage = Images.random(dir, "garbage.img", 4 * MIB, 11);
        try (RandomAccessFile f = new RandomAccessFile(garbage.toFile(), "rw")) {
            f.seek(510);
            f.write(new byte[] {0x55, (byte) 0xAA}); // signed, but the entries are noise
        }
        Path both = partitioned("disk3", GPT_SCRIPT);
        corrupt(both, 512 + 24);
        corrupt(both, 16 * MIB - 512 + 24);
        Path blank = dir.resolve("blank.img");
        Files.write(blank, new byte[MIB]); // no table at all: not a problem
        rig.addDisk("junk0", garbage, Map.of());
        rig.addDisk("disk3", both, Map.of());
        rig.addDisk("blank0", blank, Map.of());
        rig.kernel().await("both problems", () -> stor.problems().size() == 2);
        assertEquals(List.of("blank0", "disk3", "junk0"), stor.volumes().stream().map(Volume::name).toList());
        assertTrue(stor.problems().stream().anyMatch(p -> p.startsWith("unit junk0: MBR entry ")
                && p.endsWith("; the table is not trusted, the unit is exported whole only")), stor.problems().toString());
        assertTrue(stor.problems().stream().anyMatch(p -> p.startsWith("unit disk3: the primary GPT (header CRC32 mismatch) and the"
                + " backup at block 32767 (header CRC32 mismatch) are both corrupt")), stor.problems().toString());
        byte[] bytes = Files.readAllBytes(garbage);
        assertArrayEquals(Arrays.copyOf(bytes, 8192), read("junk0", 0, 8192), "the whole unit is served");
    }

    @Test
    void anEbrChainThatLoopsStopsWithTheLogicalPartitionsFoundSoFar() throws Exception {
        Path image = partitioned("disk4", MBR_SCRIPT);
        List<Images.Part> parts = Images.parts(image);
        long secondEbr = parts.stream().filter(p -> p.number() == 6).findFirst().orElseThrow().start() - 2048;
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(secondEbr * 512 + 446 + 16); // its link entry: to the extended partition's start, the first EBR
            f.write(new byte[] {0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0});
        }
        addAndScan("disk4", image, 5);
        assertVolumesMatch("disk4", image, parts); // as sfdisk wrote them before the link was broken
        assertEquals(List.of("unit disk4: the extended partition's EBR chain loops or is longer than 128; stopped at logical"
                + " partition 6"), stor.problems());
    }

    @Test
    void mountsRouteByLongestWholeSegmentPrefixAndBadInputIsRefusedByName() throws Exception {
        addAndScan("disk0", partitioned("disk0", MBR_SCRIPT), 5);
        ListedFileSystemType fs = new ListedFileSystemType(Set.of("disk0.p1", "disk0.p2", "disk0.p5"), Set.of("disk0.p5"));
        stor.typeAdded("listed", fs);
        Mount m = stor.mount("disk0.p1", "/fs/", "listed", MountOptions.readWrite()).toCompletableFuture().join();
        assertEquals(new Mount("/fs", "disk0.p1", "listed", "listedfs.disk0_p1", false, ""), m);
        stor.mount("disk0.p2", "/fs/sub", "listed", MountOptions.readWrite()).toCompletableFuture().join();
        assertEquals("/a/b", stor.route("/fs/a/b").orElseThrow().relative());
        assertEquals("/", stor.route("/fs").orElseThrow().relative());
        assertEquals("disk0.p2", stor.route("/fs/sub/x").orElseThrow().mount().volume());
        assertEquals("disk0.p1", stor.route("/fs/subway").orElseThrow().mount().volume(), "whole segments only");
        assertTrue(stor.route("/fsx").isEmpty());
        Mount unclean = stor.mount("disk0.p5", "/old", "listed", MountOptions.readWrite()).toCompletableFuture().join();
        assertTrue(unclean.readOnly());
        assertEquals("not cleanly unmounted", unclean.readOnlyReason());

        assertEquals("mount point /fs is taken by volume disk0.p1", refused(() -> stor.mount("disk0.p6", "/fs", "listed", null)));
        assertEquals("volume disk0.p1 is already mounted at /fs", refused(() -> stor.mount("disk0.p1", "/x", "listed", null)));
        assertEquals("volume disk0 overlaps volume disk0.p1, mounted at /fs", refused(() -> stor.mount("disk0", "/y", "listed", null)));
        assertEquals("no file-system type \"xfs\"; known: [listed]", refused(() -> stor.mount("disk0.p6", "/z", "xfs", null)));
        assertTrue(refused(() -> stor.mount("disk7", "/z", "listed", null)).startsWith("no volume \"disk7\"; exported: [disk0,"));
        assertEquals("mount point \"z\" is not an absolute path", refused(() -> stor.mount("disk0.p6", "z", "listed", null)));
        assertEquals("mounting volume disk0.p6 at /z as listed failed: volume disk0.p6 holds no listed file system",
                refused(() -> stor.mount("disk0.p6", "/z", "listed", null)));
        assertEquals("volume disk0.p2 is in use: mounted at /fs/sub (disk0.p2)", refused(() -> stor.format("disk0.p2", "listed", Map.of())));
        assertEquals(3, stor.mounts().size(), "the refusals changed nothing");

        stor.unmount("/fs/sub").toCompletableFuture().join();
        assertEquals("disk0.p1", stor.route("/fs/sub/x").orElseThrow().mount().volume());
        stor.format("disk0.p2", "listed", Map.of("label", "data")).toCompletableFuture().join();
        assertTrue(fs.calls.contains("unmount disk0.p2") && fs.calls.contains("format disk0.p2 {label=data}"), fs.calls.toString());
        assertTrue(refused(() -> stor.unmount("/nowhere")).startsWith("nothing is mounted at /nowhere"));
    }

    @Test
    void listenersHearOfMountsAndWriteBackBeforeTheFileSystemUnmounts() throws Exception {
        addAndScan("disk0", partitioned("disk0", MBR_SCRIPT), 5);
        ListedFileSystemType fs = new ListedFileSystemType(Set.of("disk0.p1", "disk0.p2"), Set.of());
        stor.typeAdded("listed", fs);
        stor.mount("disk0.p1", "/fs", "listed", MountOptions.readWrite()).toCompletableFuture().join();
        java.util.concurrent.CompletableFuture<Void> writtenBack = new java.util.concurrent.CompletableFuture<>();
        MountListener cache = new MountListener() {
            @Override
            public void mounted(Mount m) {
                fs.calls.add("listener: mounted " + m.mountPoint());
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> unmounting(Mount m) {
                fs.calls.add("listener: unmounting " + m.mountPoint());
                return writtenBack;
            }

            @Override
            public void unmounted(Mount m) {
                fs.calls.add("listener: unmounted " + m.mountPoint());
            }
        };
        stor.listenerAdded(cache);
        assertTrue(fs.calls.contains("listener: mounted /fs"), "a new listener hears of the mounts present: " + fs.calls);
        stor.mount("disk0.p2", "/data", "listed", MountOptions.readWrite()).toCompletableFuture().join();
        assertTrue(fs.calls.contains("listener: mounted /data"), fs.calls.toString());

        var unmounting = stor.unmount("/data").toCompletableFuture();
        assertTrue(fs.calls.contains("listener: unmounting /data"), fs.calls.toString());
        assertTrue(!fs.calls.contains("unmount disk0.p2") && !unmounting.isDone(),
                "the file system waits for the listener to write back: " + fs.calls);
        writtenBack.complete(null);
        unmounting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        List<String> order = fs.calls.stream().filter(c -> c.endsWith("/data") || c.equals("unmount disk0.p2")).toList();
        assertEquals(List.of("listener: mounted /data", "listener: unmounting /data", "unmount disk0.p2",
                "listener: unmounted /data"), order);

        stor.unmountAll(java.time.Duration.ofSeconds(10)); // STOR stopping: the same order
        assertTrue(fs.calls.indexOf("listener: unmounting /fs") < fs.calls.indexOf("unmount disk0.p1")
                && fs.calls.indexOf("unmount disk0.p1") < fs.calls.indexOf("listener: unmounted /fs"), fs.calls.toString());
        stor.listenerRemoved(cache);
    }

    @Test
    void aDeclaredMountIsMadeWhenItsVolumeAndTypeAppearAndLeavesWithItsUnit() throws Exception {
        stor.declare(new MountDeclaration("pid.1", "disk1.p2", "/fs", "listed", MountOptions.readWrite(), false));
        stor.declare(new MountDeclaration("pid.2", "disk1.p1", "/fs", "listed", MountOptions.readWrite(), false));
        addAndScan("disk1", partitioned("disk1", GPT_SCRIPT), 3);
        assertTrue(stor.mounts().isEmpty(), "no type yet");
        stor.typeAdded("listed", new ListedFileSystemType(Set.of("disk1.p1", "disk1.p2"), Set.of()));
        rig.kernel().await("one declared mount made, one refused", () -> stor.mounts().size() == 1 && stor.problems().size() == 1);
        String winner = stor.mounts().get(0).volume();
        String loser = winner.equals("disk1.p1") ? "disk1.p2" : "disk1.p1";
        assertTrue(stor.problems().get(0).contains("declared mount of " + loser + " at /fs (listed) failed: mount point /fs is taken"),
                stor.problems().toString());
        stor.withdraw(winner.equals("disk1.p1") ? "pid.2" : "pid.1");
        assertTrue(stor.mounts().isEmpty(), "withdrawing the configuration unmounts");

        stor.withdraw(winner.equals("disk1.p1") ? "pid.1" : "pid.2");
        stor.declare(new MountDeclaration("pid.3", "disk1.p1", "/data", "listed", MountOptions.readWrite(), false));
        rig.kernel().await("the third declaration mounted", () -> stor.mounts().size() == 1);
        rig.removeDisk("disk1");
        rig.kernel().await("disk1's volumes gone", () -> stor.volumes().isEmpty());
        assertTrue(stor.mounts().isEmpty());
        assertTrue(stor.problems().contains("unit disk1 went away while volume disk1.p1 was mounted at /data; the mount left the"
                + " routing table"), stor.problems().toString());
    }

    @Test
    void aDeclaredMountFormatsABlankVolumeFirstAndNeverOneThatHoldsSomething() throws Exception {
        Path blank = dir.resolve("blank0.img");
        try (RandomAccessFile f = new RandomAccessFile(blank.toFile(), "rw")) {
            f.setLength(4 * MIB);
        }
        Path used = Images.random(dir, "used0.img", 4 * MIB, 5);
        ListedFileSystemType fs = new ListedFileSystemType(Set.of("blank0", "used0"), Set.of());
        stor.typeAdded("listed", fs);
        stor.declare(new MountDeclaration("pid.b", "blank0", "/b", "listed", MountOptions.readWrite(), true));
        stor.declare(new MountDeclaration("pid.u", "used0", "/u", "listed", MountOptions.readWrite(), true));
        addAndScan("blank0", blank, 1);
        addAndScan("used0", used, 1);
        rig.kernel().await("both declared mounts made", () -> stor.mounts().size() == 2);
        assertTrue(fs.calls.contains("format blank0 {}"), fs.calls.toString());
        assertTrue(fs.calls.stream().noneMatch(c -> c.startsWith("format used0")), "a volume with bytes is never formatted: " + fs.calls);
    }

    private static String refused(java.util.function.Supplier<java.util.concurrent.CompletionStage<?>> call) {
        CompletionException e = assertThrows(CompletionException.class, () -> call.get().toCompletableFuture().join());
        assertTrue(e.getCause() instanceof IllegalArgumentException, e.toString());
        return e.getCause().getMessage();
    }

    private static void corrupt(Path image, long at) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5A);
        }
    }

    private static StorageUnit readOnly(StorageUnit u) {
        return new StorageUnit() {
            @Override
            public String name() {
                return u.name();
            }

            @Override
            public String resource() {
                return u.resource();
            }

            @Override
            public int blockSize() {
                return u.blockSize();
            }

            @Override
            public long blocks() {
                return u.blocks();
            }

            @Override
            public boolean readOnly() {
                return true;
            }

            @Override
            public String description() {
                return u.description() + ", read-only";
            }
        };
    }
}
