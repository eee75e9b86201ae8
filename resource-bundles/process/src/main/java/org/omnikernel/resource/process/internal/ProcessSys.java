package org.omnikernel.resource.process.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.Activity;
import org.omnikernel.syscall.DirectoryEntry;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.FileStatus;
import org.omnikernel.syscall.QueueMessage;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Rid;
import org.omnikernel.syscall.StreamRead;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.ThreadBody;
import org.omnikernel.syscall.spi.ActivityObject;
import org.omnikernel.syscall.spi.CpuAggregate;
import org.omnikernel.syscall.spi.FileService;
import org.omnikernel.syscall.spi.Flow;
import org.omnikernel.syscall.spi.FlowService;
import org.omnikernel.syscall.spi.IoStream;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.MessageQueue;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.ProcessSpec;
import org.omnikernel.syscall.spi.ThreadService;

/**
 * The system calls of one process. Every call runs on the calling kernel thread while it holds its
 * core (the seed's trap into the kernel), starts with a preemption point, looks its RIDs up in the
 * process's table, and answers with a {@link Result}.
 */
final class ProcessSys implements Sys {

    private final ProcessImpl process;
    private final ProcessResource pr;
    private final ThreadService threads;

    ProcessSys(ProcessImpl process, ProcessResource pr, ThreadService threads) {
        this.process = process;
        this.pr = pr;
        this.threads = threads;
    }

    /** @return the calling kernel thread after a preemption point, or null when the caller is not one */
    private KThread enter() {
        KThread self = threads.current().orElse(null);
        if (self != null) {
            self.preempt();
        }
        return self;
    }

    private static <T> Result<T> notKernelThread() {
        return Result.error(Err.NOT_A_KERNEL_THREAD, "system calls are made by the process's kernel threads");
    }

    @SuppressWarnings("unchecked")
    private <T extends KernelObject> Result<T> lookup(Rid rid, String kind) {
        return (Result<T>) process.rids.get(rid, kind);
    }

    // ---- namespace

    @Override
    public Result<Rid> aopen(String path) {
        return aopen(path, Rid.NONE, 0);
    }

    @Override
    public Result<Rid> aopen(String path, Rid ioaRid, long cookie) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<ActivityObject> ioa = ioaRid.equals(Rid.NONE) ? Result.ok(process.ioa)
                : lookup(ioaRid, KernelObject.IO_AGGREGATE);
        if (!ioa.isOk()) {
            return ioa.cast();
        }
        Result<KernelObject> o = pr.namespace().open(path, process.id(), process.name(), ioa.value().activity());
        if (!o.isOk()) {
            return o.cast();
        }
        Rid rid = process.rids.add(o.value());
        if (rid == null) {
            o.value().close();
            return Result.error(Err.GONE, process + " is ending");
        }
        MessageQueue bound = process.boundQueue(ioa.value());
        if (bound != null) {
            bound.enqueue(new QueueMessage(QueueMessage.AOPEN_DONE, cookie, rid.value()), 0, ioa.value().activity());
        }
        return Result.ok(rid);
    }

    @Override
    public Result<Void> aclose(Rid rid) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<KernelObject> o = lookup(rid, null);
        if (!o.isOk()) {
            return o.cast();
        }
        if (rid.equals(process.cpuaRid) || rid.equals(process.ioaRid) || rid.equals(process.memaRid)) {
            return Result.error(Err.NOT_PERMITTED, rid + " is a default aggregate of the process; it goes with the process");
        }
        if (o.value() instanceof KThread t && t.isAlive()) {
            return Result.error(Err.BUSY, rid + " is a live thread; join it first");
        }
        Result<Void> closed = o.value().close();
        if (closed.isOk()) {
            process.rids.remove(rid);
        }
        return closed;
    }

    // ---- files

    /** The file calls' common prologue: a kernel thread, a provider of files, the process's I/O aggregate pays. */
    private <T> Result<T> file(String call, java.util.function.BiFunction<FileService, Activity, Result<T>> op) {
        if (enter() == null) {
            return notKernelThread();
        }
        FileService files = pr.files();
        if (files == null) {
            return Result.error(Err.NO_SUCH_PATH, call + ": no file system is available (the file cache, FCR, is not running)");
        }
        return op.apply(files, process.ioa.activity());
    }

    private <T> Result<T> openFile(String call, Rid rid, java.util.function.BiFunction<FileService, KernelObject, Result<T>> op) {
        return file(call, (files, payer) -> {
            Result<KernelObject> o = lookup(rid, null);
            return o.isOk() ? op.apply(files, o.value()) : o.cast();
        });
    }

    private static Result<Void> path(String call, String path) {
        return path == null || !path.startsWith("/") ? Result.error(Err.BAD_PARAMETER, call + ": the path \"" + path
                + "\" is not absolute (such as /fs/a.txt)") : null;
    }

    @Override
    public Result<FileStatus> stat(String path) {
        Result<Void> bad = path("stat", path);
        return bad != null ? bad.cast() : file("stat", (f, payer) -> f.stat(payer, path));
    }

    @Override
    public Result<FileStatus> fstat(Rid file) {
        return openFile("fstat", file, (f, o) -> f.fstat(process.ioa.activity(), o));
    }

    @Override
    public Result<Long> changeCookie(Rid file) {
        return openFile("changeCookie", file, (f, o) -> f.changeCookie(o));
    }

    @Override
    public Result<List<DirectoryEntry>> list(String path) {
        Result<Void> bad = path("list", path);
        return bad != null ? bad.cast() : file("list", (f, payer) -> f.list(payer, path));
    }

    @Override
    public Result<FileStatus> mkdir(String path, int permissions) {
        Result<Void> bad = path("mkdir", path);
        return bad != null ? bad.cast() : file("mkdir", (f, payer) -> f.mkdir(payer, path, permissions));
    }

    @Override
    public Result<Void> unlink(String path) {
        Result<Void> bad = path("unlink", path);
        return bad != null ? bad : file("unlink", (f, payer) -> f.unlink(payer, path));
    }

    @Override
    public Result<Void> rmdir(String path) {
        Result<Void> bad = path("rmdir", path);
        return bad != null ? bad : file("rmdir", (f, payer) -> f.rmdir(payer, path));
    }

    @Override
    public Result<Void> rename(String from, String to) {
        Result<Void> bad = path("rename", from);
        if (bad == null) {
            bad = path("rename", to);
        }
        return bad != null ? bad : file("rename", (f, payer) -> f.rename(payer, from, to));
    }

    @Override
    public Result<Void> fsync(Rid file) {
        return openFile("fsync", file, (f, o) -> f.fsync(process.ioa.activity(), o));
    }

    @Override
    public Result<FileStatus> truncate(Rid file, long size) {
        return openFile("truncate", file, (f, o) -> f.truncate(process.ioa.activity(), o, size));
    }

    // ---- message queues

    @Override
    public Result<Void> enqueue(Rid mq, QueueMessage message, long delayMicros) {
        KThread self = enter();
        if (self == null) {
            return notKernelThread();
        }
        Result<MessageQueue> q = lookup(mq, KernelObject.MESSAGE_QUEUE);
        return q.isOk() ? q.value().enqueue(message, delayMicros, self.cpua().activity()) : q.cast();
    }

    @Override
    public Result<List<QueueMessage>> dequeue(Rid mq, int max, long timeoutMicros) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<MessageQueue> q = lookup(mq, KernelObject.MESSAGE_QUEUE);
        return q.isOk() ? q.value().dequeue(max, timeoutMicros) : q.cast();
    }

    @Override
    public Result<Void> bind(Rid activity, Rid mq) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<KernelObject> a = lookup(activity, null);
        if (!a.isOk()) {
            return a.cast();
        }
        if (!(a.value() instanceof ActivityObject) && !(a.value() instanceof IoStream)) {
            return Result.error(Err.WRONG_KIND, activity + " is a " + a.value().kind() + ", not an aggregate or an I/O stream");
        }
        Result<MessageQueue> q = lookup(mq, KernelObject.MESSAGE_QUEUE);
        if (!q.isOk()) {
            return q.cast();
        }
        if (a.value() instanceof IoStream s) {
            s.bind(q.value(), activity.value());
        } else {
            process.bind((ActivityObject) a.value(), q.value());
        }
        return Result.ok();
    }

    // ---- flows

    /** @return the I/O aggregate a RID names, {@link Rid#NONE} giving the process's default */
    private Result<ActivityObject> ioaOf(Rid ioaRid) {
        return ioaRid.equals(Rid.NONE) ? Result.ok(process.ioa) : lookup(ioaRid, KernelObject.IO_AGGREGATE);
    }

    /** @return the flow a RID names, checked against the I/O aggregate the call gives */
    private Result<Flow> flowOf(Rid ioaRid, Rid flowRid) {
        Result<Flow> f = lookup(flowRid, KernelObject.FLOW);
        if (!f.isOk() || ioaRid.equals(Rid.NONE)) {
            return f;
        }
        Result<ActivityObject> ioa = ioaOf(ioaRid);
        if (!ioa.isOk()) {
            return ioa.cast();
        }
        if (ioa.value() != f.value().ioa()) {
            return Result.error(Err.BAD_PARAMETER, ioaRid + " is not the I/O aggregate of " + flowRid
                    + "; a flow's messages belong to the aggregate it was created with");
        }
        return f;
    }

    @Override
    public Result<Rid> flow(Rid ioaRid, Rid sink, long flags, long cookie) {
        if (enter() == null) {
            return notKernelThread();
        }
        FlowService service = pr.flows();
        if (service == null) {
            return Result.error(Err.KERNEL, "no flow resource (AIOR) is running");
        }
        Result<ActivityObject> ioa = ioaOf(ioaRid);
        if (!ioa.isOk()) {
            return ioa.cast();
        }
        Result<KernelObject> target = lookup(sink, null);
        if (!target.isOk()) {
            return target.cast();
        }
        ActivityObject payer = ioa.value();
        Result<Flow> f = service.open(payer, target.value(), flags, cookie, () -> process.boundQueue(payer));
        if (!f.isOk()) {
            return f.cast();
        }
        Rid rid = process.rids.add(f.value());
        if (rid == null) {
            f.value().close();
            return Result.error(Err.GONE, process + " is ending");
        }
        return Result.ok(rid);
    }

    @Override
    public Result<Void> flowSource(Rid ioaRid, Rid flowRid, Rid source, long sourceOffset, long nbytes, long sinkOffset) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<Flow> f = flowOf(ioaRid, flowRid);
        if (!f.isOk()) {
            return f.cast();
        }
        Result<KernelObject> from = lookup(source, null);
        if (!from.isOk()) {
            return from.cast();
        }
        return f.value().addSource(from.value(), sourceOffset, nbytes, sinkOffset);
    }

    @Override
    public Result<Void> flowClose(Rid ioaRid, Rid flowRid) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<Flow> f = flowOf(ioaRid, flowRid);
        if (!f.isOk()) {
            return f.cast();
        }
        Result<Void> closed = f.value().close();
        if (closed.isOk()) {
            process.rids.remove(flowRid);
        }
        return closed;
    }

    // ---- I/O streams

    @Override
    public Result<Long> iosWrite(Rid stream, byte[] data, int off, int len, long flags) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<IoStream> s = lookup(stream, KernelObject.IO_STREAM);
        return s.isOk() ? s.value().write(data, off, len, flags) : s.cast();
    }

    @Override
    public Result<StreamRead> iosRead(Rid stream, int max, long flags, long timeoutMicros) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<IoStream> s = lookup(stream, KernelObject.IO_STREAM);
        return s.isOk() ? s.value().read(max, flags, timeoutMicros) : s.cast();
    }

    // ---- threads

    @Override
    public Rid threadSelf() {
        KThread self = enter();
        if (self == null) {
            return Rid.NONE;
        }
        return process.rids.find(self);
    }

    @Override
    public Result<Void> threadYield() {
        KThread self = threads.current().orElse(null);
        if (self == null) {
            return notKernelThread();
        }
        self.yieldCore();
        return Result.ok();
    }

    @Override
    public void preempt() {
        enter();
    }

    @Override
    public Result<Rid> threadCreate(Rid cpuaRid, ThreadBody body, long arg) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<CpuAggregate> cpua = cpuaRid.equals(Rid.NONE) ? Result.ok(process.cpua)
                : lookup(cpuaRid, KernelObject.CPU_AGGREGATE);
        if (!cpua.isOk()) {
            return cpua.cast();
        }
        Result<KThread> t = threads.create(cpua.value(), process.name() + ".t", self -> {
            try {
                return body.run(this, arg);
            } catch (Exception e) {
                return EXIT_FAILED;
            }
        });
        if (!t.isOk()) {
            return t.cast();
        }
        Rid rid = process.adopt(t.value(), false);
        t.value().start();
        return rid == null ? Result.error(Err.GONE, process + " is ending") : Result.ok(rid);
    }

    @Override
    public void threadExit(long status) {
        KThread self = threads.current().orElse(null);
        if (self != null) {
            self.exit(status);
        }
    }

    @Override
    public Result<Long> threadJoin(Rid thread) {
        KThread self = enter();
        if (self == null) {
            return notKernelThread();
        }
        Result<KThread> t = lookup(thread, KernelObject.THREAD);
        if (!t.isOk()) {
            return t.cast();
        }
        if (t.value() == self) {
            return Result.error(Err.NOT_PERMITTED, "a thread cannot join itself");
        }
        AtomicLong status = new AtomicLong();
        long token = self.prepareWait();
        t.value().onExit(s -> {
            status.set(s);
            self.wake(token);
        });
        self.await(token, FOREVER);
        return Result.ok(status.get());
    }

    @Override
    public Result<Void> threadSuspend(Rid thread, long timeoutMicros) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<KThread> t = lookup(thread, KernelObject.THREAD);
        return t.isOk() ? t.value().suspend(timeoutMicros) : t.cast();
    }

    @Override
    public Result<Void> threadResume(Rid thread) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<KThread> t = lookup(thread, KernelObject.THREAD);
        return t.isOk() ? t.value().resume() : t.cast();
    }

    @Override
    public Result<Long> threadCpuNanos(Rid thread) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<KThread> t = lookup(thread, KernelObject.THREAD);
        return t.isOk() ? Result.ok(t.value().stats().cpuNanos()) : t.cast();
    }

    // ---- CPU aggregates

    @Override
    public Result<Void> cpuaSuspend(Rid cpua) {
        return onCpua(cpua, CpuAggregate::suspend);
    }

    @Override
    public Result<Void> cpuaResume(Rid cpua) {
        return onCpua(cpua, CpuAggregate::resume);
    }

    private Result<Void> onCpua(Rid cpua, java.util.function.Consumer<CpuAggregate> action) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<CpuAggregate> a = lookup(cpua, KernelObject.CPU_AGGREGATE);
        if (!a.isOk()) {
            return a.cast();
        }
        action.accept(a.value());
        return Result.ok();
    }

    @Override
    public Rid defaultCpua() {
        return process.cpuaRid;
    }

    @Override
    public Rid defaultIoa() {
        return process.ioaRid;
    }

    @Override
    public Rid defaultMema() {
        return process.memaRid;
    }

    // ---- processes

    @Override
    public Result<Rid> processStart(String program, List<String> args, Rid messageQueue) {
        KThread self = enter();
        if (self == null) {
            return notKernelThread();
        }
        MessageQueue mq = null;
        if (!messageQueue.equals(Rid.NONE)) {
            Result<MessageQueue> q = lookup(messageQueue, KernelObject.MESSAGE_QUEUE);
            if (!q.isOk()) {
                return q.cast();
            }
            mq = q.value();
        }
        Rid rid = process.rids.reserve();
        if (rid == null) {
            return Result.error(Err.GONE, process + " is ending");
        }
        ExitNotice notice = mq == null ? null : new ExitNotice(mq, rid.value(), self.cpua().activity());
        Result<ProcessHandle> child = pr.start(ProcessSpec.of(program, args), notice);
        if (!child.isOk()) {
            process.rids.remove(rid);
            return child.cast();
        }
        process.rids.fill(rid, child.value());
        return Result.ok(rid);
    }

    @Override
    public Result<Void> processKill(Rid processRid, long status) {
        if (enter() == null) {
            return notKernelThread();
        }
        Result<ProcessHandle> p = lookup(processRid, KernelObject.PROCESS);
        if (!p.isOk()) {
            return p.cast();
        }
        p.value().kill(status);
        return Result.ok();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
