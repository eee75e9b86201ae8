package org.omnikernel.resource.sdrwr.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.StorageUnit;
import org.omnikernel.storage.UnitProtocol;

/**
 * SDRWR in a real kernel over real file disks: units appear with their devices, byte requests become
 * block requests (split into disk requests of at most 32 KB, or the configured limit, and joined), bad requests are answered with what was wrong,
 * ordered writes keep their order, and a unit goes away with its device.
 */
class SdrwrResourceTest {

    private static final String CLIENT = "test.unitclient";
    private static final String HOLDER = "test.bufferholder";
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;
    private StorageRig rig;
    private IoClient client;
    private Path image;
    private byte[] content;
    private Activity activity;
    private BufferHolder holder;

    /** A client that keeps every answer's buffer itself, and how many chunks SDRWR had in flight when it came. */
    private static final class BufferHolder implements Resource {
        record Held(Buffer data, String error, int chunksInFlight) {
        }

        final Map<Long, List<Held>> answers = new ConcurrentHashMap<>();
        private final StorageRig rig;

        BufferHolder(StorageRig rig) {
            this.rig = rig;
        }

        @Override
        public ResourceInterface resourceInterface() {
            return ResourceInterface.named(HOLDER)
                    .request("GO", (ctx, m) -> assertTrue(ctx.send(StorageRig.sdrwrName(), m.argument(0, String.class),
                            m.arguments().subList(1, m.arguments().size()).toArray()).isOk()),
                            String.class, Long.class, String.class, Long.class, Object.class)
                    .request(UnitProtocol.DONE, (ctx, m) -> answers.computeIfAbsent(m.argument(0, Long.class),
                            t -> new CopyOnWriteArrayList<>()).add(new Held(m.argument(1, Buffer.class),
                                    m.argument(2, String.class), rig.sdrwrInFlight())),
                            Long.class, Buffer.class, String.class)
                    .build();
        }

        /** Sends READ (length an Integer) or WRITE (a Buffer) and waits for its answer; returns it once a second answer would have come. */
        Held call(Activity a, String type, long tag, String unit, long offset, Object lengthOrData) throws Exception {
            assertEquals(SendResult.OK, rig.kernel().kernel().send(a, HOLDER, "GO", 0, type, tag, unit, offset, lengthOrData));
            rig.kernel().await("the answer to " + type + " " + tag, () -> answers.containsKey(tag));
            return only(tag);
        }

        /**
         * The one answer to {@code tag}, once SDRWR has no chunk out: a second answer could only come from a
         * chunk still out (each test also asserts none was out when the first answer went).
         */
        Held only(long tag) throws Exception {
            rig.kernel().await("no chunk of SDRWR's in flight", () -> rig.sdrwrInFlight() == 0);
            List<Held> all = answers.get(tag);
            assertEquals(1, all.size(), "answers to " + tag);
            return all.get(0);
        }
    }

    @BeforeEach
    void boot() throws Exception {
        rig = StorageRig.boot(Set.of(CLIENT, HOLDER), u -> { }, u -> { });
        client = new IoClient(CLIENT, StorageRig.sdrwrName(), UnitProtocol.DONE);
        rig.kernel().kernel().attach(client).orElseThrow();
        holder = new BufferHolder(rig);
        rig.kernel().kernel().attach(holder).orElseThrow();
        content = new byte[6 * MIB];
        new Random(7).nextBytes(content);
        image = dir.resolve("disk0.img");
        Files.write(image, content);
        rig.addDisk("disk0", image, Map.of());
        activity = rig.kernel().createActivity("io", Parameters.EMPTY);
    }

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void aDiskBecomesAUnitServedBySdrwr() {
        StorageUnit unit = rig.units().get("disk0");
        assertEquals(StorageRig.sdrwrName(), unit.resource());
        assertEquals(512, unit.blockSize());
        assertEquals(6L * MIB / 512, unit.blocks());
        assertFalse(unit.readOnly());
        assertTrue(unit.description().contains("org.omnikernel.driver.filedisk"), unit.description());
    }

    @Test
    void aReadIsSplitInto32KbDiskRequestsAndJoinedInOrder() throws Exception {
        int length = 3 * MIB + 1024;
        long before = drwrMessages("disk0");
        IoClient.Answer a = client.read(rig.kernel(), activity, 1, "disk0", 512, length);
        assertEquals("", a.error());
        assertArrayEquals(Arrays.copyOfRange(content, 512, 512 + length), a.data());
        assertEquals(length, rig.kernel().statistics().resource(StorageRig.sdrwrName()).nbytes(),
                "SDRWR records the bytes it moves");
        // 96 requests of 32 KB and one of 1 KiB: the disk never sees more than 32 KB at once
        assertDrwrMessages("disk0", before, 97);
        assertEquals(0, rig.sdrwrInFlight());
    }

    @Test
    void aWriteIsSplitInto32KbDiskRequests() throws Exception {
        byte[] data = new byte[256 * 1024];
        new Random(9).nextBytes(data);
        long before = drwrMessages("disk0");
        assertEquals("", client.write(rig.kernel(), activity, 1, "disk0", 4096, data).error());
        assertDrwrMessages("disk0", before, 8);
        assertArrayEquals(data, client.read(rig.kernel(), activity, 2, "disk0", 4096, data.length).data());
    }

    @Test
    void theDiskRequestLimitIsConfigurableInWholeBlocks() throws Exception {
        rig.close();
        // 1000 bytes is one 512-byte block; 1 MiB is DRWR's own limit
        for (Map.Entry<Integer, Integer> limit : Map.of(1000, 9, MIB, 1).entrySet()) {
            rig = StorageRig.boot(Set.of(CLIENT), u -> { }, u -> { },
                    Map.of("omnikernel.sdrwr.max.request.bytes", limit.getKey().toString()));
            client = new IoClient(CLIENT, StorageRig.sdrwrName(), UnitProtocol.DONE);
            rig.kernel().kernel().attach(client).orElseThrow();
            String disk = "copy" + limit.getKey(); // the first rig's file disk keeps the image open
            rig.addDisk(disk, Files.copy(image, dir.resolve(disk + ".img")), Map.of());
            activity = rig.kernel().createActivity("io", Parameters.EMPTY);
            long before = drwrMessages(disk);
            IoClient.Answer a = client.read(rig.kernel(), activity, 1, disk, 1024, 9 * 512);
            assertEquals("", a.error());
            assertArrayEquals(Arrays.copyOfRange(content, 1024, 1024 + 9 * 512), a.data());
            assertDrwrMessages(disk, before, limit.getValue());
            rig.close();
        }
        rig = StorageRig.boot(Set.of(CLIENT), u -> { }, u -> { });
    }

    @Test
    void aBadDiskRequestLimitIsRefusedNamingIt() {
        for (String bad : new String[] {"0", "-5", String.valueOf(2 * MIB), "lots"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SdrwrConfig.from(Map.of("omnikernel.sdrwr.max.request.bytes", bad)));
            assertTrue(e.getMessage().contains("omnikernel.sdrwr.max.request.bytes=" + bad), e.getMessage());
        }
        assertEquals(32 * 1024, SdrwrConfig.from(Map.of()).maxRequestBytes());
    }

    private long drwrMessages(String disk) {
        return rig.kernel().statistics().resource("drwr." + disk).messages();
    }

    /** Waits for DRWR's count to reach {@code before + expected} (counted after each handler), then checks it stops there. */
    private void assertDrwrMessages(String disk, long before, int expected) throws Exception {
        rig.kernel().await("DRWR counted " + expected + " requests", () -> drwrMessages(disk) - before >= expected);
        assertEquals(expected, drwrMessages(disk) - before, "requests that reached drwr." + disk);
    }

    @Test
    void writesLandAtTheirOffsetsOnTheImage() throws Exception {
        byte[] data = new byte[2 * MIB + 4096];
        new Random(8).nextBytes(data);
        long offset = MIB + 4096;
        assertEquals("", client.write(rig.kernel(), activity, 1, "disk0", offset, data).error());
        assertEquals("", client.flush(rig.kernel(), activity, 2, "disk0").error());
        byte[] now = Files.readAllBytes(image);
        assertArrayEquals(data, Arrays.copyOfRange(now, (int) offset, (int) offset + data.length));
        assertArrayEquals(Arrays.copyOf(content, (int) offset), Arrays.copyOf(now, (int) offset), "bytes before untouched");
        int end = (int) offset + data.length;
        assertArrayEquals(Arrays.copyOfRange(content, end, content.length), Arrays.copyOfRange(now, end, now.length),
                "bytes after untouched");
    }

    @Test
    void badRequestsAreAnsweredWithWhatWasWrongAndReachNoDevice() throws Exception {
        long before = rig.kernel().statistics().resource("drwr.disk0").messages();
        String misaligned = client.read(rig.kernel(), activity, 1, "disk0", 100, 512).error();
        assertTrue(misaligned.contains("unit disk0") && misaligned.contains("offset 100") && misaligned.contains("512 bytes")
                && misaligned.contains("whole 512-byte blocks"), misaligned);
        String partial = client.write(rig.kernel(), activity, 2, "disk0", 0, new byte[700]).error();
        assertTrue(partial.contains("WRITE of 700 bytes at offset 0"), partial);
        String past = client.read(rig.kernel(), activity, 3, "disk0", 6L * MIB - 512, 1024).error();
        assertTrue(past.contains("unit disk0") && past.contains("offset " + (6L * MIB - 512)) && past.contains("1024 bytes")
                && past.contains("past the unit's end at " + 6L * MIB + " bytes"), past);
        String unknown = client.read(rig.kernel(), activity, 4, "disk9", 0, 512).error();
        assertTrue(unknown.contains("no storage unit \"disk9\"") && unknown.contains("disk0"), unknown);
        assertEquals(before, rig.kernel().statistics().resource("drwr.disk0").messages(), "nothing reached DRWR");
        assertEquals("", client.read(rig.kernel(), activity, 5, "disk0", 0, 512).error(), "SDRWR serves on");
    }

    @Test
    void writesUnderOneDependencyLabelReachTheDiskInOrder() throws Exception {
        // a modelled disk serves requests one at a time in arrival order: the last write wins only if
        // the writes arrived at DRWR in the order sent
        rig.addDisk("disk1", dir.resolve("disk1.img"), Map.of("create_bytes", 8L * MIB, "model", "rotational",
                "media_mb_per_s", 2000L, "rpm", 15000, "track_to_track_us", 10L, "full_stroke_us", 100L));
        Buffer[] writes = new Buffer[40];
        for (int i = 0; i < writes.length; i++) {
            byte[] b = new byte[4096 + MIB]; // 33 disk requests each: the split keeps the order too
            Arrays.fill(b, (byte) (i + 1));
            writes[i] = Buffer.of(b);
        }
        client.start(rig.kernel(), activity, "GO_ORDERED_WRITES", 100L, "disk1", 8192L, writes);
        rig.kernel().await("40 writes answered", () -> client.answers().keySet().containsAll(
                java.util.stream.LongStream.range(100, 140).boxed().toList()));
        client.answers().forEach((tag, a) -> assertEquals("", a.error(), "write " + tag));
        IoClient.Answer back = client.read(rig.kernel(), activity, 1, "disk1", 8192, 4096 + MIB);
        for (byte x : back.data()) {
            assertEquals(40, x, "the last write is on the disk");
        }
        assertEquals(0, rig.sdrwrLabelsInFlight(), "the label map is empty once every write is answered");
    }

    @Test
    void aUnitGoesAwayWithItsDeviceAndItsRequestInFlightIsAnsweredWithAnError() throws Exception {
        // 1 MB/s: a 1 MiB read is still at the device when it leaves
        rig.addDisk("slow0", dir.resolve("slow.img"), Map.of("create_bytes", 4L * MIB, "model", "rotational",
                "media_mb_per_s", 1L));
        assertEquals(SendResult.OK, rig.kernel().kernel().send(activity, HOLDER, "GO", 0, "READ", 1L, "slow0", 0L, MIB));
        rig.kernel().await("the read is at the device", () -> rig.sdrwrInFlight() > 0);
        rig.removeDisk("slow0");
        rig.kernel().await("the read answered", () -> holder.answers.containsKey(1L));
        BufferHolder.Held answer = holder.only(1L);
        String error = answer.error();
        assertTrue(error.startsWith("unit slow0: READ of " + MIB + " bytes at offset 0:"), error);
        // answered once, after every chunk (those the device held and those still queued at DRWR): the
        // buffer the chunks filled is not handed on, for a device that went away may still write into it
        assertEquals(0, answer.chunksInFlight(), "chunks in flight when the client was answered");
        assertEquals(0, answer.data().length(), "an error answers with an empty buffer");
        assertFalse(rig.units().containsKey("slow0"), "the unit was withdrawn");
        String after = client.read(rig.kernel(), activity, 2, "slow0", 0, 512).error();
        assertTrue(after.contains("no storage unit \"slow0\""), after);
        assertEquals(0, rig.sdrwrInFlight());
    }

    @Test
    void aReadOfManyChunksIsReadIntoOneBufferInOrderThatTheClientAloneHolds() throws Exception {
        int length = 256 * 1024;
        long before = drwrMessages("disk0");
        BufferHolder.Held a = holder.call(activity, "READ", 1, "disk0", 4096L, length);
        assertEquals("", a.error());
        assertDrwrMessages("disk0", before, 8);
        byte[] got = new byte[length];
        a.data().view().get(got);
        assertArrayEquals(Arrays.copyOfRange(content, 4096, 4096 + length), got);
        // one buffer, unshared and unsliced: nobody else refers to it, so the client may write into it
        assertEquals(1, a.data().refCount());
        assertFalse(a.data().isSliced());
        a.data().writableView().put(0, (byte) 1);
        assertEquals(0, a.chunksInFlight());
    }

    @Test
    void aChunkTheDiskFailsAnswersTheReadOnceWithTheErrorAndNoBuffer() throws Exception {
        Path shortImage = dir.resolve("short.img");
        Files.write(shortImage, Arrays.copyOf(content, MIB));
        rig.addDisk("short0", shortImage, Map.of());
        // the image loses its last 16 KiB under the running disk: reading them is a real medium error
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(shortImage,
                java.nio.file.StandardOpenOption.WRITE)) {
            c.truncate(MIB - 16 * 1024);
        }
        int length = 256 * 1024;
        BufferHolder.Held a = holder.call(activity, "READ", 1, "short0", (long) MIB - length, length);
        assertTrue(a.error().startsWith("unit short0: READ of " + length + " bytes at offset " + (MIB - length) + ": ")
                && a.error().contains("end of image"), a.error());
        assertEquals(0, a.data().length(), "the partly filled buffer is not handed on");
        assertEquals(0, a.chunksInFlight(), "answered after every chunk");
        BufferHolder.Held whole = holder.call(activity, "READ", 2, "short0", 0L, length);
        assertEquals("", whole.error(), "the unit serves on where the image is whole");
        byte[] got = new byte[length];
        whole.data().view().get(got);
        assertArrayEquals(Arrays.copyOf(content, length), got);
    }

    @Test
    void aWriteOfManyChunksSendsSlicesOfTheClientsBufferNotCopies() throws Exception {
        byte[] bytes = new byte[96 * 1024 + 512];
        new Random(11).nextBytes(bytes);
        Buffer data = Buffer.of(bytes);
        long before = drwrMessages("disk0");
        assertEquals("", holder.call(activity, "WRITE", 1, "disk0", 8192L, data).error());
        assertDrwrMessages("disk0", before, 4);
        assertTrue(data.isSliced(), "the chunks shared the client's bytes");
        BufferHolder.Held back = holder.call(activity, "READ", 2, "disk0", 8192L, bytes.length);
        byte[] got = new byte[bytes.length];
        back.data().view().get(got);
        assertArrayEquals(bytes, got);
    }
}
