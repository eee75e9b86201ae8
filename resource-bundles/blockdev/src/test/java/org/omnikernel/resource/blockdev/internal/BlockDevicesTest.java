package org.omnikernel.resource.blockdev.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.omnikernel.hal.InterruptStatistics;
import org.omnikernel.hal.device.BlockCompletion;
import org.omnikernel.hal.device.BlockDevice;
import org.omnikernel.hal.device.BlockRequest;
import org.omnikernel.hal.device.DeviceContext;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.okrt.stats.ActivityStatistics;
import org.omnikernel.resource.blockdev.BlockProtocol;
import org.omnikernel.scheduler.testkit.KernelRig;

/**
 * A real kernel with a device whose completions come from its own thread after a delay: requests go
 * through drwr.ram0, the device's queue of two fills up, drwr rejects and waits, completions come back
 * as interrupts through dir.ram0, which answers the client under the client's activity and resumes
 * drwr. Nothing is lost, bad requests and driver faults are answered, and a device that leaves with
 * requests in flight answers them.
 */
class BlockDevicesTest {

    private static final String GRID = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
            + "<resourcescheduler resource='*' scheduler='okrt.fifo' core='0-?'/></schedulerconfig>";
    private static final String CLIENT = "test.client";
    private static final String DRWR = BlockProtocol.readWrite("ram0");

    /** A RAM disk with a queue of two that completes 200 µs after a request, from its own thread. */
    static final class SlowRam implements BlockDevice {
        final byte[] media = new byte[512 * 256];
        final ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile DeviceContext ctx;
        volatile boolean throwOnSubmit;
        volatile boolean swallowCompletions;

        @Override
        public String name() {
            return "ram0";
        }

        @Override
        public void start(DeviceContext context) {
            ctx = context;
        }

        @Override
        public void stop() {
            controller.shutdownNow();
        }

        @Override
        public int blockSize() {
            return 512;
        }

        @Override
        public long blockCount() {
            return 256;
        }

        @Override
        public int queueDepth() {
            return 2;
        }

        @Override
        public boolean submit(BlockRequest r) {
            if (throwOnSubmit) {
                throw new IllegalStateException("firmware bug");
            }
            r.checkAgainst(this);
            if (inFlight.incrementAndGet() > 2) {
                inFlight.decrementAndGet();
                return false;
            }
            controller.schedule(() -> {
                int off = (int) r.block() * 512;
                synchronized (media) {
                    if (r.op() == BlockRequest.Op.READ) {
                        r.buffer().put(media, off, r.blocks() * 512);
                    } else if (r.op() == BlockRequest.Op.WRITE) {
                        r.buffer().get(media, off, r.blocks() * 512);
                    }
                }
                inFlight.decrementAndGet();
                if (!swallowCompletions) {
                    ctx.raise(new BlockCompletion(r, null));
                }
            }, 200, TimeUnit.MICROSECONDS);
            return true;
        }
    }

    private KernelRig rig;
    private SlowRam ram;
    private BlockDevices devices;
    private final Map<Long, String> answers = new ConcurrentHashMap<>();
    private final Map<Long, byte[]> data = new ConcurrentHashMap<>();
    private final Map<Long, Long> answeredTo = new ConcurrentHashMap<>();

    @BeforeEach
    void boot() {
        rig = KernelRig.boot(GRID, 2, Set.of("drwr.*", "dir.*", CLIENT), new FifoScheduler());
        Resource client = () -> ResourceInterface.named(CLIENT)
                .request("READ_GO", (ctx, m) -> ctx.send(DRWR, BlockProtocol.READ, m.arguments().toArray()),
                        Long.class, Long.class, Integer.class)
                .request("READ_INTO_GO", (ctx, m) -> ctx.send(DRWR, BlockProtocol.READ_INTO, m.arguments().toArray()),
                        Long.class, Long.class, Integer.class, ByteBuffer.class)
                .request("WRITE_GO", (ctx, m) -> ctx.send(DRWR, BlockProtocol.WRITE, m.arguments().toArray()),
                        Long.class, Long.class, Buffer.class)
                .request(BlockProtocol.DONE, (ctx, m) -> {
                    long tag = m.argument(0, Long.class);
                    Buffer b = m.argument(1, Buffer.class);
                    byte[] bytes = new byte[b.length()];
                    b.view().get(bytes);
                    data.put(tag, bytes);
                    answeredTo.put(tag, ctx.activity().id());
                    answers.put(tag, m.argument(2, String.class));
                }, Long.class, Buffer.class, String.class)
                .build();
        rig.kernel().attach(client).orElseThrow();
        ram = new SlowRam();
        devices = new BlockDevices(rig.kernel(), resource -> {
            ResourceContext ctx = rig.kernel().attach(resource).orElseThrow();
            return () -> rig.kernel().detach(ctx.name());
        });
        rig.kernel().machine().devices().addListener(devices);
        rig.kernel().machine().devices().add(ram, "test");
    }

    @AfterEach
    void close() {
        rig.close();
    }

    private void read(Activity a, long tag, long block, int blocks) {
        assertEquals(SendResult.OK, rig.kernel().send(a, CLIENT, "READ_GO", 0, tag, block, blocks));
    }

    private void readInto(Activity a, long tag, long block, int blocks, ByteBuffer window) {
        assertEquals(SendResult.OK, rig.kernel().send(a, CLIENT, "READ_INTO_GO", 0, tag, block, blocks, window));
    }

    private void write(Activity a, long tag, long block, byte[] bytes) {
        assertEquals(SendResult.OK, rig.kernel().send(a, CLIENT, "WRITE_GO", 0, tag, block, Buffer.of(bytes)));
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    @Test
    void manyRequestsThroughAQueueOfTwoAllCompleteUnderTheirActivity() throws Exception {
        Activity a = rig.createActivity("writer", Parameters.EMPTY);
        Activity b = rig.createActivity("reader", Parameters.EMPTY);
        for (long t = 1; t <= 64; t++) {
            write(a, t, (t % 32) * 8, pattern(4096, (int) t));
        }
        rig.await("64 writes answered", () -> answers.size() == 64);
        for (long t = 1; t <= 64; t++) {
            assertEquals("", answers.get(t), "write " + t);
            assertEquals(a.id(), answeredTo.get(t), "the answer went out under the writer's activity");
        }
        for (long t = 101; t <= 132; t++) {
            read(b, t, (t - 101) * 8, 8);
        }
        rig.await("32 reads answered", () -> answers.size() == 96);
        for (long t = 101; t <= 132; t++) {
            long slot = t - 101;
            // the last write to each 8-block slot was tag slot+32 (or slot for slot 0..): tags t with t % 32 == slot
            long lastWriter = slot == 0 ? 64 : slot + 32;
            assertEquals("", answers.get(t));
            assertArrayEquals(pattern(4096, (int) lastWriter), data.get(t), "read " + t);
            assertEquals(b.id(), answeredTo.get(t));
        }
        ActivityStatistics writer = rig.statistics().activity(a.id());
        assertEquals(64L * 4096, writer.nbytes(), "drwr recorded the writer's bytes as nbytes");
        assertTrue(rig.statistics().resource(DRWR).rejected() > 0, "the device's queue of two filled and drwr waited");
        // every completion came in as a HAL interrupt, and each interrupt became one message to dir.ram0
        InterruptStatistics line = rig.kernel().machine().interrupts().statistics().stream()
                .filter(l -> l.name().equals("ram0")).findFirst().orElseThrow();
        assertEquals(96, line.raised(), "the device raised one interrupt per request: " + line);
        assertEquals(96, line.serviced(), "a core ran the low-level handler of each: " + line);
        assertEquals(0, line.failures() + line.lost(), line.toString());
        assertTrue(line.nanos() > 0, "the low-level handler's own time was measured: " + line);
        // the last INTERRUPT's handler may still be resuming drwr when its answer arrives
        rig.await("dir.ram0 ran one INTERRUPT message per interrupt",
                () -> rig.statistics().resource(BlockProtocol.interrupt("ram0")).messages() >= 96);
        assertEquals(96, rig.statistics().resource(BlockProtocol.interrupt("ram0")).messages());
    }

    @Test
    void completionsReuseAFewAffinityLabelsSpreadEvenly() {
        int[] perLabel = new int[DeviceResources.COMPLETION_ROUTES];
        for (long tag = -1000; tag < 63_000; tag++) {
            long label = DeviceResources.completionAffinity(tag);
            assertTrue(label >= 0 && label < DeviceResources.COMPLETION_ROUTES, "tag " + tag + " -> " + label);
            perLabel[(int) label]++;
        }
        // one route per label at dir.<device>, not one per request: 64 000 tags share 64 labels, 1 000 each
        for (int n : perLabel) {
            assertEquals(1000, n);
        }
    }

    @Test
    void badRequestsAndDriverFaultsAreAnsweredAndTheKernelCarriesOn() throws Exception {
        Activity a = rig.createActivity("bad", Parameters.EMPTY);
        read(a, 1, 250, 8);
        write(a, 2, 0, new byte[100]);
        read(a, 3, 0, 0);
        rig.await("three answers", () -> answers.size() == 3);
        assertTrue(answers.get(1L).contains("outside the device's 256 blocks"), answers.get(1L));
        assertTrue(answers.get(2L).contains("whole 512-byte blocks"), answers.get(2L));
        assertTrue(answers.get(3L).contains("a request moves 1 to"), answers.get(3L));
        ram.throwOnSubmit = true;
        read(a, 4, 0, 1);
        rig.await("the fault answered", () -> answers.containsKey(4L));
        assertTrue(answers.get(4L).contains("driver fault in ram0") && answers.get(4L).contains("firmware bug"), answers.get(4L));
        ram.throwOnSubmit = false;
        read(a, 5, 0, 1);
        rig.await("drwr works on", () -> "".equals(answers.get(5L)));
    }

    @Test
    void aDeviceThatLeavesAnswersItsRequestsInFlightAndItsResourcesGo() throws Exception {
        Activity a = rig.createActivity("stranded", Parameters.EMPTY);
        ram.swallowCompletions = true; // the device dies with requests in its queue
        read(a, 1, 0, 1);
        read(a, 2, 8, 1);
        rig.await("both requests with the device", () -> ram.inFlight.get() == 0
                && rig.statistics().resource(DRWR).messages() == 2);
        rig.kernel().machine().devices().remove(ram);
        rig.await("both answered", () -> answers.size() == 2);
        assertTrue(answers.get(1L).contains("ram0 went away"), answers.get(1L));
        assertEquals(a.id(), answeredTo.get(2L));
        rig.await("both resources detached", () -> rig.kernel().resourceId(DRWR).isEmpty()
                && rig.kernel().resourceId(BlockProtocol.interrupt("ram0")).isEmpty());
    }

    @Test
    void readIntoFillsTheClientsWindowsOfOneBufferAndAllocatesNothingToAnswer() throws Exception {
        Activity a = rig.createActivity("joiner", Parameters.EMPTY);
        byte[] written = pattern(8 * 512, 5);
        write(a, 1, 40, written);
        rig.await("the write answered", () -> "".equals(answers.get(1L)));
        Buffer joined = Buffer.allocate(8 * 512);
        ByteBuffer view = joined.writableView();
        // the second half first: each window lands at its own place whatever the order
        readInto(a, 2, 44, 4, view.slice(4 * 512, 4 * 512));
        readInto(a, 3, 40, 4, view.slice(0, 4 * 512));
        rig.await("both reads answered", () -> answers.containsKey(2L) && answers.containsKey(3L));
        assertEquals("", answers.get(2L));
        assertEquals("", answers.get(3L));
        assertEquals(0, data.get(2L).length, "READ_INTO answers with an empty buffer: the bytes are in the window");
        byte[] got = new byte[joined.length()];
        joined.view().get(got);
        assertArrayEquals(written, got);
        assertEquals(0, view.position(), "the client's view is not moved");
        assertEquals(1, joined.refCount(), "DRWR kept no reference to the client's buffer");
    }

    @Test
    void readIntoABadWindowIsAnsweredWithWhatWasWrong() throws Exception {
        Activity a = rig.createActivity("bad window", Parameters.EMPTY);
        readInto(a, 1, 0, 2, ByteBuffer.allocate(1000));
        readInto(a, 2, 0, 2, ByteBuffer.allocate(1024).asReadOnlyBuffer());
        readInto(a, 3, 0, 2, null);
        readInto(a, 4, 250, 8, ByteBuffer.allocate(8 * 512));
        readInto(a, 5, 0, 0, ByteBuffer.allocate(0));
        rig.await("five answers", () -> answers.size() == 5);
        assertEquals("READ_INTO of 2 blocks at block 0: the window must be 1024 writable bytes (2 × 512), got a window of "
                + "1000 bytes", answers.get(1L));
        assertTrue(answers.get(2L).endsWith("got a read-only window"), answers.get(2L));
        assertTrue(answers.get(3L).endsWith("got no window"), answers.get(3L));
        assertTrue(answers.get(4L).contains("outside the device's 256 blocks"), answers.get(4L));
        assertTrue(answers.get(5L).startsWith("READ_INTO of 0 blocks: a request moves 1 to"), answers.get(5L));
        for (long t = 1; t <= 5; t++) {
            assertEquals(0, data.get(t).length, "an error answers with an empty buffer");
        }
        assertEquals(0, ram.inFlight.get(), "nothing reached the device");
    }

    @Test
    void aReadIntoStrandedByADeviceThatLeavesIsAnsweredWithAnError() throws Exception {
        Activity a = rig.createActivity("stranded window", Parameters.EMPTY);
        ram.swallowCompletions = true;
        readInto(a, 1, 0, 1, ByteBuffer.allocate(512));
        rig.await("the request with the device", () -> ram.inFlight.get() == 0
                && rig.statistics().resource(DRWR).messages() == 1);
        rig.kernel().machine().devices().remove(ram);
        rig.await("answered", () -> answers.containsKey(1L));
        assertTrue(answers.get(1L).contains("ram0 went away"), answers.get(1L));
        assertEquals(0, data.get(1L).length);
    }
}
