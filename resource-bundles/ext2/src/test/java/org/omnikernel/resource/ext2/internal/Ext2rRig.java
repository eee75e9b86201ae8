package org.omnikernel.resource.ext2.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.storage.MountOptions;
import org.omnikernel.storage.MountedFileSystem;
import org.omnikernel.syscall.Err;

/**
 * A real OKRT kernel on two cores with the test volume resource ({@link ImageFileVolume}, named
 * {@code resource.stor}), the ext2 type, and a client resource that sends {@link FileProtocol} requests for a
 * test and hands it the answers.
 */
final class Ext2rRig implements AutoCloseable {
    static final String CLIENT = "test.fsclient";
    private static final String CALL = "CALL";
    private static final String GRID = "<schedulerconfig batch='4'><cpuscheduler scheduler='okrt.fifo' core='0-?'/>"
            + "<resourcescheduler resource='*' scheduler='okrt.fifo' core='0-?'/></schedulerconfig>";
    private static final long WAIT_SECONDS = 60;

    final KernelRig rig;
    final ImageFileVolume volume;
    final Ext2Type type;
    final Activity activity;
    private final Map<Long, CompletableFuture<IoReply>> answers = new ConcurrentHashMap<>();
    private final AtomicLong tags = new AtomicLong();
    private String resource;

    /**
     * @param image the image file the volume serves
     * @param readOnly whether the volume refuses writes
     * @param cacheBlocks EXT2R's cache size
     */
    Ext2rRig(Path image, boolean readOnly, int cacheBlocks) throws java.io.IOException {
        this(image, readOnly, cacheBlocks, GRID);
    }

    /**
     * @param image the image file the volume serves
     * @param readOnly whether the volume refuses writes
     * @param cacheBlocks EXT2R's cache size
     * @param grid the kernel's schedulerconfig, which may name {@code ext2r.image0} and use
     *        {@code okrt.fifo} and {@link NamedFifo#NAME}
     */
    Ext2rRig(Path image, boolean readOnly, int cacheBlocks, String grid) throws java.io.IOException {
        rig = KernelRig.boot(grid, 2, Set.of(CLIENT, org.omnikernel.storage.VolumeProtocol.RESOURCE, "ext2r.image0"),
                new FifoScheduler(), new NamedFifo());
        volume = new ImageFileVolume(image, "image0", 512, readOnly);
        rig.kernel().attach(volume).orElseThrow();
        Resource client = () -> ResourceInterface.named(CLIENT)
                .request(CALL, (ctx, m) -> {
                    @SuppressWarnings("unchecked")
                    List<Object> args = m.argument(2, List.class);
                    SendResult r = ctx.send(m.argument(0, String.class), m.argument(1, String.class), args.toArray());
                    if (!r.isOk()) {
                        answers.get((Long) args.get(0)).complete(IoReply.fail(Err.IO_ERROR, "send refused: " + r));
                    }
                }, String.class, String.class, List.class)
                .request(FileProtocol.DONE, (ctx, m) -> answers.get(m.argument(0, Long.class))
                        .complete(m.argument(1, IoReply.class)), Long.class, IoReply.class)
                .build();
        rig.kernel().attach(client).orElseThrow();
        type = new Ext2Type(rig.kernel(), "okrt.fifo", 100, 8, cacheBlocks, () -> 1_800_000_000L);
        activity = rig.createActivity("tester", Parameters.EMPTY);
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    MountedFileSystem mount(MountOptions options) throws Exception {
        MountedFileSystem m = await(type.mount(volume.volume(), options));
        resource = m.resource();
        return m;
    }

    /** Sends a request to the mounted file system for {@link #activity}; the tag is added first. */
    IoReply call(String type, Object... args) {
        return callAs(activity, type, args);
    }

    IoReply callAs(Activity who, String type, Object... args) {
        try {
            return callAsync(who, type, args).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(type + " " + Arrays.toString(args) + " was not answered in " + WAIT_SECONDS + " s");
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a request without waiting for its answer. */
    CompletableFuture<IoReply> callAsync(Activity who, String type, Object... args) {
        long tag = tags.incrementAndGet();
        CompletableFuture<IoReply> answer = new CompletableFuture<>();
        answers.put(tag, answer);
        Object[] all = new Object[args.length + 1];
        all[0] = tag;
        System.arraycopy(args, 0, all, 1, args.length);
        SendResult r = rig.kernel().send(who, CLIENT, CALL, 0, resource, type, Arrays.asList(all));
        if (!r.isOk()) {
            throw new AssertionError("send to the client refused: " + r);
        }
        return answer.whenComplete((v, e) -> answers.remove(tag));
    }

    /** @return the value of a request that must succeed */
    <T> T ok(Class<T> type, String request, Object... args) {
        IoReply r = call(request, args);
        if (!r.isOk()) {
            throw new AssertionError(request + " " + Arrays.toString(args) + " failed: " + r.error() + " " + r.message());
        }
        return r.value(type);
    }

    FileAttributes lookup(String path) {
        return ok(FileAttributes.class, FileProtocol.LOOKUP, path);
    }

    byte[] read(long inode, long offset, int length) {
        Buffer b = ok(Buffer.class, FileProtocol.READ, inode, offset, length);
        byte[] out = new byte[b.length()];
        b.view().get(out);
        return out;
    }

    @Override
    public void close() throws Exception {
        rig.close();
        volume.close();
    }

    /** OKRT's FIFO scheduler under another name, so that a test can tell which entry a resource got. */
    static final class NamedFifo implements org.omnikernel.okrt.scheduler.SchedulerFactory {
        static final String NAME = "test.namedfifo";
        private final FifoScheduler fifo = new FifoScheduler();

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public org.omnikernel.okrt.scheduler.Scheduler create(Parameters parameters,
                org.omnikernel.okrt.scheduler.SchedulerContext context) {
            return fifo.create(parameters, context);
        }
    }
}
