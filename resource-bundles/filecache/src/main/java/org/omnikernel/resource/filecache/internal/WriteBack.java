package org.omnikernel.resource.filecache.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.DependencyLabel;
import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.IoReply;

/**
 * FCR's write-back: rounds of a file's dirty pages in page order, WRITEs of at most 32 KB under one
 * dependency label, paid by the activity that last dirtied the file, or by FCR's infrastructure
 * activity once that one has ended (a round lost with its activity runs again under the
 * infrastructure's); the timer and the dirty limit.
 * Runs under FCR's lock, inside its handlers.
 */
final class WriteBack {

    private final FileCacheResource fcr;

    WriteBack(FileCacheResource fcr) {
        this.fcr = fcr;
    }

    /** Asks for a file's dirty pages to be written back; {@code done} runs with the outcome. */
    void requestFlush(CachedFile f, Consumer<IoReply> done) {
        f.flushWaiters.add(done);
        pumpFlush(f);
    }

    void flushAll() {
        for (CachedFile f : List.copyOf(fcr.files.values())) {
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
    void pumpFlush(CachedFile f) {
        if (f.roundInFlight || f.quiescing() || f.flushWaiters.isEmpty()) {
            return;
        }
        List<Consumer<IoReply>> waiters = f.flushWaiters;
        f.flushWaiters = new ArrayList<>();
        if (f.dirtyPages == 0 || f.unlinked) {
            waiters.forEach(w -> w.accept(IoReply.ok(null)));
            return;
        }
        // pages outlive the activity that dirtied them: once it has ended, the infrastructure pays
        Activity payer = f.lastDirtier != null && f.lastDirtier.isAlive() ? f.lastDirtier : fcr.infrastructure;
        DependencyLabel label = fcr.rctx.newDependencyLabel(payer, f.inode());
        List<List<Page>> runs = dirtyRuns(f);
        if (runs.isEmpty()) {
            // Only pages past the end of file were dirty: nothing of them belongs to the file.
            f.pages.all().forEach(fcr.pool::cleaned);
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
            fcr.ioStarted(f);
            fcr.fsWrites++;
            fcr.fsWriteBytes += bytes;
            fcr.fs(null, payer, f.inode(), label, f.resource(), FileProtocol.WRITE, r -> {
                if (r.isOk()) {
                    for (int i = 0; i < run.size(); i++) {
                        Page p = run.get(i);
                        if (f.pages.get(p.index) == p && p.version == versions[i]) {
                            fcr.pool.cleaned(p);
                        }
                    }
                } else if (f.roundError == null) {
                    f.roundError = IoReply.fail(r.error(), "write-back of " + f + " at offset " + start + ": "
                            + r.message());
                }
                if (--left[0] == 0) {
                    f.roundInFlight = false;
                    if (f.roundError != null && !payer.isAlive() && fcr.infrastructure.isAlive()) {
                        // lost with the activity that paid: the pages are still dirty; the infrastructure writes them
                        f.roundError = null;
                        f.flushWaiters.addAll(0, waiters);
                        fcr.ioEnded(f);
                        pumpFlush(f);
                        return;
                    }
                    IoReply outcome = f.roundError == null ? IoReply.ok(null) : f.roundError;
                    if (f.roundError != null) {
                        f.unreportedError = f.roundError;
                    }
                    waiters.forEach(w -> w.accept(outcome));
                    fcr.enforceCapacity();
                }
                fcr.ioEnded(f);
            }, f.inode(), start, out);
        }
    }

    /** @return the file's dirty pages within its size, in page order, in runs of adjacent pages of at most 32 KB */
    static List<List<Page>> dirtyRuns(CachedFile f) {
        List<Page> dirty = f.pages.matching(p -> p.dirty && p.offset() < f.size);
        dirty.sort(Comparator.comparingLong(p -> p.index));
        List<List<Page>> runs = new ArrayList<>();
        List<Page> run = new ArrayList<>();
        for (Page p : dirty) {
            if (!run.isEmpty() && (p.index != run.get(run.size() - 1).index + 1 || run.size() == FileCacheResource.MAX_RUN)) {
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

    void armTimer() {
        long interval = fcr.config.writebackMillis();
        if (interval == 0) {
            return;
        }
        long now = System.nanoTime();
        // A tick whose activity ended never comes: re-arm once it is overdue.
        if (fcr.timerArmedAt >= 0 && now - fcr.timerArmedAt < 2 * interval * 1_000_000) {
            return;
        }
        if (fcr.ctx.sendDelayed(interval * 1000, FileCacheResource.NAME, FileCacheResource.WRITEBACK_TICK).isOk()) {
            fcr.timerArmedAt = now;
        }
    }

    void writebackTick(ExecutionContext c, Message m) {
        fcr.timerArmedAt = -1;
        flushAll();
        if (fcr.pool.dirtyBytes() > 0) {
            armTimer();
        }
    }
}
