package org.omnikernel.resource.scsi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnikernel.driver.scsi.ImageAdapters;
import org.omnikernel.hal.device.ScsiHostAdapter;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.resource.blockdev.BlockProtocol;
import org.omnikernel.resource.blockdev.ScsiProtocol;
import org.omnikernel.resource.blockdev.internal.BlockDevices;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.storage.UnitProtocol;

/**
 * A real kernel running the real blockdev resources (drwr.scsi0, dir.scsi0) and SCSIR over the real
 * driver-scsi adapter, whose LUNs are image files in a temporary directory: SCSIR probes them, registers
 * the disks, and a client resource reads and writes them through UnitProtocol; the image files are the
 * oracle.
 */
class ScsiResourceTest {

    private static final String GRID = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
            + "<resourcescheduler resource='*' scheduler='okrt.fifo' core='0-?'/></schedulerconfig>";
    private static final String CLIENT = "test.client";
    private static final int BS = 512;

    @TempDir
    Path dir;
    private KernelRig rig;
    private Activity infrastructure;
    private final Map<String, ScsiUnit> registered = new ConcurrentHashMap<>();
    private final Map<Long, String> answers = new ConcurrentHashMap<>();
    private final Map<Long, byte[]> data = new ConcurrentHashMap<>();
    private final List<Long> answerOrder = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        if (rig != null) {
            rig.close();
        }
    }

    /** Boots the kernel with SCSIR and the device resources, then adds the adapter and waits for the probe. */
    private void boot(ScsiHostAdapter adapter, int expectedUnits) throws Exception {
        rig = KernelRig.boot(GRID, 2, Set.of("drwr.*", "dir.*", ScsiResource.NAME, CLIENT), new FifoScheduler());
        rig.kernel().attach(client()).orElseThrow();
        ScsiResource scsir = new ScsiResource(unit -> {
            registered.put(unit.name(), unit);
            return () -> registered.remove(unit.name());
        }, name -> rig.kernel().resourceId(name).isPresent());
        rig.kernel().attach(scsir).orElseThrow();
        infrastructure = rig.createActivity("scsir.infrastructure", Parameters.EMPTY);
        BlockDevices devices = new BlockDevices(rig.kernel(), resource -> {
            ResourceContext ctx = rig.kernel().attach(resource).orElseThrow();
            return () -> rig.kernel().detach(ctx.name());
        });
        rig.kernel().machine().devices().addListener(devices);
        rig.kernel().machine().devices().addListener(new ScsiAdapters(rig.kernel(), scsir, infrastructure));
        rig.kernel().machine().devices().add(adapter, "test");
        rig.await(expectedUnits + " units registered", () -> registered.size() == expectedUnits);
    }

    private Resource client() {
        return () -> ResourceInterface.named(CLIENT)
                .request("READ_GO", (ctx, m) -> ctx.send(ScsiResource.NAME, UnitProtocol.READ, m.arguments().toArray()),
                        Long.class, String.class, Long.class, Integer.class)
                .request("WRITE_GO", (ctx, m) -> ctx.send(ScsiResource.NAME, UnitProtocol.WRITE, m.arguments().toArray()),
                        Long.class, String.class, Long.class, Buffer.class)
                .request("FLUSH_GO", (ctx, m) -> ctx.send(ScsiResource.NAME, UnitProtocol.FLUSH, m.arguments().toArray()),
                        Long.class, String.class)
                .request("EXECUTE_GO", (ctx, m) -> ctx.send(BlockProtocol.readWrite("scsi0"), ScsiProtocol.EXECUTE,
                        m.arguments().toArray()), Long.class, Integer.class, byte[].class, Buffer.class, Integer.class)
                .request(ScsiProtocol.DONE, (ctx, m) -> {
                    long tag = m.argument(0, Long.class);
                    Buffer b = m.argument(2, Buffer.class);
                    byte[] bytes = new byte[b.length()];
                    b.view().get(bytes);
                    data.put(tag, bytes);
                    answers.put(tag, m.argument(1, Integer.class) + " " + m.argument(4, String.class));
                }, Long.class, Integer.class, Buffer.class, byte[].class, String.class)
                .request(UnitProtocol.DONE, (ctx, m) -> {
                    long tag = m.argument(0, Long.class);
                    Buffer b = m.argument(1, Buffer.class);
                    byte[] bytes = new byte[b.length()];
                    b.view().get(bytes);
                    data.put(tag, bytes);
                    answerOrder.add(tag);
                    answers.put(tag, m.argument(2, String.class));
                }, Long.class, Buffer.class, String.class)
                .build();
    }

    private Path image(String name, int bytes, long seed) throws Exception {
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    private ScsiHostAdapter adapter(int queueDepth, Path... luns) {
        return ImageAdapters.create("scsi0", List.of(luns), BS, queueDepth, false);
    }

    private void read(Activity a, long tag, String unit, long offset, int length) {
        assertEquals(SendResult.OK, rig.kernel().send(a, CLIENT, "READ_GO", 0, tag, unit, offset, length));
    }

    private void write(Activity a, long tag, String unit, long offset, byte[] bytes) {
        assertEquals(SendResult.OK, rig.kernel().send(a, CLIENT, "WRITE_GO", 0, tag, unit, offset, Buffer.of(bytes)));
    }

    private String awaitAnswer(long tag) throws InterruptedException {
        rig.await("the answer to request " + tag, () -> answers.containsKey(tag));
        return answers.get(tag);
    }

    @Test
    void probingRegistersEveryDiskWithItsCapacityAndInquiryDescription() throws Exception {
        boot(adapter(8, image("lun0.img", 1 << 20, 1), image("lun1.img", 256 * 1024, 2)), 2);
        ScsiUnit u0 = registered.get("scsi0.0");
        ScsiUnit u1 = registered.get("scsi0.1");
        assertEquals(2048, u0.blocks());
        assertEquals(512, u1.blocks());
        assertEquals(BS, u0.blockSize());
        assertEquals(ScsiResource.NAME, u0.resource());
        assertFalse(u0.readOnly(), "the unit did not report write protection");
        assertEquals("OMNIKERN VIRTUAL DISK 0001, serial scsi0-1, scsi0 LUN 1", u1.description());
        assertTrue(rig.statistics().activity(infrastructure.id()).messages() > 0,
                "the probe's commands were charged to the infrastructure activity");
    }

    @Test
    void bytesReadThroughTheUnitEqualTheImageAndWritesLandInIt() throws Exception {
        Path lun0 = image("lun0.img", 1 << 20, 3);
        boot(adapter(8, lun0), 1);
        Activity a = rig.createActivity("reader", Parameters.EMPTY);
        read(a, 1, "scsi0.0", 0, 1 << 20); // four 256 KiB pieces
        read(a, 2, "scsi0.0", 3 * 4096, 4096);
        assertEquals("", awaitAnswer(1));
        assertEquals("", awaitAnswer(2));
        byte[] file = Files.readAllBytes(lun0);
        assertArrayEquals(file, data.get(1L));
        assertArrayEquals(Arrays.copyOfRange(file, 3 * 4096, 4 * 4096), data.get(2L));

        byte[] written = new byte[300 * 1024]; // two pieces, the second not a whole 256 KiB
        new Random(9).nextBytes(written);
        write(a, 3, "scsi0.0", 8192, written);
        assertEquals("", awaitAnswer(3));
        assertEquals(SendResult.OK, rig.kernel().send(a, CLIENT, "FLUSH_GO", 0, 4L, "scsi0.0"));
        assertEquals("", awaitAnswer(4));
        assertArrayEquals(written, Arrays.copyOfRange(Files.readAllBytes(lun0), 8192, 8192 + written.length));
        assertEquals((1L << 20) + 4096 + written.length, rig.statistics().activity(a.id()).nbytes() / 2,
                "SCSIR and drwr each recorded the bytes moved as nbytes of the client's activity");
    }

    @Test
    void aReadPastTheCapacityIsAnsweredWithTheSenseDataInWords() throws Exception {
        boot(adapter(8, image("lun0.img", 1 << 20, 4)), 1);
        Activity a = rig.createActivity("strayer", Parameters.EMPTY);
        read(a, 1, "scsi0.0", 2047L * BS, 2 * BS);
        assertEquals("scsi0.0: ILLEGAL REQUEST, logical block address out of range (21/00) at LBA 2047", awaitAnswer(1));
        read(a, 2, "scsi0.0", 100, BS);
        assertTrue(awaitAnswer(2).contains("whole 512-byte blocks"), answers.get(2L));
        read(a, 3, "scsi9.0", 0, BS);
        assertTrue(awaitAnswer(3).contains("no SCSI unit named scsi9.0"), answers.get(3L));
    }

    @Test
    void aWriteProtectedUnitIsRegisteredReadOnlyAndRefusesWrites() throws Exception {
        Path lun0 = image("lun0.img", 64 * 1024, 10);
        byte[] before = Files.readAllBytes(lun0);
        boot(ImageAdapters.create("scsi0", List.of(lun0), BS, 4, true), 1);
        assertTrue(registered.get("scsi0.0").readOnly(), "MODE SENSE reported WP");
        Activity a = rig.createActivity("writer", Parameters.EMPTY);
        write(a, 1, "scsi0.0", 0, new byte[BS]);
        assertEquals("scsi0.0: WRITE refused, the unit is write-protected", awaitAnswer(1));
        read(a, 2, "scsi0.0", 0, BS);
        assertEquals("", awaitAnswer(2));
        assertArrayEquals(before, Files.readAllBytes(lun0));
    }

    @Test
    void drwrCarriesRawCommandsAndCutsTheDataInToWhatTheUnitSent() throws Exception {
        boot(adapter(4, image("lun0.img", 64 * 1024, 11)), 1);
        Activity a = rig.createActivity("raw", Parameters.EMPTY);
        byte[] inquiry = Cdbs.inquiry(); // asks for 96 bytes; the unit has 36
        assertEquals(SendResult.OK, rig.kernel().send(a, CLIENT, "EXECUTE_GO", 0, 1L, 0, inquiry, Buffer.allocate(0), 96));
        assertEquals("0 ", awaitAnswer(1));
        assertEquals(36, data.get(1L).length);
        assertEquals("OMNIKERN", new String(data.get(1L), 8, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(SendResult.OK, rig.kernel().send(a, CLIENT, "EXECUTE_GO", 0, 2L, 0, Cdbs.transfer(true, 0, 1),
                Buffer.allocate(BS), BS));
        assertTrue(awaitAnswer(2).startsWith(ScsiProtocol.NO_STATUS + " EXECUTE on scsi0: a command moves data one way"),
                answers.get(2L));
        assertEquals(SendResult.OK, rig.kernel().send(a, CLIENT, "EXECUTE_GO", 0, 3L, 0, Cdbs.transfer(false, 127, 2),
                Buffer.allocate(0), 2 * BS));
        assertEquals("2 ", awaitAnswer(3), "CHECK CONDITION: LBA 128 is beyond the unit");
    }

    @Test
    void aLunThatIsNotADiskIsSkipped() throws Exception {
        MisbehavingAdapter adapter = new MisbehavingAdapter(adapter(8, image("lun0.img", 64 * 1024, 5)), 5);
        boot(adapter, 1);
        // the probe is done when the disk is registered; the CD-ROM at LUN 5 came before nothing else
        assertEquals(Set.of("scsi0.0"), registered.keySet());
        Activity a = rig.createActivity("reader", Parameters.EMPTY);
        read(a, 1, "scsi0.5", 0, BS);
        assertTrue(awaitAnswer(1).contains("no SCSI unit named scsi0.5"), answers.get(1L));
    }

    @Test
    void aFullAdapterQueueRejectsAndResumesAndAnswersComeInRequestOrder() throws Exception {
        Path lun0 = image("lun0.img", 1 << 20, 6);
        boot(adapter(1, lun0), 1);
        Activity a = rig.createActivity("many", Parameters.EMPTY);
        for (long t = 1; t <= 100; t++) {
            read(a, t, "scsi0.0", ((t * 7) % 256) * 4096, 4096);
        }
        rig.await("100 reads answered", () -> answers.size() == 100);
        byte[] file = Files.readAllBytes(lun0);
        for (long t = 1; t <= 100; t++) {
            int at = (int) ((t * 7) % 256) * 4096;
            assertEquals("", answers.get(t));
            assertArrayEquals(Arrays.copyOfRange(file, at, at + 4096), data.get(t), "read " + t);
        }
        List<Long> inOrder = new ArrayList<>(answerOrder);
        List<Long> sorted = new ArrayList<>(inOrder);
        Collections.sort(sorted);
        assertEquals(sorted, inOrder, "one client's answers come in the order of its requests");
        assertTrue(rig.statistics().resource(BlockProtocol.readWrite("scsi0")).rejected() > 0,
                "the adapter's queue of one filled and drwr.scsi0 waited for dir.scsi0 to resume it");
    }

    @Test
    void aDriverThatThrowsIsAnsweredWithAnErrorAndTheKernelCarriesOn() throws Exception {
        MisbehavingAdapter adapter = new MisbehavingAdapter(adapter(4, image("lun0.img", 64 * 1024, 7)), -1);
        boot(adapter, 1);
        Activity a = rig.createActivity("unlucky", Parameters.EMPTY);
        adapter.throwOnSubmit = true;
        read(a, 1, "scsi0.0", 0, BS);
        String error = awaitAnswer(1);
        assertTrue(error.startsWith("scsi0.0: driver fault in scsi0") && error.contains("firmware bug"), error);
        adapter.throwOnSubmit = false;
        read(a, 2, "scsi0.0", 0, BS);
        assertEquals("", awaitAnswer(2));
    }

    @Test
    void aProbeThatMeetsAnAdapterStillStartingTriesAgain() throws Exception {
        MisbehavingAdapter adapter = new MisbehavingAdapter(adapter(4, image("lun0.img", 64 * 1024, 9)), -1);
        adapter.throwOnSubmit = true; // as the real adapter does when a command comes before start() returns
        Thread recovers = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            adapter.throwOnSubmit = false;
        });
        recovers.start();
        boot(adapter, 1);
        assertEquals(128, registered.get("scsi0.0").blocks());
        recovers.join();
    }

    @Test
    void anAdapterThatLeavesTakesItsUnitsAndItsPendingRequestsAreAnswered() throws Exception {
        MisbehavingAdapter adapter = new MisbehavingAdapter(adapter(2, image("lun0.img", 64 * 1024, 8)), -1);
        boot(adapter, 1);
        Activity a = rig.createActivity("stranded", Parameters.EMPTY);
        adapter.swallowCompletions = true; // the controller dies with commands in its queue
        for (long t = 1; t <= 6; t++) {
            read(a, t, "scsi0.0", (t - 1) * BS, BS);
        }
        rig.await("the reads reached drwr.scsi0", () -> rig.statistics().resource(BlockProtocol.readWrite("scsi0"))
                .messages() >= 2);
        rig.kernel().machine().devices().remove(adapter);
        rig.await("all six answered", () -> answers.size() == 6);
        for (long t = 1; t <= 6; t++) {
            assertTrue(answers.get(t).startsWith("scsi0.0: ") && answers.get(t).contains("went away"), answers.get(t));
        }
        rig.await("the unit unregistered", registered::isEmpty);
        read(a, 7, "scsi0.0", 0, BS);
        assertTrue(awaitAnswer(7).contains("no SCSI unit named scsi0.0"), answers.get(7L));
    }
}
