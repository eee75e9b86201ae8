package org.omnikernel.resource.filecache.internal;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *                   └─ missing: runs of adjacent pages, ≤ 32 KB ─READ─► EXT2R ─FS_DONE─┘
 *  client ─WRITE─► FCR: copy into pages, dirty ─► IO_DONE(tag, bytes)
 *                   write-back (FSYNC, CLOSE sync/evict, RECLAIM, dirty limit, timer):
 *                   WRITE ≤ 32 KB in page order under one dependency label ─► EXT2R
 *  TRUNCATE, UNLINK, RENAME of a file: wait until its READs and WRITEs at EXT2R have answered, hold
 *  new ones until the change has answered (seed §5.7 note 12)
 * </pre>
 *
 * <p>Every handler runs under one lock, so FCR's state is touched by one core at a time; handlers never
 * block. Write-back is paid by the activity that last dirtied the file. Pages are dropped, least
 * recently used first, by RECLAIM (across all activities' queues) and whenever the cache is over its
 * capacity (from the activity holding the most bytes per unit of its {@code share} first).
 */
public final class FileCacheResource implements Resource {

    /** FCR's resource name. */
    public static final String NAME = FileCacheProtocol.RESOURCE;
    /** The largest file-system transfer FCR makes (seed §5.7 note 7). */
    public static final int MAX_TRANSFER = 32 * 1024;
    static final int MAX_RUN = MAX_TRANSFER / Page.SIZE;

    private static final String WRITEBACK_TICK = "WRITEBACK_TICK";
    private static final long ALL_FLAGS = AopenFlags.FILE_NOCACHE | AopenFlags.FILE_CREATE
            | AopenFlags.FILE_CREATE_DIRECTORY | AopenFlags.FILE_TRUNCATE | AopenFlags.FILE_NEXIST
            | AopenFlags.FILE_CLOSE_SYNC | AopenFlags.FILE_CLOSE_EVICT | AopenFlags.FILE_CLOSE_UNLINK;
    private static final System.Logger LOG = System.getLogger("org.omnikernel.resource.filecache");

    private record Pending(Message client, Consumer<IoReply> then) {
    }

    private final StorageService storage;
    private final FcrConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Handle> handles = new HashMap<>();
    private final Map<CachedFile.Key, CachedFile> files = new HashMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final PagePool pool = new PagePool();
    private volatile ResourceContext rctx;
    /** The handler running now (under the lock): answers go through it. */
    private ExecutionContext ctx;
    private long nextHandle;
    private long nextTag;
    private long timerArmedAt = -1;
    private long hits;
    private long misses;
    private long fsReads;
    private long fsReadBytes;
    private long fsWrites;
    private long fsWriteBytes;
    private long reclaimed;

    /**
     * @param storage STOR, whose routing table names each path's file system
     * @param config  the tunables
     */
    public FileCacheResource(StorageService storage, FcrConfig config) {
        this.storage = storage;
        this.config = config;
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME)
                .request(FileCacheProtocol.OPEN, guarded(this::open), Long.class, String.class, Long.class, Integer.class)
                .request(FileCacheProtocol.READ, guarded(this::read), Long.class, Long.class, Long.class, Integer.class)
                .request(FileCacheProtocol.WRITE, guarded(this::write), Long.class, Long.class, Long.class, Buffer.class)
                .request(FileCacheProtocol.TRUNCATE, guarded(this::truncate), Long.class, Long.class, Long.class)
                .request(FileCacheProtocol.FSTAT, guarded(this::fstat), Long.class, Long.class)
                .request(FileCacheProtocol.FSYNC, guarded(this::fsync), Long.class, Long.class)
                .request(FileCacheProtocol.CLOSE, guarded(this::close), Long.class, Long.class, Long.class)
                .request(FileCacheProtocol.STAT, guarded(this::stat), Long.class, String.class)
                .request(FileCacheProtocol.READDIR, guarded(this::passPath), Long.class, String.class)
                .request(FileCacheProtocol.MKDIR, guarded(this::passPath), Long.class, String.class, Integer.class)
                .request(FileCacheProtocol.UNLINK, guarded(this::unlink), Long.class, String.class)
                .request(FileCacheProtocol.RMDIR, guarded(this::passPath), Long.class, String.class)
                .request(FileCacheProtocol.RENAME, guarded(this::rename), Long.class, String.class, String.class)
                .request(FileCacheProtocol.SYMLINK, guarded(this::passPath), Long.class, String.class, String.class)
                .request(FileCacheProtocol.READLINK, guarded(this::passPath), Long.class, String.class)
                .request(FileCacheProtocol.RECLAIM, guarded(this::reclaim), Long.class, Long.class)
                .request(FileProtocol.DONE, guarded(this::fsDone), Long.class, IoReply.class)
                .request(WRITEBACK_TICK, guarded(this::writebackTick))
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

    private void answer(Message client, IoReply reply) {
        SendResult r = ctx.reply(client, FileCacheProtocol.DONE, client.argument(0, Long.class), reply);
        if (!r.isOk() && client.source() != ResourceContext.EXTERNAL) {
            LOG.log(Level.DEBUG, "FCR's answer to " + client.requestType() + " was not delivered: " + r);
        }
    }

    /** Sends a FileProtocol request for an activity; {@code then} runs with its answer (or why it was not sent). */
    private void fs(Message client, Activity payer, long affinity, DependencyLabel label, String resource, String type,
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

    private Optional<MountRoute> route(Message m, String path) {
        Optional<MountRoute> r = path == null ? Optional.empty() : storage.route(path);
        if (r.isEmpty()) {
            answer(m, IoReply.fail(Err.NO_SUCH_PATH, "path " + path + " is under no mount point; mounted: "
                    + storage.mounts().stream().map(x -> x.mountPoint()).toList()));
        }
        return r;
    }

    private Handle handle(Message m) {
        Long id = m.argument(1, Long.class);
        Handle h = handles.get(id);
        if (h == null) {
            answer(m, IoReply.fail(Err.BAD_PARAMETER, "no open file has handle " + id));
        }
        return h;
    }

    /** @return the open file of a handle, or null after answering that it is a directory */
    private CachedFile fileOf(Message m, Handle h) {
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

    private void forgetIfIdle(CachedFile f) {
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
                    answer(m, IoReply.ok(new FileHandle(id, path, f.current())));
                }
            });
            return;
        }
        answer(m, IoReply.ok(new FileHandle(id, path, f.current())));
    }

    // ---- note 12: metadata changes apart from data transfers

    /** @return true to go on now; false when the request was held until a metadata change has answered */
    private boolean admit(CachedFile f, Runnable retry) {
        if (f.quiescing()) {
            f.held.add(retry);
            return false;
        }
        return true;
    }

    /** Runs a metadata change of a file once its transfers have drained; it calls {@link #metaDone} when answered. */
    private void metadata(CachedFile f, Runnable change) {
        if (f == null) {
            change.run();
            return;
        }
        f.metaQueue.add(change);
        pump(f);
    }

    private void metaDone(CachedFile f) {
        if (f != null) {
            f.metaBusy = false;
            pump(f);
        }
    }

    private void ioStarted(CachedFile f) {
        f.inflight++;
    }

    private void ioEnded(CachedFile f) {
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
            pumpFlush(f);
        }
        forgetIfIdle(f);
    }

    // ---- READ

    private void read(ExecutionContext c, Message m) {
        Handle h = handle(m);
        if (h == null) {
            return;
        }
        CachedFile f = fileOf(m, h);
        long off = m.argument(2, Long.class);
        int len = m.argument(3, Integer.class);
        if (f == null) {
            return;
        }
        if (off < 0 || len < 0) {
            answer(m, IoReply.fail(Err.BAD_PARAMETER, "READ of " + h + " at offset " + off + " length " + len
                    + ": neither may be negative"));
            return;
        }
        if (!admit(f, () -> read(c, m))) {
            return;
        }
        if (off >= f.size || len == 0) {
            answer(m, IoReply.ok(Buffer.allocate(0)));
            return;
        }
        int n = (int) Math.min(len, f.size - off);
        long first = off / Page.SIZE;
        long last = (off + n - 1) / Page.SIZE;
        long ahead = last;
        int window = config.readAheadPages();
        if (off == h.nextOffset && window > 0 && !f.pages.containsKey(last + (window + 1) / 2)) {
            // Sequential, and less than half the window is cached ahead: fetch up to a window ahead.
            ahead = Math.min(last + window, (f.size - 1) / Page.SIZE);
        }
        h.nextOffset = off + n;
        boolean nocache = h.has(AopenFlags.FILE_NOCACHE);
        List<Page> fetchedForMe = new ArrayList<>();
        bringIn(m, f, first, last, nocache ? last : ahead, m.activity(), fetchedForMe, c2 -> {
            if (!c2.isOk()) {
                answer(m, c2);
                return;
            }
            answer(m, IoReply.ok(copyOut(f, off, n)));
            ctx.record(Metric.NBYTES, n);
            if (nocache) {
                fetchedForMe.stream().filter(Page::evictable).forEach(pool::remove);
                forgetIfIdle(f);
            }
        });
    }

    /**
     * Makes pages {@code first..last} of a file present, fetching the missing ones (and those up to
     * {@code ahead}, not waited for) in runs of adjacent pages of at most {@value #MAX_RUN} pages; a page
     * another request is already fetching is waited for, not fetched again. The pages are pinned until
     * {@code ready} has run.
     */
    private void bringIn(Message m, CachedFile f, long first, long last, long ahead, Activity a, List<Page> fetched,
            Consumer<IoReply> ready) {
        List<Page> needed = new ArrayList<>();
        List<Page> missing = new ArrayList<>();
        for (long i = first; i <= ahead; i++) {
            Page p = f.pages.get(i);
            if (p == null) {
                p = new Page(f, i);
                f.pages.put(i, p);
                pool.add(p, a);
                missing.add(p);
                fetched.add(p);
            }
            if (i <= last) {
                needed.add(p);
                p.pins++;
                if (p.fetching()) {
                    misses++;
                } else {
                    hits++;
                }
            }
        }
        int[] waiting = {0};
        IoReply[] failure = {null};
        Runnable finish = () -> {
            needed.forEach(p -> p.pins--);
            ready.accept(failure[0] == null ? IoReply.ok(null) : failure[0]);
            enforceCapacity();
        };
        for (Page p : needed) {
            if (p.fetching()) {
                waiting[0]++;
                p.await(outcome -> {
                    if (!outcome.isOk() && failure[0] == null) {
                        failure[0] = outcome;
                    }
                    if (--waiting[0] == 0) {
                        finish.run();
                    }
                });
            }
        }
        fetchRuns(m, f, missing, a);
        if (waiting[0] == 0) {
            finish.run();
        }
    }

    /** Sends one file-system READ per run of adjacent missing pages, at most 32 KB each (seed §5.7 note 7). */
    private void fetchRuns(Message m, CachedFile f, List<Page> missing, Activity a) {
        int i = 0;
        while (i < missing.size()) {
            int j = i + 1;
            while (j < missing.size() && j - i < MAX_RUN && missing.get(j).index == missing.get(j - 1).index + 1) {
                j++;
            }
            List<Page> run = List.copyOf(missing.subList(i, j));
            ioStarted(f);
            fsReads++;
            fsReadBytes += (long) run.size() * Page.SIZE;
            fs(m, a, m.affinity(), null, f.resource(), FileProtocol.READ, r -> fetched(f, run, r), f.inode(),
                    run.get(0).offset(), run.size() * Page.SIZE);
            i = j;
        }
    }

    private void fetched(CachedFile f, List<Page> run, IoReply r) {
        ByteBuffer src = null;
        if (r.isOk() && r.value() instanceof Buffer b) {
            src = b.view();
        } else if (r.isOk()) {
            r = IoReply.fail(Err.IO_ERROR, "file system answered READ of " + f + " without a buffer");
        }
        for (Page p : run) {
            if (src != null) {
                Buffer data = Buffer.allocate(Page.SIZE);
                int from = (int) ((p.index - run.get(0).index) * Page.SIZE);
                int count = Math.max(0, Math.min(Page.SIZE, src.limit() - from));
                if (count > 0) {
                    data.writableView().put(src.duplicate().position(from).limit(from + count));
                }
                p.data = data;
                p.arrived(IoReply.ok(null));
            } else {
                pool.remove(p);
                p.arrived(r);
            }
        }
        ioEnded(f);
    }

    private Buffer copyOut(CachedFile f, long off, int n) {
        long first = off / Page.SIZE;
        Page only = f.pages.get(first);
        if (n == Page.SIZE && off % Page.SIZE == 0) {
            // A whole page: lend the page's own buffer; a later write replaces it rather than change it.
            pool.touch(only);
            only.data.retain();
            return only.data;
        }
        Buffer out = Buffer.allocate(n);
        ByteBuffer dst = out.writableView();
        long pos = off;
        while (dst.hasRemaining()) {
            Page p = f.pages.get(pos / Page.SIZE);
            pool.touch(p);
            int in = (int) (pos % Page.SIZE);
            int count = Math.min(Page.SIZE - in, dst.remaining());
            dst.put(p.data.view().position(in).limit(in + count));
            pos += count;
        }
        return out;
    }

    // ---- WRITE

    private void write(ExecutionContext c, Message m) {
        Handle h = handle(m);
        if (h == null) {
            return;
        }
        CachedFile f = fileOf(m, h);
        if (f == null) {
            return;
        }
        long off = m.argument(2, Long.class);
        Buffer data = m.argument(3, Buffer.class);
        if (off < 0 || data == null) {
            answer(m, IoReply.fail(Err.BAD_PARAMETER, "WRITE of " + h + " at offset " + off
                    + (data == null ? " without data" : ": the offset may not be negative")));
            return;
        }
        if (h.mount.readOnly()) {
            answer(m, IoReply.fail(Err.READ_ONLY, h.path + ": " + h.mount.mountPoint() + " is mounted read-only"));
            return;
        }
        if (!admit(f, () -> write(c, m))) {
            return;
        }
        int n = data.length();
        if (n == 0) {
            answer(m, IoReply.ok(0L));
            return;
        }
        long first = off / Page.SIZE;
        long last = (off + n - 1) / Page.SIZE;
        // Pages the write covers only in part, and which hold file data, are read first.
        List<Page> missing = new ArrayList<>();
        List<Page> pinned = new ArrayList<>();
        for (long i = first; i <= last; i++) {
            Page p = f.pages.get(i);
            boolean whole = off <= i * Page.SIZE && off + n >= (i + 1) * Page.SIZE;
            if (p == null && !whole && i * Page.SIZE < f.size) {
                p = new Page(f, i);
                f.pages.put(i, p);
                pool.add(p, m.activity());
                missing.add(p);
            }
            if (p != null) {
                pinned.add(p);
            }
        }
        pinned.forEach(p -> p.pins++);
        Runnable apply = () -> {
            pinned.forEach(p -> p.pins--);
            applyWrite(m, h, f, off, data);
        };
        int[] waiting = {0};
        IoReply[] failure = {null};
        for (Page p : pinned) {
            if (p.fetching()) {
                waiting[0]++;
                p.await(o -> {
                    if (!o.isOk() && failure[0] == null) {
                        failure[0] = o;
                    }
                    if (--waiting[0] == 0) {
                        if (failure[0] != null) {
                            pinned.forEach(x -> x.pins--);
                            answer(m, failure[0]);
                        } else {
                            apply.run();
                        }
                    }
                });
            }
        }
        fetchRuns(m, f, missing, m.activity());
        if (waiting[0] == 0) {
            apply.run();
        }
    }

    private void applyWrite(Message m, Handle h, CachedFile f, long off, Buffer data) {
        ByteBuffer src = data.view();
        int n = src.remaining();
        long pos = off;
        while (src.hasRemaining()) {
            long index = pos / Page.SIZE;
            Page p = f.pages.get(index);
            if (p == null) {
                p = new Page(f, index);
                p.data = Buffer.allocate(Page.SIZE);
                f.pages.put(index, p);
                pool.add(p, m.activity());
            } else if (p.data.refCount() > 1) {
                // Lent to a reader: replace the page's buffer, never change bytes someone holds.
                Buffer copy = p.data.copy();
                p.data.release();
                p.data = copy;
            }
            int in = (int) (pos % Page.SIZE);
            int count = Math.min(Page.SIZE - in, src.remaining());
            p.data.writableView().position(in).put(src.slice(src.position(), count));
            src.position(src.position() + count);
            pool.written(p, m.activity());
            pos += count;
        }
        f.size = Math.max(f.size, off + n);
        f.lastDirtier = m.activity();
        ctx.record(Metric.NBYTES, n);
        if (h.has(AopenFlags.FILE_NOCACHE)) {
            requestFlush(f, r -> answer(m, r.isOk() ? IoReply.ok((long) n) : r));
        } else {
            answer(m, IoReply.ok((long) n));
        }
        armTimer();
        if (pool.dirtyBytes() > config.dirtyLimitBytes()) {
            flushAll();
        }
        enforceCapacity();
    }

    // ---- write-back

    /** Asks for a file's dirty pages to be written back; {@code done} runs with the outcome. */
    private void requestFlush(CachedFile f, Consumer<IoReply> done) {
        f.flushWaiters.add(done);
        pumpFlush(f);
    }

    private void flushAll() {
        for (CachedFile f : List.copyOf(files.values())) {
            if (f.dirtyPages > 0) {
                requestFlush(f, r -> { });
            }
        }
    }

    /**
     * Starts a write-back round when one is asked for and none runs: every dirty page at that moment,
     * in page order, in WRITEs of at most 32 KB under one dependency label. Requests that ask during a
     * round are served by the next, so each sees its own data on the volume.
     */
    private void pumpFlush(CachedFile f) {
        if (f.roundInFlight || f.quiescing() || f.flushWaiters.isEmpty()) {
            return;
        }
        List<Consumer<IoReply>> waiters = f.flushWaiters;
        f.flushWaiters = new ArrayList<>();
        if (f.dirtyPages == 0) {
            waiters.forEach(w -> w.accept(IoReply.ok(null)));
            return;
        }
        Activity payer = f.lastDirtier != null && f.lastDirtier.isAlive() ? f.lastDirtier : ctx.activity();
        DependencyLabel label = rctx.newDependencyLabel(payer, f.inode());
        List<List<Page>> runs = dirtyRuns(f);
        if (runs.isEmpty()) {
            // Only pages past the end of file were dirty: nothing of them belongs to the file.
            List.copyOf(f.pages.values()).forEach(pool::cleaned);
            waiters.forEach(w -> w.accept(IoReply.ok(null)));
            return;
        }
        f.roundInFlight = true;
        f.roundError = null;
        int[] left = {runs.size()};
        for (List<Page> run : runs) {
            long start = run.get(0).offset();
            int bytes = (int) Math.min((long) run.size() * Page.SIZE, f.size - start);
            Buffer out = Buffer.allocate(Math.max(bytes, 0));
            ByteBuffer dst = out.writableView();
            long[] versions = new long[run.size()];
            for (int i = 0; i < run.size() && dst.hasRemaining(); i++) {
                Page p = run.get(i);
                versions[i] = p.version;
                dst.put(p.data.view().limit(Math.min(Page.SIZE, dst.remaining())));
            }
            ioStarted(f);
            fsWrites++;
            fsWriteBytes += bytes;
            fs(null, payer, f.inode(), label, f.resource(), FileProtocol.WRITE, r -> {
                if (r.isOk()) {
                    for (int i = 0; i < run.size(); i++) {
                        Page p = run.get(i);
                        if (f.pages.get(p.index) == p && p.version == versions[i]) {
                            pool.cleaned(p);
                        }
                    }
                } else if (f.roundError == null) {
                    f.roundError = IoReply.fail(r.error(), "write-back of " + f + " at offset " + start + ": "
                            + r.message());
                }
                if (--left[0] == 0) {
                    f.roundInFlight = false;
                    IoReply outcome = f.roundError == null ? IoReply.ok(null) : f.roundError;
                    if (f.roundError != null) {
                        f.unreportedError = f.roundError;
                    }
                    waiters.forEach(w -> w.accept(outcome));
                    enforceCapacity();
                }
                ioEnded(f);
            }, f.inode(), start, out);
        }
    }

    private static List<List<Page>> dirtyRuns(CachedFile f) {
        List<List<Page>> runs = new ArrayList<>();
        List<Page> run = new ArrayList<>();
        for (Page p : f.pages.values()) {
            if (!p.dirty || p.offset() >= f.size) {
                continue;
            }
            if (!run.isEmpty() && (p.index != run.get(run.size() - 1).index + 1 || run.size() == MAX_RUN)) {
                runs.add(run);
                run = new ArrayList<>();
            }
            run.add(p);
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    private void armTimer() {
        long interval = config.writebackMillis();
        if (interval == 0) {
            return;
        }
        long now = System.nanoTime();
        // A tick whose activity ended never comes: re-arm once it is overdue.
        if (timerArmedAt >= 0 && now - timerArmedAt < 2 * interval * 1_000_000) {
            return;
        }
        if (ctx.sendDelayed(interval * 1000, NAME, WRITEBACK_TICK).isOk()) {
            timerArmedAt = now;
        }
    }

    private void writebackTick(ExecutionContext c, Message m) {
        timerArmedAt = -1;
        flushAll();
        if (pool.dirtyBytes() > 0) {
            armTimer();
        }
    }

    // ---- FSYNC, FSTAT, TRUNCATE

    private void fsync(ExecutionContext c, Message m) {
        Handle h = handle(m);
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
    private void syncFile(Message m, CachedFile f, Consumer<IoReply> done) {
        requestFlush(f, r -> {
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
        Consumer<IoReply> afterEvict = r -> {
            if (!r.isOk() || !unlink) {
                answer(m, r);
                forgetIfIdle(f);
                return;
            }
            unlinkPath(m, h.mount.resource(), h.relative, f, u -> answer(m, u));
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
            requestFlush(f, afterWriteBack);
        } else {
            afterEvict.accept(IoReply.ok(null));
        }
    }

    // ---- path requests

    private void stat(ExecutionContext c, Message m) {
        Optional<MountRoute> r = route(m, m.argument(1, String.class));
        if (r.isEmpty()) {
            return;
        }
        String res = r.get().mount().resource();
        fs(m, m.activity(), m.affinity(), null, res, FileProtocol.LSTAT, a -> {
            if (a.isOk()) {
                FileAttributes at = a.value(FileAttributes.class);
                CachedFile f = files.get(new CachedFile.Key(res, at.inode()));
                if (f != null && at.type() == FileType.FILE) {
                    f.attributes = at;
                    a = IoReply.ok(f.current());
                }
            }
            answer(m, a);
        }, r.get().relative());
    }

    /** READDIR, MKDIR, RMDIR, SYMLINK, READLINK: the same request at the file system, with the path made relative. */
    private void passPath(ExecutionContext c, Message m) {
        Optional<MountRoute> r = route(m, m.argument(1, String.class));
        if (r.isEmpty()) {
            return;
        }
        String type = m.requestType();
        boolean changes = !type.equals(FileCacheProtocol.READDIR) && !type.equals(FileCacheProtocol.READLINK);
        if (changes && r.get().mount().readOnly()) {
            answer(m, IoReply.fail(Err.READ_ONLY, type + " " + m.argument(1, String.class) + ": "
                    + r.get().mount().mountPoint() + " is mounted read-only"));
            return;
        }
        List<Object> args = new ArrayList<>(m.arguments().subList(2, m.arguments().size()));
        args.add(0, r.get().relative());
        fs(m, m.activity(), m.affinity(), null, r.get().mount().resource(), type, a -> answer(m, a), args.toArray());
    }

    private void unlink(ExecutionContext c, Message m) {
        Optional<MountRoute> r = route(m, m.argument(1, String.class));
        if (r.isEmpty()) {
            return;
        }
        if (r.get().mount().readOnly()) {
            answer(m, IoReply.fail(Err.READ_ONLY, "UNLINK " + m.argument(1, String.class) + ": "
                    + r.get().mount().mountPoint() + " is mounted read-only"));
            return;
        }
        String res = r.get().mount().resource();
        String rel = r.get().relative();
        fs(m, m.activity(), m.affinity(), null, res, FileProtocol.LSTAT, a -> {
            if (!a.isOk()) {
                answer(m, a);
                return;
            }
            CachedFile f = files.get(new CachedFile.Key(res, a.value(FileAttributes.class).inode()));
            unlinkPath(m, res, rel, f, u -> answer(m, u));
        }, rel);
    }

    /** UNLINK at the file system once the file's transfers drain; a file no handle holds leaves the cache. */
    private void unlinkPath(Message m, String res, String rel, CachedFile f, Consumer<IoReply> done) {
        metadata(f, () -> fs(m, m.activity(), m.affinity(), null, res, FileProtocol.UNLINK, u -> {
            if (u.isOk() && f != null) {
                gone(f);
            }
            done.accept(u);
            metaDone(f);
        }, rel));
    }

    /** A name of a file went away: with no handle open and no other link, its pages (dirty ones too) go. */
    private void gone(CachedFile f) {
        if (f.handles == 0 && f.attributes.links() <= 1) {
            List.copyOf(f.pages.values()).stream().filter(p -> !p.fetching()).forEach(pool::remove);
        }
    }

    private void rename(ExecutionContext c, Message m) {
        String from = m.argument(1, String.class);
        String to = m.argument(2, String.class);
        Optional<MountRoute> rf = route(m, from);
        if (rf.isEmpty()) {
            return;
        }
        Optional<MountRoute> rt = route(m, to);
        if (rt.isEmpty()) {
            return;
        }
        if (!rf.get().mount().equals(rt.get().mount())) {
            answer(m, IoReply.fail(Err.NOT_PERMITTED, "RENAME " + from + " to " + to + ": they are under different mounts ("
                    + rf.get().mount().mountPoint() + ", " + rt.get().mount().mountPoint() + ")"));
            return;
        }
        if (rf.get().mount().readOnly()) {
            answer(m, IoReply.fail(Err.READ_ONLY, "RENAME " + from + ": " + rf.get().mount().mountPoint()
                    + " is mounted read-only"));
            return;
        }
        String res = rf.get().mount().resource();
        fs(m, m.activity(), m.affinity(), null, res, FileProtocol.LSTAT, a -> {
            if (!a.isOk()) {
                answer(m, a);
                return;
            }
            CachedFile moved = files.get(new CachedFile.Key(res, a.value(FileAttributes.class).inode()));
            fs(m, m.activity(), m.affinity(), null, res, FileProtocol.LSTAT, b -> {
                CachedFile replaced = b.isOk() ? files.get(new CachedFile.Key(res, b.value(FileAttributes.class).inode()))
                        : null;
                renameQuiesced(m, res, rf.get().relative(), rt.get().relative(), moved, replaced == moved ? null : replaced);
            }, rt.get().relative());
        }, rf.get().relative());
    }

    /** Quiesces both files, in inode order so that two renames never wait on each other, then renames. */
    private void renameQuiesced(Message m, String res, String from, String to, CachedFile moved, CachedFile replaced) {
        CachedFile one = moved;
        CachedFile two = replaced;
        if (one != null && two != null && two.inode() < one.inode()) {
            one = replaced;
            two = moved;
        }
        CachedFile second = two;
        CachedFile first = one;
        metadata(first, () -> metadata(second, () -> fs(m, m.activity(), m.affinity(), null, res, FileProtocol.RENAME,
                r -> {
                    if (r.isOk() && replaced != null) {
                        gone(replaced);
                    }
                    answer(m, r);
                    metaDone(second);
                    metaDone(first);
                }, from, to)));
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
            requestFlush(f, r -> {
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
    private void enforceCapacity() {
        while (pool.bytes() > config.capacityBytes()) {
            Page p = pool.overShareVictim();
            if (p == null) {
                if (pool.dirtyBytes() > 0) {
                    flushAll();
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
