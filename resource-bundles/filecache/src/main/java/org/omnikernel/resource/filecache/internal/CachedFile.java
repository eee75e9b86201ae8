package org.omnikernel.resource.filecache.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.omnikernel.okrt.Activity;
import org.omnikernel.storage.ChangeCookie;
import org.omnikernel.storage.FileAttributes;
import org.omnikernel.storage.IoReply;

/**
 * One file in the cache, shared by every handle open on it: its pages, the size the cache knows (which
 * runs ahead of the file system's while written data waits for write-back), and the bookkeeping that
 * keeps metadata changes apart from data transfers (seed §5.7 note 12): {@link #inflight} file-system
 * READs and WRITEs, metadata changes queued until they drain, and requests held while one runs.
 */
final class CachedFile {

    /** A file is known by its file-system resource and inode. */
    record Key(String resource, long inode) {
    }

    /** The change cookie: moved on by every change of data or size, before the change is answered. */
    static final class Changes implements ChangeCookie {
        private volatile long value;

        @Override
        public long value() {
            return value;
        }

        /** Called under FCR's lock: one writer, so a plain increment of the volatile is enough. */
        void changed() {
            value = value + 1;
        }
    }

    final Key key;
    final Changes changes = new Changes();
    FileAttributes attributes;
    long size;
    int handles;
    /** Its last name was removed: its inode is no longer its own at the file system. */
    boolean unlinked;
    final TreeMap<Long, Page> pages = new TreeMap<>();
    int dirtyPages;
    /** Pays for write-back: the activity that last dirtied a page. */
    Activity lastDirtier;

    int inflight;
    boolean metaBusy;
    final ArrayDeque<Runnable> metaQueue = new ArrayDeque<>();
    final ArrayDeque<Runnable> held = new ArrayDeque<>();

    boolean roundInFlight;
    IoReply roundError;
    List<Consumer<IoReply>> flushWaiters = new ArrayList<>();
    /** A write-back failure no FSYNC or sync close has reported yet. */
    IoReply unreportedError;

    CachedFile(Key key, FileAttributes attributes) {
        this.key = key;
        this.attributes = attributes;
        this.size = attributes.size();
    }

    String resource() {
        return key.resource();
    }

    long inode() {
        return key.inode();
    }

    /** @return whether reads, writes and write-back must wait: a metadata change runs or is queued */
    boolean quiescing() {
        return metaBusy || !metaQueue.isEmpty();
    }

    /** @return the attributes with the size the cache knows */
    FileAttributes current() {
        FileAttributes a = attributes;
        return new FileAttributes(a.inode(), a.type(), a.permissions(), size, a.links(), a.uid(), a.gid(), a.atime(),
                a.mtime(), a.ctime(), a.blocks());
    }

    IoReply takeUnreportedError() {
        IoReply e = unreportedError;
        unreportedError = null;
        return e;
    }

    @Override
    public String toString() {
        return "inode " + key.inode() + " of " + key.resource();
    }
}
