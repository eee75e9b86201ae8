package org.omnikernel.resource.ext2.internal;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.RequestHandler;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.storage.Volume;
import org.omnikernel.storage.VolumeProtocol;
import org.omnikernel.syscall.Err;

/**
 * EXT2R: one mounted ext2 volume as a resource of the grid, answering {@link FileProtocol} (seed §5.7).
 *
 * <pre>
 *  FileProtocol request ─► Operation (steps, each one transaction of Ext2FileSystem)
 *        │ over BlockCache (resident blocks)          BlockNotResident?
 *        │                                             └─► READ the missing blocks from STOR (adjacent ones
 *        │                                                 together), park; run the step again on arrival
 *        ▼ commit
 *  VolumeWrites: WRITE per block in the transaction's order — private blocks under the requesting
 *  activity (a label per activity and file), shared blocks under the infrastructure activity
 *  READ of file data: mapBlocks, then the data blocks straight from STOR into the answer (DataRead)
 * </pre>
 *
 * <p>Handlers may run on several cores at once; one lock guards the cache, the file system and the
 * bookkeeping (the core's operations are short). No exception leaves a handler: a request that meets
 * one is answered IO_ERROR and the failure logged. Mount and unmount run as messages to itself under
 * the infrastructure activity, so that all of its work happens in handlers.
 */
final class Ext2Resource implements Resource {
    static final String MOUNT = "EXT2R_MOUNT";
    static final String UNMOUNT = "EXT2R_UNMOUNT";
    /** The largest READ: a file cache asks for 32 KB at a time; this bounds one answer's memory. */
    static final int MAX_READ = 16 << 20;
    /** The directory tree is walked at mount on volumes up to this size: beyond, it reads too much. */
    static final long CHECK_DIRECTORIES_UP_TO = 1L << 30;
    private static final System.Logger LOG = System.getLogger(Ext2Resource.class.getName());

    private final String name;
    private final Volume volume;
    private final org.omnikernel.storage.MountOptions options;
    private final Activity infrastructure;
    private final int cacheBlocks;
    private final LongSupplier clock;
    private final CompletableFuture<Void> mounted = new CompletableFuture<>();
    private final CompletableFuture<Void> unmounted = new CompletableFuture<>();

    private ResourceContext context;
    private VolumeLink link;
    private BlockCache cache;
    private VolumeWrites writes;
    private Ext2FileSystem fs;
    private String readOnlyReason = "";
    private boolean readOnly = true;
    private boolean unmounting;
    /** The handler running now, for answers; set under the lock. */
    private ExecutionContext current;
    /** The operation running now, whose activity pays for the private blocks it commits. */
    private Operation running;
    private BlockFetcher fetcher;

    /**
     * @param name the resource's name, {@code ext2r.VOLUME}
     * @param volume the volume
     * @param options how to mount
     * @param infrastructure the activity that pays for shared blocks, mount and unmount
     * @param cacheBlocks clean blocks the cache keeps at most
     * @param clock seconds since the epoch
     */
    Ext2Resource(String name, Volume volume, org.omnikernel.storage.MountOptions options, Activity infrastructure,
            int cacheBlocks, LongSupplier clock) {
        this.name = name;
        this.volume = volume;
        this.options = options;
        this.infrastructure = infrastructure;
        this.cacheBlocks = cacheBlocks;
        this.clock = clock;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(name).infrastructure()
                .request(FileProtocol.LOOKUP, fs(this::lookup), Long.class, String.class)
                .request(FileProtocol.LSTAT, fs(this::lstat), Long.class, String.class)
                .request(FileProtocol.STAT, fs(this::stat), Long.class, Long.class)
                .request(FileProtocol.CREATE, fs(this::create), Long.class, String.class, Integer.class, Boolean.class)
                .request(FileProtocol.MKDIR, fs(this::mkdir), Long.class, String.class, Integer.class)
                .request(FileProtocol.SYMLINK, fs(this::symlink), Long.class, String.class, String.class)
                .request(FileProtocol.LINK, fs(this::link), Long.class, String.class, String.class)
                .request(FileProtocol.UNLINK, fs(this::unlink), Long.class, String.class)
                .request(FileProtocol.RMDIR, fs(this::rmdir), Long.class, String.class)
                .request(FileProtocol.RENAME, fs(this::rename), Long.class, String.class, String.class)
                .request(FileProtocol.READDIR, fs(this::readdir), Long.class, String.class)
                .request(FileProtocol.READLINK, fs(this::readlink), Long.class, String.class)
                .request(FileProtocol.READ, fs(this::read), Long.class, Long.class, Long.class, Integer.class)
                .request(FileProtocol.WRITE, fs(this::write), Long.class, Long.class, Long.class, Buffer.class)
                .request(FileProtocol.TRUNCATE, fs(this::truncate), Long.class, Long.class, Long.class)
                .request(FileProtocol.SYNC, fs(this::sync), Long.class)
                .request(FileProtocol.STATFS, fs(this::statfs), Long.class)
                .request(VolumeProtocol.DONE, guarded(this::volumeDone), Long.class, Buffer.class, String.class)
                .request(ResourceInterface.UNDELIVERABLE, guarded(this::undeliverable), Message.class, String.class)
                .request(MOUNT, guarded(this::mount))
                .request(UNMOUNT, guarded(this::unmount))
                .build();
    }

    @Override
    public void attached(ResourceContext ctx) {
        synchronized (this) {
            this.context = ctx;
            this.link = new VolumeLink(volume.name(), ctx);
        }
    }

    /** @return completes when mounted, or fails with an {@link IllegalArgumentException} naming the problem */
    CompletableFuture<Void> mounted() {
        return mounted;
    }

    /** @return completes when unmounted: written back, marked clean, flushed */
    CompletableFuture<Void> unmounted() {
        return unmounted;
    }

    synchronized boolean readOnly() {
        return readOnly;
    }

    synchronized String readOnlyReason() {
        return readOnlyReason;
    }

    String name() {
        return name;
    }

    // ---- handlers -------------------------------------------------------------------------------

    /** A FileProtocol request: its tag first; answered FS_DONE(tag, IoReply) whatever happens. */
    private interface FileRequest {
        void handle(Message m, long tag);
    }

    private interface Body {
        void run(ExecutionContext ctx, Message m);
    }

    private RequestHandler fs(FileRequest body) {
        return (ctx, m) -> {
            synchronized (this) {
                current = ctx;
                Long given = m.argument(0, Long.class);
                long tag = given == null ? 0 : given;
                try {
                    if (fs == null) {
                        answer(m, tag, IoReply.fail(Err.IO_ERROR, name + " is not mounted"));
                    } else {
                        body.handle(m, tag);
                    }
                } catch (Ext2Exception e) {
                    answer(m, tag, Replies.failure(e));
                } catch (NullPointerException e) {
                    answer(m, tag, IoReply.fail(Err.BAD_PARAMETER, m.requestType() + " " + m.arguments()
                            + ": an argument is missing"));
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, name + ": " + m.requestType() + " failed", e);
                    answer(m, tag, IoReply.fail(Err.IO_ERROR, name + ": " + m.requestType() + " failed: " + e));
                } finally {
                    afterHandler();
                }
            }
        };
    }

    private RequestHandler guarded(Body body) {
        return (ctx, m) -> {
            synchronized (this) {
                current = ctx;
                try {
                    body.run(ctx, m);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, name + ": " + m.requestType() + " failed", e);
                } finally {
                    afterHandler();
                }
            }
        };
    }

    private void afterHandler() {
        current = null;
        // The mount check must see all it reads at once (every bitmap; the directory tree on smaller
        // volumes), so the cache is bounded only once mounted.
        if (cache != null && fs != null) {
            cache.trim();
        }
    }

    private void answer(Message m, long tag, IoReply reply) {
        SendResult r = current.reply(m, FileProtocol.DONE, tag, reply);
        if (!r.isOk()) {
            LOG.log(Level.WARNING, name + ": the answer to " + m.requestType() + " " + tag + " was not delivered: " + r);
        }
    }

    /** Runs a request's steps as one operation; its answer goes back to the sender. */
    private void perform(Message m, long tag, String fileKey, List<UnaryOperator<Object>> steps) {
        run(new Operation(m.activity(), m.affinity(), fileKey, steps, reply -> answer(m, tag, reply)));
    }

    @SafeVarargs
    private static List<UnaryOperator<Object>> steps(UnaryOperator<Object>... steps) {
        return List.of(steps);
    }

    private void lookup(Message m, long tag) {
        String path = path(m, 1);
        perform(m, tag, "", steps(x -> attributes(fs.statFollowing(path))));
    }

    private void lstat(Message m, long tag) {
        String path = path(m, 1);
        perform(m, tag, "", steps(x -> attributes(fs.stat(path))));
    }

    private void stat(Message m, long tag) {
        long ino = m.argument(1, Long.class);
        perform(m, tag, "", steps(x -> {
            if (!fs.validInode(ino)) {
                throw new Ext2Exception(Ext2Error.INVALID_ARGUMENT, "inode " + ino + " does not exist on " + volume.name());
            }
            FileStat st = fs.stat(ino);
            if (st.mode() == 0 || st.links() == 0) {
                throw new Ext2Exception(Ext2Error.NOT_FOUND, "inode " + ino + " is not in use");
            }
            return attributes(st);
        }));
    }

    private void create(Message m, long tag) {
        String path = path(m, 1);
        int permissions = m.argument(2, Integer.class);
        boolean exclusive = m.argument(3, Boolean.class);
        perform(m, tag, parentOf(path), steps(x -> {
            try {
                return fs.create(path, permissions);
            } catch (Ext2Exception e) {
                if (e.error() != Ext2Error.EXISTS || exclusive) {
                    throw e;
                }
                FileStat st = fs.statFollowing(path);
                if (st.isDirectory()) {
                    throw new Ext2Exception(Ext2Error.IS_DIRECTORY, "'" + path + "' is a directory");
                }
                return st.inode();
            }
        }, this::attributesOf));
    }

    private void mkdir(Message m, long tag) {
        String path = path(m, 1);
        int permissions = m.argument(2, Integer.class);
        perform(m, tag, parentOf(path), steps(x -> fs.mkdir(path, permissions), this::attributesOf));
    }

    private void symlink(Message m, long tag) {
        String path = path(m, 1);
        String target = path(m, 2);
        perform(m, tag, parentOf(path), steps(x -> fs.symlink(path, target), this::attributesOf));
    }

    private void link(Message m, long tag) {
        String existing = path(m, 1);
        String path = path(m, 2);
        perform(m, tag, parentOf(path), steps(x -> {
            fs.link(existing, path);
            return null;
        }, x -> attributes(fs.stat(path))));
    }

    private void unlink(Message m, long tag) {
        String path = path(m, 1);
        perform(m, tag, parentOf(path), steps(x -> {
            fs.unlink(path);
            return null;
        }));
    }

    private void rmdir(Message m, long tag) {
        String path = path(m, 1);
        perform(m, tag, parentOf(path), steps(x -> {
            fs.rmdir(path);
            return null;
        }));
    }

    private void rename(Message m, long tag) {
        String from = path(m, 1);
        String to = path(m, 2);
        perform(m, tag, parentOf(from), steps(x -> {
            fs.rename(from, to);
            return null;
        }));
    }

    private void readdir(Message m, long tag) {
        String path = path(m, 1);
        perform(m, tag, "", steps(x -> {
            List<org.omnikernel.storage.DirEntry> out = new ArrayList<>();
            for (DirEntry e : fs.readdir(path)) {
                if (e.name().equals(".") || e.name().equals("..")) {
                    continue;
                }
                org.omnikernel.storage.FileType type = Replies.entryType(e.fileType());
                if (type == null) {
                    type = Replies.type(fs.stat(e.inode()).mode());
                }
                out.add(new org.omnikernel.storage.DirEntry(e.name(), e.inode(), type));
            }
            return List.copyOf(out);
        }));
    }

    private void readlink(Message m, long tag) {
        String path = path(m, 1);
        perform(m, tag, "", steps(x -> fs.readlink(path)));
    }

    private void read(Message m, long tag) {
        long ino = m.argument(1, Long.class);
        long offset = m.argument(2, Long.class);
        int length = m.argument(3, Integer.class);
        if (offset < 0 || length < 0 || length > MAX_READ) {
            answer(m, tag, IoReply.fail(Err.BAD_PARAMETER, "READ of inode " + ino + ": offset " + offset + ", length "
                    + length + " (a READ moves 0.." + MAX_READ + " bytes from a non-negative offset)"));
            return;
        }
        Activity activity = m.activity();
        perform(m, tag, "inode:" + ino, steps(x -> {
            FileStat st = regularFile(ino);
            int n = (int) Math.max(0, Math.min(length, st.size() - offset));
            if (n == 0) {
                return Buffer.allocate(0);
            }
            int bs = cache.blockSize();
            long first = offset / bs;
            long last = (offset + n - 1) / bs;
            long[] physical = fs.mapBlocks(ino, first, (int) (last - first + 1));
            DataRead.start(cache, link, activity, m.affinity(), offset, n, first, physical, reply -> answer(m, tag, reply));
            return Operation.LATER;
        }));
    }

    private void write(Message m, long tag) {
        long ino = m.argument(1, Long.class);
        long offset = m.argument(2, Long.class);
        Buffer data = m.argument(3, Buffer.class);
        if (data == null) {
            answer(m, tag, IoReply.fail(Err.BAD_PARAMETER, "WRITE of inode " + ino + " without data"));
            return;
        }
        perform(m, tag, "inode:" + ino, steps(x -> {
            fs.write(ino, offset, data.view().order(ByteOrder.LITTLE_ENDIAN));
            return ino;
        }, this::attributesOf));
    }

    private void truncate(Message m, long tag) {
        long ino = m.argument(1, Long.class);
        long size = m.argument(2, Long.class);
        perform(m, tag, "inode:" + ino, steps(x -> {
            fs.truncate(ino, size);
            return ino;
        }, this::attributesOf));
    }

    private void sync(Message m, long tag) {
        writes.sync(m.activity(), m.affinity(), failed -> answer(m, tag, failed == null ? IoReply.ok(null)
                : IoReply.fail(Err.IO_ERROR, failed)));
    }

    private void statfs(Message m, long tag) {
        perform(m, tag, "", steps(x -> {
            FsStats s = fs.statfs();
            return new org.omnikernel.storage.FsStats(s.blockSize(), s.blocks(), s.freeBlocks(), s.inodes(),
                    s.freeInodes(), s.readOnly());
        }));
    }

    private FileStat regularFile(long ino) {
        if (!fs.validInode(ino)) {
            throw new Ext2Exception(Ext2Error.INVALID_ARGUMENT, "inode " + ino + " does not exist on " + volume.name());
        }
        FileStat st = fs.stat(ino);
        if (st.isDirectory()) {
            throw new Ext2Exception(Ext2Error.IS_DIRECTORY, "inode " + ino + " is a directory");
        }
        if (!st.isRegularFile()) {
            throw new Ext2Exception(Ext2Error.INVALID_ARGUMENT, String.format(
                    "inode %d is not a regular file (mode 0%o)", ino, st.mode()));
        }
        return st;
    }

    private Object attributesOf(Object ino) {
        return attributes(fs.stat((Long) ino));
    }

    private org.omnikernel.storage.FileAttributes attributes(FileStat st) {
        return Replies.attributes(st, cache.blockSize());
    }

    private static String path(Message m, int index) {
        String p = m.argument(index, String.class);
        if (p == null) {
            throw new Ext2Exception(Ext2Error.INVALID_PATH, "no path given");
        }
        return p;
    }

    /** @return the directory a path's last name is entered in: the key of the private blocks a name change writes */
    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/', path.length() - 2);
        return "dir:" + (slash <= 0 ? "/" : path.substring(0, slash));
    }

    // ---- operations and block fetches -----------------------------------------------------------

    private void run(Operation op) {
        Operation outer = running;
        running = op;
        try {
            op.run();
        } catch (BlockNotResident miss) {
            park(op, miss.blocks());
        } catch (Ext2Exception e) {
            op.fail(Replies.failure(e));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, name + ": an operation failed", e);
            op.fail(IoReply.fail(Err.IO_ERROR, name + ": " + e));
        } finally {
            running = outer;
        }
    }

    private void park(Operation op, long[] blocks) {
        if (!fetcher.park(op, blocks)) {
            run(op); // everything arrived meanwhile
        }
    }

    private void volumeDone(ExecutionContext ctx, Message m) {
        long tag = m.argument(0, Long.class);
        if (link == null || !link.answered(tag, m.argument(1, Buffer.class), m.argument(2, String.class))) {
            LOG.log(Level.WARNING, name + ": an answer from the volume with tag " + tag + " nobody waits for");
        }
    }

    private void undeliverable(ExecutionContext ctx, Message m) {
        Message lost = m.argument(0, Message.class);
        String reason = m.argument(1, String.class);
        if (!lost.arguments().isEmpty() && lost.arguments().get(0) instanceof Long tag && link != null) {
            link.answered(tag, null, "volume " + volume.name() + ": " + lost.requestType() + " was not delivered: " + reason);
        }
    }

    /** Called by the committing core operation (inside {@link #run}): the writes go to the volume in order. */
    private void committed(CommittedTransaction tx) {
        Operation by = running != null ? running
                : new Operation(infrastructure, 0, "", List.of(), r -> { });
        for (BlockWrite w : tx.writes()) {
            fetcher.committed(w.block());
        }
        writes.committed(tx, by);
    }

    // ---- mount and unmount ------------------------------------------------------------------------

    private void mount(ExecutionContext ctx, Message m) {
        if (!fromOwner(m) || fs != null || mounted.isDone()) {
            return;
        }
        // The superblock lies at byte 1024; its block size is not known yet: read what holds it.
        int length = Math.max(2048, volume.blockSize());
        link.read(infrastructure, 0, 0, length, this::superblockArrived);
    }

    private void superblockArrived(VolumeLink.Answer a) {
        if (!a.ok() || a.data() == null || a.data().length() < 2048) {
            refuse(a.ok() ? "the volume is shorter than a superblock" : a.error());
            return;
        }
        ByteBuffer sb = a.data().view().order(ByteOrder.LITTLE_ENDIAN).slice(Superblock.OFFSET, Superblock.SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
        int bs;
        try {
            bs = Superblock.probeBlockSize(sb);
        } catch (Ext2Exception e) {
            refuse(e.getMessage());
            return;
        }
        if (bs < volume.blockSize() || bs % volume.blockSize() != 0) {
            refuse("its " + bs + "-byte blocks are not a multiple of the volume's " + volume.blockSize() + "-byte blocks");
            return;
        }
        cache = new BlockCache(bs, volume.size() / bs, !volume.readOnly(), cacheBlocks);
        writes = new VolumeWrites(cache, link, context, infrastructure);
        fetcher = new BlockFetcher(name, cache, link, 2L * cacheBlocks + 64, this::run, infrastructure);
        MountOptions core = new MountOptions(options.readOnly() || volume.readOnly(), options.force(),
                volume.size() <= CHECK_DIRECTORIES_UP_TO, clock);
        Ext2FileSystem[] made = new Ext2FileSystem[1];
        run(new Operation(infrastructure, 0, "", steps(x -> made[0] = Ext2FileSystem.mount(cache, core, this::committed),
                x -> made[0].statfs()),
                reply -> {
                    if (!reply.isOk()) {
                        refuse(reply.message());
                        return;
                    }
                    fs = made[0];
                    String reason = ((FsStats) reply.value()).readOnlyReason();
                    readOnly = reason != null;
                    readOnlyReason = options.readOnly() || reason == null ? "" : reason;
                    // Mounted once the not-clean mark is on the volume.
                    writes.sync(infrastructure, 0, failed -> {
                        if (failed != null) {
                            refuse(failed);
                        } else {
                            mounted.complete(null);
                        }
                    });
                }));
    }

    private void refuse(String why) {
        fs = null;
        mounted.completeExceptionally(new IllegalArgumentException("volume " + volume.name() + ": " + why));
    }

    private void unmount(ExecutionContext ctx, Message m) {
        if (!fromOwner(m) || unmounting) {
            return;
        }
        unmounting = true;
        if (fs == null) {
            unmounted.complete(null);
            return;
        }
        run(new Operation(infrastructure, 0, "", steps(x -> {
            fs.unmount();
            return null;
        }), reply -> {
            if (!reply.isOk()) {
                unmounted.completeExceptionally(new IllegalStateException("volume " + volume.name()
                        + ": unmount failed: " + reply.message()));
                return;
            }
            writes.sync(infrastructure, 0, failed -> {
                if (failed != null) {
                    unmounted.completeExceptionally(new IllegalStateException(failed));
                } else {
                    unmounted.complete(null);
                }
            });
        }));
    }

    /** Mount and unmount come from the owner: from outside the grid, under the infrastructure activity. */
    private boolean fromOwner(Message m) {
        return m.activity().id() == infrastructure.id()
                && (m.source() == ResourceContext.EXTERNAL || m.source() == context.id());
    }

    /** @return blocks resident now, and writes in flight: for tests and statistics */
    synchronized String describe() {
        return name + ": " + (cache == null ? 0 : cache.size()) + " blocks resident, "
                + (writes == null ? 0 : writes.sent()) + " writes sent, "
                + (writes == null ? 0 : writes.outstanding()) + " writes outstanding, "
                + (writes == null ? 0 : writes.held()) + " held behind a write of their block, "
                + (writes == null ? 0 : writes.resent()) + " written again after their activity ended, "
                + (fetcher == null ? 0 : fetcher.awaited()) + " blocks awaited";
    }
}
