package org.omnikernel.resource.process.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.ActivityObject;
import org.omnikernel.syscall.spi.CpuAggregate;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.MessageQueue;
import org.omnikernel.syscall.spi.ProcessHandle;

/**
 * A process (seed §3.4): its RIDs, default aggregates and threads, and its end.
 *
 * <pre>
 *  main thread exits, or kill ─► ending: kill the other threads (they unwind at preemption points)
 *  last thread exits ─► REAP message to PR ─► close every RID (queues, aggregates: activities
 *  terminated, TR instances detached) ─► once all released: termination message, exit completes
 * </pre>
 */
final class ProcessImpl implements ProcessHandle {

    private final long id;
    private final String program;
    private final ProcessResource owner;
    final RidTable rids = new RidTable();
    final CpuAggregate cpua;
    final ActivityObject ioa;
    final ActivityObject mema;
    final Rid cpuaRid;
    final Rid ioaRid;
    final Rid memaRid;
    private final ExitNotice notice;
    private final Map<ActivityObject, MessageQueue> bindings = new ConcurrentHashMap<>();
    private final List<KThread> threads = new ArrayList<>();
    private final CompletableFuture<Long> exit = new CompletableFuture<>();
    private boolean ending;
    private boolean reaped;
    private Long status;
    private volatile String failure = "";

    ProcessImpl(long id, String program, ProcessResource owner, CpuAggregate cpua, ActivityObject ioa,
            ActivityObject mema, ExitNotice notice) {
        this.id = id;
        this.program = program;
        this.owner = owner;
        this.cpua = cpua;
        this.ioa = ioa;
        this.mema = mema;
        this.notice = notice;
        this.cpuaRid = rids.add(cpua);
        this.ioaRid = rids.add(ioa);
        this.memaRid = rids.add(mema);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String program() {
        return program;
    }

    @Override
    public String kind() {
        return PROCESS;
    }

    @Override
    public CpuAggregate defaultCpua() {
        return cpua;
    }

    String name() {
        return program + "." + id;
    }

    /**
     * Adopts a new thread: it ends the process when it is the main thread, and the last thread's
     * exit reaps the process.
     *
     * @return its RID, or null when the process is ending (the thread is killed)
     */
    Rid adopt(KThread t, boolean main) {
        boolean doomed;
        synchronized (this) {
            threads.add(t);
            doomed = ending;
        }
        t.onExit(s -> threadExited(t, main, s));
        Rid rid = rids.add(t);
        if (doomed || rid == null) {
            t.kill();
        }
        return rid;
    }

    private void threadExited(KThread t, boolean main, long s) {
        List<KThread> kill = List.of();
        boolean last;
        synchronized (this) {
            threads.remove(t);
            if (main && !ending) {
                ending = true;
                status = s;
                kill = new ArrayList<>(threads);
            }
            last = ending && threads.isEmpty() && !reaped;
            if (last) {
                reaped = true;
            }
        }
        kill.forEach(KThread::kill);
        if (last) {
            owner.reap(this);
        }
    }

    @Override
    public void kill(long killStatus) {
        List<KThread> kill;
        boolean last;
        synchronized (this) {
            if (!ending) {
                ending = true;
                status = killStatus;
            }
            kill = new ArrayList<>(threads);
            last = threads.isEmpty() && !reaped;
            if (last) {
                reaped = true;
            }
        }
        kill.forEach(KThread::kill);
        if (last) {
            owner.reap(this);
        }
    }

    /** REAP: closes every RID, then announces the end once every aggregate's activity is gone. */
    void release() {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        for (KernelObject o : rids.drain()) {
            o.close();
            if (o instanceof ActivityObject a) {
                released.add(a.released().toCompletableFuture());
            }
        }
        bindings.clear();
        long s;
        synchronized (this) {
            s = status == null ? Sys.EXIT_FAILED : status;
        }
        CompletableFuture.allOf(released.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            owner.forget(this);
            if (notice != null) {
                notice.send(s);
            }
            exit.complete(s);
        });
    }

    void failed(Throwable t) {
        failure = t.toString();
    }

    /**
     * Records an {@link Error} the program threw, unless the process is already ending: a kill unwinds
     * the program's threads with an Error of the thread resource's own, which is no failure of the program.
     */
    void failedUnlessEnding(Error e) {
        synchronized (this) {
            if (ending) {
                return;
            }
        }
        failed(e);
    }

    void bind(ActivityObject activity, MessageQueue queue) {
        bindings.put(activity, queue);
    }

    MessageQueue boundQueue(ActivityObject activity) {
        return bindings.get(activity);
    }

    @Override
    public CompletionStage<Long> exit() {
        return exit;
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public synchronized List<KThread> threads() {
        return List.copyOf(threads);
    }

    @Override
    public int openRids() {
        return rids.size();
    }

    /** A parent's aclose of its child's RID lets go of the RID; the child runs on. */
    @Override
    public Result<Void> close() {
        return Result.ok();
    }

    @Override
    public String toString() {
        return "process " + id + " (" + program + ")";
    }
}
