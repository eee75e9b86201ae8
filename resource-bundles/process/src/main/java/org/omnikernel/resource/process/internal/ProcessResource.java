package org.omnikernel.resource.process.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceContext;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Program;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.Sys;
import org.omnikernel.syscall.spi.ActivityObject;
import org.omnikernel.syscall.spi.CpuAggregate;
import org.omnikernel.syscall.spi.FileService;
import org.omnikernel.syscall.spi.FlowService;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.PathProvider;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.ProcessService;
import org.omnikernel.syscall.spi.ProcessSpec;
import org.omnikernel.syscall.spi.ThreadService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The process resource (PR, seed §3.4, Fig 3.23): starts processes running the programs bundles
 * offer, gives each its default CPU, I/O and memory aggregates and its RID table, resolves
 * {@code aopen} paths through the namespace, and reaps processes once their last thread has exited
 * (a {@value #REAP} message, paid by the process's I/O aggregate).
 */
@Component(service = {ProcessService.class, Resource.class})
public final class ProcessResource implements ProcessService, Resource {

    /** The resource's name. */
    public static final String NAME = "resource.process";
    private static final String REAP = "REAP";
    private static final AtomicLong IDS = new AtomicLong();
    private static final long STOP_SECONDS = 5;

    private final ThreadService threads;
    private final ActivityAggregates aggregates;
    private final Namespace namespace = new Namespace();
    private final Map<String, Program> programs = new ConcurrentHashMap<>();
    private final Map<Long, ProcessImpl> processes = new ConcurrentHashMap<>();
    private volatile ResourceContext context;
    private volatile FileService files;
    private volatile FlowService flows;

    /**
     * @param okrt    the kernel, which makes the default I/O and memory aggregates' activities
     * @param threads the thread resource
     */
    @Activate
    public ProcessResource(@Reference Okrt okrt, @Reference ThreadService threads) {
        this.threads = threads;
        this.aggregates = new ActivityAggregates(okrt);
    }

    // ---- the whiteboards: programs and path providers

    /**
     * @param program    a program
     * @param properties its service properties, with {@value Program#NAME}
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addProgram(Program program, Map<String, Object> properties) {
        Object name = properties.get(Program.NAME);
        if (name != null) {
            programs.put(name.toString(), program);
        }
    }

    /**
     * @param program    a program going away
     * @param properties its service properties
     */
    public void removeProgram(Program program, Map<String, Object> properties) {
        Object name = properties.get(Program.NAME);
        if (name != null) {
            programs.remove(name.toString(), program);
        }
    }

    /**
     * @param provider   a namespace provider
     * @param properties its service properties, with {@value PathProvider#PREFIX} (one or more)
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addProvider(PathProvider provider, Map<String, Object> properties) {
        for (String p : prefixes(properties)) {
            namespace.add(p, provider);
        }
    }

    /**
     * @param provider   a namespace provider going away
     * @param properties its service properties
     */
    public void removeProvider(PathProvider provider, Map<String, Object> properties) {
        for (String p : prefixes(properties)) {
            namespace.remove(p, provider);
        }
    }

    /**
     * @param service the provider of files (FCR's bundle), to which stat, list, mkdir and the other
     *                file calls delegate
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setFiles(FileService service) {
        this.files = service;
    }

    /** @param service the provider of files going away */
    public void unsetFiles(FileService service) {
        if (files == service) {
            files = null;
        }
    }

    /** @return the provider of files, or null when none runs */
    FileService files() {
        return files;
    }

    /**
     * @param service the flow resource (AIOR), to which flow, flowsource and flowclose delegate
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void setFlows(FlowService service) {
        this.flows = service;
    }

    /** @param service the flow resource going away */
    public void unsetFlows(FlowService service) {
        if (flows == service) {
            flows = null;
        }
    }

    /** @return the flow resource, or null when none runs */
    FlowService flows() {
        return flows;
    }

    private static List<String> prefixes(Map<String, Object> properties) {
        Object v = properties.get(PathProvider.PREFIX);
        if (v instanceof String[] a) {
            return List.of(a);
        }
        return v == null ? List.of() : List.of(v.toString());
    }

    Namespace namespace() {
        return namespace;
    }

    // ---- the resource

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(NAME).request(REAP, ProcessResource::reap, ProcessImpl.class).build();
    }

    private static void reap(ExecutionContext ctx, Message m) {
        m.argument(0, ProcessImpl.class).release();
    }

    @Override
    public void attached(ResourceContext ctx) {
        this.context = ctx;
    }

    /** The process's last thread exited: release what it held, in a PR handler when PR is attached. */
    void reap(ProcessImpl p) {
        ResourceContext c = context;
        SendResult r = c == null ? null : c.send(p.ioa.activity(), NAME, REAP, p.id(), p);
        if (r == null || !r.isOk()) {
            p.release();
        }
    }

    void forget(ProcessImpl p) {
        processes.remove(p.id());
    }

    // ---- starting

    @Override
    public Result<ProcessHandle> start(ProcessSpec spec) {
        return start(spec, null);
    }

    Result<ProcessHandle> start(ProcessSpec spec, ExitNotice notice) {
        Program program = programs.get(spec.program());
        if (program == null) {
            return Result.error(Err.NO_SUCH_PROGRAM, "no bundle offers a program named \"" + spec.program()
                    + "\"; programs: " + new TreeSet<>(programs.keySet()));
        }
        long id = IDS.incrementAndGet();
        String name = spec.program() + "." + id;
        Result<CpuAggregate> cpua = threads.createCpuAggregate(name + ".cpua", spec.cpuaPolicy(), spec.cpuaShare());
        if (!cpua.isOk()) {
            return cpua.cast();
        }
        if (spec.ioaShare() < 1 || spec.memaShare() < 1) {
            cpua.value().close();
            return Result.error(Err.BAD_PARAMETER, "I/O share " + spec.ioaShare() + " and memory share "
                    + spec.memaShare() + " must be at least 1");
        }
        ActivityObject ioa = aggregates.create(KernelObject.IO_AGGREGATE, name + ".ioa", spec.ioaShare());
        ActivityObject mema = aggregates.create(KernelObject.MEMORY_AGGREGATE, name + ".mema", spec.memaShare());
        ProcessImpl p = new ProcessImpl(id, spec.program(), this, cpua.value(), ioa, mema, notice);
        ProcessSys sys = new ProcessSys(p, this, threads);
        List<String> args = List.copyOf(spec.args());
        processes.put(id, p);
        Result<KThread> main = threads.create(cpua.value(), name + ".main", self -> {
            try {
                return program.main(sys, args);
            } catch (Exception e) {
                p.failed(e);
                return Sys.EXIT_FAILED;
            } catch (Error e) {
                // the thread resource ends the thread on an Error (EXIT_FAILED); the process keeps its cause
                p.failedUnlessEnding(e);
                throw e;
            }
        });
        if (!main.isOk()) {
            processes.remove(id);
            p.release();
            return main.cast();
        }
        p.adopt(main.value(), true);
        main.value().start();
        return Result.ok(p);
    }

    /** The bundle stops: every process is killed and waited for, a few seconds at most. */
    @Deactivate
    public void deactivate() {
        List<ProcessImpl> all = List.copyOf(processes.values());
        all.forEach(p -> p.kill(Sys.EXIT_KILLED));
        for (ProcessImpl p : all) {
            try {
                p.exit().toCompletableFuture().get(STOP_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                System.getLogger("org.omnikernel.resource.process").log(System.Logger.Level.WARNING,
                        p + " did not end within " + STOP_SECONDS + " s of the process resource stopping: " + e);
                return;
            }
        }
    }

    @Override
    public List<ProcessHandle> processes() {
        return List.copyOf(processes.values());
    }
}
