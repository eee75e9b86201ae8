package org.omnikernel.resource.filecache.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.RequestHandler;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.FileHandle;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.FileType;
import org.omnikernel.storage.IoReply;
import org.omnikernel.storage.MountRoute;
import org.omnikernel.storage.StorageService;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.Err;

/**
 * FCR, the file cache (seed §3.2.2, §3.3.1, §5.7): answers {@link FileCacheProtocol} for the files
 * under STOR's mount points, keeping their data in {@value Page#SIZE}-byte pages on a priority queue
 * per activity, and talks {@link FileProtocol} to the file-system resource each path routes to.
 *
 * <pre>
 *  client ─READ─► FCR ─ pages present ─────────────────────────────► IO_DONE(tag, Buffer)
 *                   └─ missing: runs of adjacent pages, ≤ 256 KB ─READ─► EXT2R ─FS_DONE─┘
 *                      (EXT2R reads them from the volume in requests of ≤ 32 KB, seed §5.7 note 7)
 *  client ─WRITE─► FCR: copy into pages, dirty ─► IO_DONE(tag, bytes)
 *                   write-back (FSYNC, CLOSE sync/evict, RECLAIM, dirty limit, timer):
 *                   WRITE ≤ 32 KB in page order under one dependency label ─► EXT2R
 *  TRUNCATE, UNLINK, RENAME of a file: wait until its READs and WRITEs at EXT2R have answered, hold
 *  new ones until the change has answered (seed §5.7 note 12)
 * </pre>
 *
 * <p>The data path is in {@link Transfers}, write-back in {@link WriteBack}, requests by path in
 * {@link PathRequests}; this class dispatches, keeps handles and files, and runs OPEN, CLOSE,
 * TRUNCATE, FSYNC, FSTAT, RECLAIM and the note-12 bookkeeping. Every handler runs under one lock, so FCR's state is touched by one core at a time; handlers never
 * block. Write-back is paid by the activity that last dirtied the file. Pages are dropped, least
 * recently used first, by RECLAIM (across all activities' queues) and whenever the cache is over its
 * capacity (from the activity holding the most bytes per unit of its {@code share} first).
 */
public final class FileCacheResource implements Resource {

    /** FCR's resource name. */
    public static final String NAME = FileCacheProtocol.RESOURCE;
    /** The largest WRITE FCR makes of a file system (seed §5.7 note 7). */
    public static final int MAX_TRANSFER = 32 * 1024;
    static final int MAX_RUN = MAX_TRANSFER / Page.SIZE;
    /**
     * The largest READ FCR asks a file system for. Seed §5.7 note 7 limits the coalesced requests that
     * go to the disk to 32 KB; the file system makes those (EXT2R's reads of file data are volume
     * requests of at most 32 KB, all sent at once), so FCR and the file system handle one message per
     * 256 KB of read-ahead rather than eight.
     */
    public static final int MAX_FS_READ = 256 * 1024;
    static final int MAX_READ_RUN = MAX_FS_READ / Page.SIZE;
    /** The most one READ answers with; a longer one is answered short. */
    public static final int MAX_READ = 1 << 20;

    static final String WRITEBACK_TICK = "WRITEBACK_TICK";
    /** Internal: write back every dirty page of a file system ("" for all); the future completes when done. */
    static final String WRITE_BACK_ALL = "WRITE_BACK_ALL";
    private static final long ALL_FLAGS = AopenFlags.FILE_NOCACHE | AopenFlags.FILE_CREATE
            | AopenFlags.FILE_CREATE_DIRECTORY | AopenFlags.FILE_TRUNCATE | AopenFlags.FILE_NEXIST
            | AopenFlags.FILE_CLOSE_SYNC | AopenFlags.FILE_CLOSE_EVICT | AopenFlags.FILE_CLOSE_UNLINK;
    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.filecache");

    private record Pending(Message client, Consumer<IoReply> then) {
    }

    private final StorageService storage;
    final FcrConfig config;
    /** Pays for the write-back of pages whose writer has ended: they outlive it (seed §5.7). */
    final Activity infrastructure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Handle> handles = new HashMap<>();
    final Map<CachedFile.Key, CachedFile> files = new HashMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    final PagePool pool = new PagePool();
    final Transfers transfers = new Transfers(this);
    final WriteBack writeBack = new WriteBack(this);
    final PathRequests paths = new PathRequests(this);
    volatile ResourceContext rctx;
    /** The handler running now (under the lock): answers go through it. */
    ExecutionContext ctx;
    private long nextHandle;
    private long nextTag;
    long timerArmedAt = -1;
    long hits;
    long misses;
    long fsReads;
    long fsReadBytes;
    long fsWrites;
    long fsWriteBytes;
    private long reclaimed;

    /**
     * @param storage STOR, whose routing table names each path's file system
     * @param config  the tunables
     */
    public FileCacheResource(StorageService storage, FcrConfig config, Activity infrastructure) {
        this.storage = storage;
        this.config = config;
        this.infrastructure = java.util.Objects.requireNonNull(infrastructure, "infrastructure");
    }

    /**
     * Writes back every dirty page of the files of one file system (or of all), from any thread: FCR
     * sends itself the request under its infrastructure activity, and the stage completes when the
     * file system has answered every WRITE (before an unmount, or when the kernel stops).
     *
     * @param resource the file-system resource, or empty for every one
     * @return completes when written; fails naming what could not be written
     */
    public CompletionStage<Void> writeBackAll(String resource) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ResourceContext c = rctx;
        if (c == null) {
            done.completeExceptionally(new IllegalStateException(NAME + " is not attached"));
            return done;
        }
        SendResult r = c.send(infrastructure, NAME, WRITE_BACK_ALL, 0, resource, done);
        if (!r.isOk()) {
            done.completeExceptionally(new IllegalStateException(NAME + " did not take the write-back: " + r));
        }
        return done;
    }

    private void writeBackAll(ExecutionContext c, Message m) {
        String resource = m.argument(0, String.class);
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> done = m.argument(1, CompletableFuture.class);
        List<CachedFile> dirty = files.values().stream()
                .filter(f -> f.dirtyPages > 0 && (resource.isEmpty() || f.resource().equals(resource))).toList();
        if (dirty.isEmpty()) {
            done.complete(null);
            return;
        }
        int[] left = {dirty.size()};
        List<String> failed = new ArrayList<>();
        for (CachedFile f : dirty) {
            writeBack.requestFlush(f, r -> {
                if (!r.isOk()) {
                    failed.add(r.message());
                }
                if (--left[0] == 0) {
                    if (failed.isEmpty()) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(new java.io.IOException("write-back failed: " + failed));
                    }
                }
            });
        }
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME)
                .request(FileCacheProtocol.OPEN, guarded(this::open), Long.class, String.class, Long.class, Integer.class)
                .request(FileCacheProtocol.READ, guarded(transfers::read), Long.class, Long.class, Long.class, Integer.class)
                .request(FileCacheProtocol.WRITE, guarded(transfers::write), Long.class, Long.class, Long.class, Buffer.class)
                .request(FileCacheProtocol.TRUNCATE, guarded(this::truncate), Long.class, Long.class, Long.class)
                .request(FileCacheProtocol.FSTAT, guarded(this::fstat), Long.class, Long.class)
                .request(FileCacheProtocol.FSYNC, guarded(this::fsync), Long.class, Long.class)
                .request(FileCacheProtocol.CLOSE, guarded(this::close), Long.class, Long.class, Long.class)
                .request(FileCacheProtocol.STAT, guarded(paths::stat), Long.class, String.class)
                .request(FileCacheProtocol.READDIR, guarded(paths::passPath), Long.class, String.class)
                .request(FileCacheProtocol.MKDIR, guarded(paths::passPath), Long.class, String.class, Integer.class)
                .request(FileCacheProtocol.UNLINK, guarded(paths::unlink), Long.class, String.class)
                .request(FileCacheProtocol.RMDIR, guarded(paths::passPath), Long.class, String.class)
                .request(FileCacheProtocol.RENAME, guarded(paths::rename), Long.class, String.class, String.class)
                .request(FileCacheProtocol.SYMLINK, guarded(paths::passPath), Long.class, String.class, String.class)
                .request(FileCacheProtocol.READLINK, guarded(paths::passPath), Long.class, String.class)
                .request(FileCacheProtocol.RECLAIM, guarded(this::reclaim), Long.class, Long.class)
                .request(FileProtocol.DONE, guarded(this::fsDone), Long.class, IoReply.class)
                .request(WRITEBACK_TICK, guarded(writeBack::writebackTick))
                .request(WRITE_BACK_ALL, guarded(this::writeBackAll), String.class, CompletableFuture.class)
                .request(ResourceInterface.UNDELIVERABLE, guarded(this::undeliverable), Message.class, String.class)
                .reports(Metric.NBYTES)
                .build();
    }

    @Override
    public void attached(ResourceContext context) {
        this.rctx = context;
    }

    // ---- dispatch

    private RequestHandler guarded(RequestHandler h) {
        return (c, m) -> {
            lock.lock();
            ExecutionContext outer = ctx;
            ctx = c;
            try {
                h.handle(c, m);
            } catch (Exception | LinkageError e) {
                LOG.log(Level.WARNING, "FCR failed on " + m.requestType(), e);
                if (!m.requestType().equals(FileProtocol.DONE) && !m.arguments().isEmpty()
                        && m.arguments().get(0) instanceof Long) {
                    answer(m, IoReply.fail(Err.KERNEL, "FCR failed on " + m.requestType() + ": " + e));
                }
            } finally {
                ctx = outer;
                lock.unlock();
            }
        };
    }

    void answer(Message client, IoReply reply) {
        SendResult r = ctx.reply(client, FileCacheProtocol.DONE, client.argument(0, Long.class), reply);
        if (!r.isOk() && client.source() != ResourceContext.EXTERNAL) {
            LOG.log(Level.DEBUG, "FCR's answer to " + client.requestType() + " was not delivered: " + r);
        }
    }

    /** Sends a FileProtocol request for an activity; {@code then} runs with its answer (or why it was not sent). */
    void fs(Message client, Activity payer, long affinity, DependencyLabel label, String resource, String type,
            Consumer<IoReply> then, Object... args) {
        long tag = ++nextTag;
        Object[] withTag = new Object[args.length + 1];
        withTag[0] = tag;
        System.arraycopy(args, 0, withTag, 1, args.length);
        pending.put(tag, new Pending(client, then));
        SendResult r = label == null ? rctx.send(payer, resource, type, affinity, withTag)
                : rctx.sendOrdered(label, resource, type, withTag);
        if (!r.isOk()) {
            pending.remove(tag);
            then.accept(IoReply.fail(Err.IO_ERROR, "file system " + resource + " did not take " + type + ": " + r));
        }
    }

    private void fsDone(ExecutionContext c, Message m) {
        Pending p = pending.remove(m.argument(0, Long.class));
        if (p == null) {
            LOG.log(Level.DEBUG, "FCR got an answer to no request of its own: tag " + m.argument(0, Long.class));
            return;
        }
        IoReply reply = m.argument(1, IoReply.class);
        continueWith(p, reply == null ? IoReply.fail(Err.IO_ERROR, "file system answered with no reply") : reply);
    }

    private void undeliverable(ExecutionContext c, Message m) {
        Message lost = m.argument(0, Message.class);
        if (lost.requestType().equals(WRITEBACK_TICK)) {
            // the activity that armed the timer ended: write its pages back now, under the infrastructure's
            timerArmedAt = -1;
            writeBack.flushAll();
            return;
        }
        if (lost.requestType().equals(FileCacheProtocol.DONE)) {
            LOG.log(Level.DEBUG, "FCR's answer was not delivered: " + m.argument(1, String.class));
            return;
        }
        if (!lost.arguments().isEmpty() && lost.arguments().get(0) instanceof Long tag) {
            Pending p = pending.remove(tag);
            if (p != null) {
                continueWith(p, IoReply.fail(Err.IO_ERROR, lost.requestType() + " to the file system was not delivered: "
                        + m.argument(1, String.class)));
            }
        }
    }

    private void continueWith(Pending p, IoReply reply) {
        try {
            p.then().accept(reply);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "FCR failed continuing after a file-system answer", e);
            if (p.client() != null) {
                answer(p.client(), IoReply.fail(Err.KERNEL, "FCR failed on " + p.client().requestType() + ": " + e));
            }
        }
    }

    // ---- routing and handles

    Optional<MountRoute> route(Message m, String path) {
        Optional<MountRoute> r = path == null ? Optional.empty() : storage.route(path);
        if (r.isEmpty()) {
            answer(m, IoReply.fail(Err.NO_SUCH_PATH, "path " + path + " is under no mount point; mounted: "
                    + storage.mounts().stream().map(x -> x.mountPoint()).toList()));
        }
        return r;
    }

    Handle handle(Message m) {
        Long id = m.argument(1, Long.class);
        Handle h = handles.get(id);
        if (h == null) {
            answer(m, IoReply.fail(Err.BAD_PARAMETER, "no open file has handle " + id));
        }
        return h;
    }

    /** @return the open file of a handle, or null after answering that it is a directory */
    CachedFile fileOf(Message m, Handle h) {
        if (h.file == null) {
            answer(m, IoReply.fail(Err.IS_A_DIRECTORY, h.path + " is a directory; " + m.requestType() + " needs a file"));
        }
        return h.file;
    }

    private CachedFile fileFor(String resource, FileAttributes a) {
        CachedFile f = files.computeIfAbsent(new CachedFile.Key(resource, a.inode()), k -> new CachedFile(k, a));
        if (f.pages.isEmpty() && f.handles == 0) {
            f.attributes = a;
            f.size = a.size();
        }
        return f;
    }

    /** Drops the pages of an unlinked file once no handle holds it. */
    void dropUnlinked(CachedFile f) {
        if (f.unlinked && f.handles == 0) {
            List.copyOf(f.pages.values()).stream().filter(p -> !p.fetching() && p.pins == 0).forEach(pool::remove);
        }
    }

    void forgetIfIdle(CachedFile f) {
        if (f.handles == 0 && f.pages.isEmpty() && f.inflight == 0 && !f.quiescing() && !f.roundInFlight) {
            files.remove(f.key, f);
        }
    }

    // ---- OPEN

    private void open(ExecutionContext c, Message m) {
        String path = m.argument(1, String.class);
        long flags = m.argument(2, Long.class);
        int perms = m.argument(3, Integer.class);
        String bad = badOpenFlags(flags);
        if (bad != null) {
            answer(m, IoReply.fail(Err.BAD_PARAMETER, "aopen of " + path + ": " + bad));
            return;
        }
        Optional<MountRoute> r = route(m, path);
        if (r.isEmpty()) {
            return;
        }
        MountRoute route = r.get();
        boolean changes = (flags & (AopenFlags.FILE_CREATE | AopenFlags.FILE_TRUNCATE | AopenFlags.FILE_CLOSE_UNLINK)) != 0;
        if (changes && route.mount().readOnly()) {
            answer(m, IoReply.fail(Err.READ_ONLY, path + ": " + route.mount().mountPoint() + " is mounted read-only"
                    + (route.mount().readOnlyReason().isEmpty() ? "" : " (" + route.mount().readOnlyReason() + ")")));
            return;
        }
        String res = route.mount().resource();
        Consumer<IoReply> opened = a -> opened(m, route, flags, a);
        if ((flags & AopenFlags.FILE_CREATE_DIRECTORY) != 0) {
            fs(m, m.activity(), m.affinity(), null, res, FileProtocol.MKDIR, a -> {
                if (a.error() == Err.EXISTS && (flags & AopenFlags.FILE_NEXIST) == 0) {
                    fs(m, m.activity(), m.affinity(), null, res, FileProtocol.LOOKUP, opened, route.relative());
                } else {
                    opened.accept(a);
                }
            }, route.relative(), perms);
        } else if ((flags & AopenFlags.FILE_CREATE) != 0) {
            fs(m, m.activity(), m.affinity(), null, res, FileProtocol.CREATE, opened, route.relative(), perms,
                    (flags & AopenFlags.FILE_NEXIST) != 0);
        } else {
            fs(m, m.activity(), m.affinity(), null, res, FileProtocol.LOOKUP, opened, route.relative());
        }
    }

    private static String badOpenFlags(long flags) {
        if ((flags & ~ALL_FLAGS) != 0) {
            return "unknown aopen flag bits 0x" + Long.toHexString(flags & ~ALL_FLAGS);
        }
        boolean create = (flags & AopenFlags.FILE_CREATE) != 0;
        if ((flags & AopenFlags.FILE_CREATE_DIRECTORY) != 0 && !create) {
            return "the directory flag needs create";
        }
        if ((flags & AopenFlags.FILE_NEXIST) != 0 && !create) {
            return "the exclusive flag needs create";
        }
        if ((flags & AopenFlags.FILE_CREATE_DIRECTORY) != 0 && (flags & AopenFlags.FILE_TRUNCATE) != 0) {
            return "a directory cannot be truncated";
        }
        return null;
    }

    private void opened(Message m, MountRoute route, long flags, IoReply looked) {
        String path = m.argument(1, String.class);
        if (!looked.isOk()) {
            answer(m, looked);
            return;
        }
        FileAttributes a = looked.value(FileAttributes.class);
        long id = ++nextHandle;
        if (a.type() == FileType.DIRECTORY) {
            if ((flags & AopenFlags.FILE_TRUNCATE) != 0) {
                answer(m, IoReply.fail(Err.IS_A_DIRECTORY, path + " is a directory and cannot be truncated"));
                return;
            }
            handles.put(id, new Handle(id, path, route.relative(), route.mount(), flags, null, a));
            answer(m, IoReply.ok(new FileHandle(id, path, a)));
            return;
        }
        if (a.type() != FileType.FILE) {
            answer(m, IoReply.fail(Err.BAD_PARAMETER, path + " is a " + a.type() + ", which cannot be opened"));
            return;
        }
        CachedFile f = fileFor(route.mount().resource(), a);
        Handle h = new Handle(id, path, route.relative(), route.mount(), flags, f, null);
        handles.put(id, h);
        f.handles++;
        if ((flags & AopenFlags.FILE_TRUNCATE) != 0 && f.size > 0) {
            setSize(m, f, 0, t -> {
                if (!t.isOk()) {
                    handles.remove(id);
                    f.handles--;
                    forgetIfIdle(f);
                    answer(m, t);
                } else {
                    answer(m, IoReply.ok(new FileHandle(id, path, f.current(), f.changes)));
                }
            });
            return;
        }
        answer(m, IoReply.ok(new FileHandle(id, path, f.current(), f.changes)));
    }

    // ---- note 12: metadata changes apart from data transfers

    /** @return true to go on now; false when the request was held until a metadata change has answered */
    boolean admit(CachedFile f, Runnable retry) {
        if (f.quiescing()) {
            f.held.add(retry);
            return false;
        }
        return true;
    }

    /** Runs a metadata change of a file once its transfers have drained; it calls {@link #metaDone} when answered. */
    void metadata(CachedFile f, Runnable change) {
        if (f == null) {
            change.run();
            return;
        }
        f.metaQueue.add(change);
        pump(f);
    }

    void metaDone(CachedFile f) {
        if (f != null) {
            f.metaBusy = false;
            pump(f);
        }
    }

    void ioStarted(CachedFile f) {
        f.inflight++;
    }

    void ioEnded(CachedFile f) {
        f.inflight--;
        pump(f);
    }

    private void pump(CachedFile f) {
        if (f.metaBusy) {
            return;
        }
        if (!f.metaQueue.isEmpty()) {
            if (f.inflight == 0) {
                f.metaBusy = true;
                f.metaQueue.poll().run();
            }
            return;
        }
        List<Runnable> resumed = new ArrayList<>(f.held);
        f.held.clear();
        resumed.forEach(Runnable::run);
        if (!f.quiescing()) {
            writeBack.pumpFlush(f);
        }
        forgetIfIdle(f);
    }

    // ---- FSYNC, FSTAT, TRUNCATE

    private void fsync(ExecutionContext c, Message m) {
        Handle h = handle(m);
        if (h != null && h.file == null) {
            // a directory: its entries are metadata the file system holds; have it put everything on the volume
            fs(m, m.activity(), m.affinity(), null, h.mount.resource(), FileProtocol.SYNC, r -> answer(m, r));
            return;
        }
        CachedFile f = h == null ? null : fileOf(m, h);
        if (f == null) {
            return;
        }
        if (!admit(f, () -> fsync(c, m))) {
            return;
        }
        syncFile(m, f, r -> answer(m, r));
    }

    /** Writes a file's pages back, then has the file system put everything on the volume. */
    void syncFile(Message m, CachedFile f, Consumer<IoReply> done) {
        writeBack.requestFlush(f, r -> {
            IoReply earlier = f.takeUnreportedError();
            if (!r.isOk() || earlier != null) {
                done.accept(r.isOk() ? earlier : r);
                return;
            }
            fs(m, m.activity(), m.affinity(), null, f.resource(), FileProtocol.SYNC, done);
        });
    }

    private void fstat(ExecutionContext c, Message m) {
        Handle h = handle(m);
        if (h == null) {
            return;
        }
        if (h.file == null) {
            fs(m, m.activity(), m.affinity(), null, h.mount.resource(), FileProtocol.STAT, r -> answer(m, r),
                    h.directory.inode());
            return;
        }
        CachedFile f = h.file;
        fs(m, m.activity(), m.affinity(), null, f.resource(), FileProtocol.STAT, r -> {
            if (r.isOk()) {
                f.attributes = r.value(FileAttributes.class);
                r = IoReply.ok(f.current());
            }
            answer(m, r);
        }, f.inode());
    }

    private void truncate(ExecutionContext c, Message m) {
        Handle h = handle(m);
        CachedFile f = h == null ? null : fileOf(m, h);
        if (f == null) {
            return;
        }
        long size = m.argument(2, Long.class);
        if (size < 0) {
            answer(m, IoReply.fail(Err.BAD_PARAMETER, "TRUNCATE of " + h + " to negative size " + size));
            return;
        }
        if (h.mount.readOnly()) {
            answer(m, IoReply.fail(Err.READ_ONLY, h.path + ": " + h.mount.mountPoint() + " is mounted read-only"));
            return;
        }
        setSize(m, f, size, r -> answer(m, r));
    }

    /** A metadata change: after the file's transfers drain, TRUNCATE at the file system, then the pages. */
    private void setSize(Message m, CachedFile f, long size, Consumer<IoReply> done) {
        metadata(f, () -> fs(m, m.activity(), m.affinity(), null, f.resource(), FileProtocol.TRUNCATE, r -> {
            if (r.isOk()) {
                f.attributes = r.value(FileAttributes.class);
                dropFrom(f, size);
                f.size = size;
                f.changes.changed();
                r = IoReply.ok(f.current());
            }
            done.accept(r);
            metaDone(f);
        }, f.inode(), size));
    }

    /** Drops the pages at and beyond a new end of file and clears the tail of the last one. */
    private void dropFrom(CachedFile f, long size) {
        long keep = (size + Page.SIZE - 1) / Page.SIZE;
        for (Page p : List.copyOf(f.pages.tailMap(keep).values())) {
            pool.remove(p);
        }
        Page last = size % Page.SIZE == 0 ? null : f.pages.get(size / Page.SIZE);
        if (last != null && last.data != null) {
            if (last.data.refCount() > 1) {
                Buffer copy = last.data.copy();
                last.data.release();
                last.data = copy;
            }
            int from = (int) (size % Page.SIZE);
            last.data.write(from, new byte[Page.SIZE - from], 0, Page.SIZE - from);
        }
    }

    // ---- CLOSE

    private void close(ExecutionContext c, Message m) {
        Handle h = handle(m);
        if (h == null) {
            return;
        }
        long flags = m.argument(2, Long.class);
        if ((flags & ~ALL_FLAGS) != 0) {
            answer(m, IoReply.fail(Err.BAD_PARAMETER, "CLOSE of " + h + ": unknown aopen flag bits 0x"
                    + Long.toHexString(flags & ~ALL_FLAGS)));
            return;
        }
        long all = flags | h.flags;
        handles.remove(h.id);
        CachedFile f = h.file;
        boolean sync = (all & AopenFlags.FILE_CLOSE_SYNC) != 0;
        boolean evict = (all & AopenFlags.FILE_CLOSE_EVICT) != 0;
        boolean unlink = (all & AopenFlags.FILE_CLOSE_UNLINK) != 0;
        if (f == null) {
            if (unlink) {
                fs(m, m.activity(), m.affinity(), null, h.mount.resource(), FileProtocol.RMDIR, r -> answer(m, r),
                        h.relative);
            } else {
                answer(m, IoReply.ok(null));
            }
            return;
        }
        f.handles--;
        dropUnlinked(f);
        Consumer<IoReply> afterEvict = r -> {
            if (!r.isOk() || !unlink) {
                answer(m, r);
                forgetIfIdle(f);
                return;
            }
            paths.unlinkPath(m, h.mount.resource(), h.relative, f, u -> answer(m, u));
        };
        Consumer<IoReply> afterWriteBack = r -> {
            if (r.isOk() && evict) {
                f.pages.values().stream().filter(Page::evictable).toList().forEach(pool::remove);
            }
            afterEvict.accept(r);
        };
        if (sync) {
            syncFile(m, f, afterWriteBack);
        } else if (evict) {
            writeBack.requestFlush(f, afterWriteBack);
        } else {
            afterEvict.accept(IoReply.ok(null));
        }
    }

    // ---- reclaim

    private void reclaim(ExecutionContext c, Message m) {
        long want = m.argument(1, Long.class);
        if (want < 0) {
            answer(m, IoReply.fail(Err.BAD_PARAMETER, "RECLAIM of a negative amount, " + want + " bytes"));
            return;
        }
        long freed = evictLru(want);
        if (freed >= want || pool.dirtyBytes() == 0) {
            answer(m, IoReply.ok(freed));
            return;
        }
        // Not enough clean pages: write the dirty ones back, then free what that made clean.
        List<CachedFile> dirty = files.values().stream().filter(f -> f.dirtyPages > 0).toList();
        int[] left = {dirty.size()};
        for (CachedFile f : dirty) {
            writeBack.requestFlush(f, r -> {
                if (--left[0] == 0) {
                    answer(m, IoReply.ok(freed + evictLru(want - freed)));
                }
            });
        }
    }

    /** Frees clean pages, least recently used first across every activity's queue. */
    private long evictLru(long want) {
        long freed = 0;
        while (freed < want) {
            Page p = pool.lruVictim();
            if (p == null) {
                break;
            }
            evict(p);
            freed += Page.SIZE;
        }
        return freed;
    }

    private void evict(Page p) {
        CachedFile f = p.file;
        pool.remove(p);
        reclaimed += Page.SIZE;
        forgetIfIdle(f);
    }

    /**
     * Keeps the cache within its capacity: frees the least recently used clean page of the activity
     * holding the most bytes per unit of share, until under; when only dirty pages are left, writes
     * them back and frees them once clean.
     */
    void enforceCapacity() {
        while (pool.bytes() > config.capacityBytes()) {
            Page p = pool.overShareVictim();
            if (p == null) {
                if (pool.dirtyBytes() > 0) {
                    writeBack.flushAll();
                }
                return;
            }
            evict(p);
        }
    }

    // ---- what the grid and tests see

    /** @return a snapshot of the cache and its counters */
    public FcrStats stats() {
        lock.lock();
        try {
            return new FcrStats(pool.bytes(), pool.dirtyBytes(), pool.bytesByActivity(), files.size(), handles.size(), hits,
                    misses, fsReads, fsReadBytes, fsWrites, fsWriteBytes, reclaimed);
        } finally {
            lock.unlock();
        }
    }

    /** @return the configuration in force */
    public FcrConfig config() {
        return config;
    }
}
