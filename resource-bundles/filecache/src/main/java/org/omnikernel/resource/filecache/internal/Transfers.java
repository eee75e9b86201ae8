package org.omnikernel.resource.filecache.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.IoReply;
import org.omnikernel.syscall.AopenFlags;
import org.omnikernel.syscall.Err;

/**
 * FCR's data path: READ from pages, fetching what is missing in runs of adjacent pages of at most
 * 256 KB (the file system reads them from the disk 32 KB at a time, seed §5.7 note 7), with read-ahead; WRITE into pages, replacing a page's buffer rather than
 * changing bytes a reader holds. Runs under FCR's lock, inside its handlers.
 */
final class Transfers {

    private final FileCacheResource fcr;

    Transfers(FileCacheResource fcr) {
        this.fcr = fcr;
    }

    void read(ExecutionContext c, Message m) {
        Handle h = fcr.handle(m);
        if (h == null) {
            return;
        }
        CachedFile f = fcr.fileOf(m, h);
        long off = m.argument(2, Long.class);
        int len = m.argument(3, Integer.class);
        if (f == null) {
            return;
        }
        if (off < 0 || len < 0) {
            fcr.answer(m, IoReply.fail(Err.BAD_PARAMETER, "READ of " + h + " at offset " + off + " length " + len
                    + ": neither may be negative"));
            return;
        }
        if (!fcr.admit(f, () -> read(c, m))) {
            return;
        }
        if (off >= f.size || len == 0) {
            fcr.answer(m, IoReply.ok(Buffer.allocate(0)));
            return;
        }
        // At most MAX_READ per answer (a short READ; the reader asks again), so one request cannot
        // pin an unbounded number of pages.
        int n = (int) Math.min(Math.min(len, FileCacheResource.MAX_READ), f.size - off);
        long first = off / Page.SIZE;
        long last = (off + n - 1) / Page.SIZE;
        long ahead = last;
        int window = h.readAheadFor(off, fcr.config);
        if (window > 0 && !f.pages.containsKey(last + (window + 1) / 2)) {
            // Sequential, and less than half the window is cached ahead: fetch up to a window ahead,
            // in runs of at most 32 KB, all sent now, so that many are in flight at once.
            ahead = Math.min(last + window, (f.size - 1) / Page.SIZE);
        }
        h.nextOffset = off + n;
        boolean nocache = h.has(AopenFlags.FILE_NOCACHE);
        List<Page> fetchedForMe = new ArrayList<>();
        bringIn(m, f, first, last, nocache ? last : ahead, m.activity(), fetchedForMe, c2 -> {
            if (!c2.isOk()) {
                fcr.answer(m, c2);
                return;
            }
            fcr.answer(m, IoReply.ok(copyOut(f, off, n)));
            fcr.ctx.record(Metric.NBYTES, n);
            if (nocache) {
                fetchedForMe.stream().filter(Page::evictable).forEach(fcr.pool::remove);
                fcr.forgetIfIdle(f);
            }
        });
    }

    /**
     * Makes pages {@code first..last} of a file present, fetching the missing ones (and those up to
     * {@code ahead}, not waited for) in runs of adjacent pages of at most {@value FileCacheResource#MAX_READ_RUN} pages; a page
     * another request is already fetching is waited for, not fetched again. The pages are pinned until
     * {@code ready} has run.
     */
    void bringIn(Message m, CachedFile f, long first, long last, long ahead, Activity a, List<Page> fetched,
            Consumer<IoReply> ready) {
        List<Page> needed = new ArrayList<>();
        List<Page> missing = new ArrayList<>();
        for (long i = first; i <= ahead; i++) {
            Page p = f.pages.get(i);
            if (p == null) {
                p = new Page(f, i);
                f.pages.put(i, p);
                fcr.pool.add(p, a);
                missing.add(p);
                fetched.add(p);
            }
            if (i <= last) {
                needed.add(p);
                p.pins++;
                if (p.fetching()) {
                    fcr.misses++;
                } else {
                    fcr.hits++;
                }
            }
        }
        int[] waiting = {0};
        IoReply[] failure = {null};
        Runnable finish = () -> {
            needed.forEach(p -> p.pins--);
            ready.accept(failure[0] == null ? IoReply.ok(null) : failure[0]);
            fcr.enforceCapacity();
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

    /**
     * Sends one file-system READ per run of adjacent missing pages, at most 256 KB each; the file system
     * splits each into disk requests of at most 32 KB (seed §5.7 note 7).
     */
    void fetchRuns(Message m, CachedFile f, List<Page> missing, Activity a) {
        int i = 0;
        while (i < missing.size()) {
            int j = i + 1;
            while (j < missing.size() && j - i < FileCacheResource.MAX_READ_RUN && missing.get(j).index == missing.get(j - 1).index + 1) {
                j++;
            }
            List<Page> run = List.copyOf(missing.subList(i, j));
            fcr.ioStarted(f);
            fcr.fsReads++;
            fcr.fsReadBytes += (long) run.size() * Page.SIZE;
            fcr.fs(m, a, m.affinity(), null, f.resource(), FileProtocol.READ, r -> fetched(f, run, r), f.inode(),
                    run.get(0).offset(), run.size() * Page.SIZE);
            i = j;
        }
    }

    void fetched(CachedFile f, List<Page> run, IoReply r) {
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
                fcr.pool.remove(p);
                p.arrived(r);
            }
        }
        fcr.ioEnded(f);
    }

    Buffer copyOut(CachedFile f, long off, int n) {
        long first = off / Page.SIZE;
        Page only = f.pages.get(first);
        if (n == Page.SIZE && off % Page.SIZE == 0) {
            // A whole page: lend the page's own buffer; a later write replaces it rather than change it.
            fcr.pool.touch(only);
            only.data.retain();
            return only.data;
        }
        Buffer out = Buffer.allocate(n);
        ByteBuffer dst = out.writableView();
        long pos = off;
        while (dst.hasRemaining()) {
            Page p = f.pages.get(pos / Page.SIZE);
            fcr.pool.touch(p);
            int in = (int) (pos % Page.SIZE);
            int count = Math.min(Page.SIZE - in, dst.remaining());
            dst.put(p.data.view().position(in).limit(in + count));
            pos += count;
        }
        return out;
    }

    // ---- WRITE

    void write(ExecutionContext c, Message m) {
        Handle h = fcr.handle(m);
        if (h == null) {
            return;
        }
        CachedFile f = fcr.fileOf(m, h);
        if (f == null) {
            return;
        }
        long off = m.argument(2, Long.class);
        Buffer data = m.argument(3, Buffer.class);
        if (off < 0 || data == null) {
            fcr.answer(m, IoReply.fail(Err.BAD_PARAMETER, "WRITE of " + h + " at offset " + off
                    + (data == null ? " without data" : ": the offset may not be negative")));
            return;
        }
        if (h.mount.readOnly()) {
            fcr.answer(m, IoReply.fail(Err.READ_ONLY, h.path + ": " + h.mount.mountPoint() + " is mounted read-only"));
            return;
        }
        if (!fcr.admit(f, () -> write(c, m))) {
            return;
        }
        int n = data.length();
        if (n == 0) {
            fcr.answer(m, IoReply.ok(0L));
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
                fcr.pool.add(p, m.activity());
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
                            fcr.answer(m, failure[0]);
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

    void applyWrite(Message m, Handle h, CachedFile f, long off, Buffer data) {
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
                fcr.pool.add(p, m.activity());
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
            fcr.pool.written(p, m.activity());
            pos += count;
        }
        f.size = Math.max(f.size, off + n);
        f.changes.changed(); // before the answer: whoever sees the write answered sees the cookie moved
        f.lastDirtier = m.activity();
        fcr.ctx.record(Metric.NBYTES, n);
        if (h.has(AopenFlags.FILE_NOCACHE)) {
            fcr.writeBack.requestFlush(f, r -> fcr.answer(m, r.isOk() ? IoReply.ok((long) n) : r));
        } else {
            fcr.answer(m, IoReply.ok((long) n));
        }
        fcr.writeBack.armTimer();
        if (fcr.pool.dirtyBytes() > fcr.config.dirtyLimitBytes()) {
            fcr.writeBack.flushAll();
        }
        fcr.enforceCapacity();
    }
}
