package org.omnikernel.resource.filecache.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.FileProtocol;
import org.omnikernel.storage.FileType;
import org.omnikernel.storage.IoReply;
import org.omnikernel.storage.MountRoute;
import org.omnikernel.syscall.Err;

/**
 * FCR's requests by path: STAT, READDIR, MKDIR, RMDIR, SYMLINK, READLINK pass to the file system with
 * the path made relative; UNLINK and RENAME of a cached file wait until its transfers drain and hold
 * new ones until they answer (seed §5.7 note 12). Runs under FCR's lock, inside its handlers.
 */
final class PathRequests {

    private final FileCacheResource fcr;

    PathRequests(FileCacheResource fcr) {
        this.fcr = fcr;
    }

    void stat(ExecutionContext c, Message m) {
        Optional<MountRoute> r = fcr.route(m, m.argument(1, String.class));
        if (r.isEmpty()) {
            return;
        }
        String res = r.get().mount().resource();
        fcr.fs(m, m.activity(), m.affinity(), null, res, FileProtocol.LSTAT, a -> {
            if (a.isOk()) {
                FileAttributes at = a.value(FileAttributes.class);
                CachedFile f = fcr.files.get(new CachedFile.Key(res, at.inode()));
                if (f != null && at.type() == FileType.FILE) {
                    f.attributes = at;
                    a = IoReply.ok(f.current());
                }
            }
            fcr.answer(m, a);
        }, r.get().relative());
    }

    /** READDIR, MKDIR, RMDIR, SYMLINK, READLINK: the same request at the file system, with the path made relative. */
    void passPath(ExecutionContext c, Message m) {
        Optional<MountRoute> r = fcr.route(m, m.argument(1, String.class));
        if (r.isEmpty()) {
            return;
        }
        String type = m.requestType();
        boolean changes = !type.equals(FileCacheProtocol.READDIR) && !type.equals(FileCacheProtocol.READLINK);
        if (changes && r.get().mount().readOnly()) {
            fcr.answer(m, IoReply.fail(Err.READ_ONLY, type + " " + m.argument(1, String.class) + ": "
                    + r.get().mount().mountPoint() + " is mounted read-only"));
            return;
        }
        List<Object> args = new ArrayList<>(m.arguments().subList(2, m.arguments().size()));
        args.add(0, r.get().relative());
        fcr.fs(m, m.activity(), m.affinity(), null, r.get().mount().resource(), type, a -> fcr.answer(m, a), args.toArray());
    }

    void unlink(ExecutionContext c, Message m) {
        Optional<MountRoute> r = fcr.route(m, m.argument(1, String.class));
        if (r.isEmpty()) {
            return;
        }
        if (r.get().mount().readOnly()) {
            fcr.answer(m, IoReply.fail(Err.READ_ONLY, "UNLINK " + m.argument(1, String.class) + ": "
                    + r.get().mount().mountPoint() + " is mounted read-only"));
            return;
        }
        String res = r.get().mount().resource();
        String rel = r.get().relative();
        fcr.fs(m, m.activity(), m.affinity(), null, res, FileProtocol.LSTAT, a -> {
            if (!a.isOk()) {
                fcr.answer(m, a);
                return;
            }
            CachedFile f = cached(res, a.value(FileAttributes.class));
            unlinkPath(m, res, rel, f, u -> fcr.answer(m, u));
        }, rel);
    }

    /** UNLINK at the file system once the file's transfers drain; a file no handle holds leaves the cache. */
    void unlinkPath(Message m, String res, String rel, CachedFile f, Consumer<IoReply> done) {
        fcr.metadata(f, () -> fcr.fs(m, m.activity(), m.affinity(), null, res, FileProtocol.UNLINK, u -> {
            if (u.isOk() && f != null) {
                gone(f);
            }
            done.accept(u);
            fcr.metaDone(f);
        }, rel));
    }

    /** A name of a file went away: with no handle open and no other link, its pages (dirty ones too) go. */
    void gone(CachedFile f) {
        if (f.attributes.links() > 1) {
            return;
        }
        // Its inode is free at the file system and may be reused: never write it back, and let a new
        // file with that inode number start a fresh entry. Open handles keep what is cached.
        f.unlinked = true;
        fcr.files.remove(f.key, f);
        f.pages.all().forEach(fcr.pool::cleaned);
        fcr.dropUnlinked(f);
    }

    void rename(ExecutionContext c, Message m) {
        String from = m.argument(1, String.class);
        String to = m.argument(2, String.class);
        Optional<MountRoute> rf = fcr.route(m, from);
        if (rf.isEmpty()) {
            return;
        }
        Optional<MountRoute> rt = fcr.route(m, to);
        if (rt.isEmpty()) {
            return;
        }
        if (!rf.get().mount().equals(rt.get().mount())) {
            fcr.answer(m, IoReply.fail(Err.NOT_PERMITTED, "RENAME " + from + " to " + to + ": they are under different mounts ("
                    + rf.get().mount().mountPoint() + ", " + rt.get().mount().mountPoint() + ")"));
            return;
        }
        if (rf.get().mount().readOnly()) {
            fcr.answer(m, IoReply.fail(Err.READ_ONLY, "RENAME " + from + ": " + rf.get().mount().mountPoint()
                    + " is mounted read-only"));
            return;
        }
        String res = rf.get().mount().resource();
        fcr.fs(m, m.activity(), m.affinity(), null, res, FileProtocol.LSTAT, a -> {
            if (!a.isOk()) {
                fcr.answer(m, a);
                return;
            }
            CachedFile moved = fcr.files.get(new CachedFile.Key(res, a.value(FileAttributes.class).inode()));
            fcr.fs(m, m.activity(), m.affinity(), null, res, FileProtocol.LSTAT, b -> {
                CachedFile replaced = b.isOk() ? cached(res, b.value(FileAttributes.class)) : null;
                renameQuiesced(m, res, rf.get().relative(), rt.get().relative(), moved, replaced == moved ? null : replaced);
            }, rt.get().relative());
        }, rf.get().relative());
    }

    /** Quiesces both fcr.files, in inode order so that two renames never wait on each other, then renames. */
    /** @return the cached file with these attributes, its link count brought up to date, or null */
    private CachedFile cached(String res, FileAttributes at) {
        CachedFile f = fcr.files.get(new CachedFile.Key(res, at.inode()));
        if (f != null && at.type() == FileType.FILE) {
            f.attributes = at;
        }
        return f;
    }

    void renameQuiesced(Message m, String res, String from, String to, CachedFile moved, CachedFile replaced) {
        CachedFile one = moved;
        CachedFile two = replaced;
        if (one != null && two != null && two.inode() < one.inode()) {
            one = replaced;
            two = moved;
        }
        CachedFile second = two;
        CachedFile first = one;
        fcr.metadata(first, () -> fcr.metadata(second, () -> fcr.fs(m, m.activity(), m.affinity(), null, res, FileProtocol.RENAME,
                r -> {
                    if (r.isOk() && replaced != null) {
                        gone(replaced);
                    }
                    fcr.answer(m, r);
                    fcr.metaDone(second);
                    fcr.metaDone(first);
                }, from, to)));
    }
}
