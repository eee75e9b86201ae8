package org.omnikernel.resource.process.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.spi.KernelObject;

/** A process's RIDs (seed §3.2.1, §3.3.1): numbers, from 1, naming the kernel objects it holds. Thread-safe. */
final class RidTable {

    /** Holds a reserved RID until its object exists. */
    private static final KernelObject PLACEHOLDER = new KernelObject() {
        @Override
        public String kind() {
            return "reserved";
        }

        @Override
        public org.omnikernel.syscall.Result<Void> close() {
            return org.omnikernel.syscall.Result.ok();
        }
    };

    private final Map<Long, KernelObject> objects = new LinkedHashMap<>();
    private long next = 1;
    private boolean closed;

    /** @return the new RID, or null once the table is closed (the process is ending) */
    synchronized Rid add(KernelObject o) {
        if (closed) {
            return null;
        }
        Rid r = new Rid(next++);
        objects.put(r.value(), o);
        return r;
    }

    /**
     * @param rid  a RID
     * @param kind the kind the caller needs, or null for any
     * @return the object; {@link Err#BAD_RID} or {@link Err#WRONG_KIND}
     */
    synchronized Result<KernelObject> get(Rid rid, String kind) {
        KernelObject o = rid == null ? null : objects.get(rid.value());
        if (o == null) {
            return Result.error(Err.BAD_RID, (rid == null ? "no RID" : rid) + " is not open in this process");
        }
        if (kind != null && !o.kind().equals(kind)) {
            return Result.error(Err.WRONG_KIND, rid + " is a " + o.kind() + ", not a " + kind);
        }
        return Result.ok(o);
    }

    /** @return a RID held for an object that {@link #fill} will give it, or null once closed */
    synchronized Rid reserve() {
        return add(PLACEHOLDER);
    }

    /** Gives a reserved RID its object; a table closed meanwhile closes the object instead. */
    synchronized void fill(Rid rid, KernelObject o) {
        if (!objects.replace(rid.value(), PLACEHOLDER, o)) {
            o.close();
        }
    }

    /** @return the RID of an object, or {@link Rid#NONE} */
    synchronized Rid find(KernelObject o) {
        for (Map.Entry<Long, KernelObject> e : objects.entrySet()) {
            if (e.getValue() == o) {
                return new Rid(e.getKey());
            }
        }
        return Rid.NONE;
    }

    synchronized void remove(Rid rid) {
        objects.remove(rid.value());
    }

    /** Closes the table: no RID can be added; returns what it held, in the order opened. */
    synchronized List<KernelObject> drain() {
        closed = true;
        List<KernelObject> all = new ArrayList<>(objects.values());
        objects.clear();
        return all;
    }

    synchronized int size() {
        return objects.size();
    }
}
