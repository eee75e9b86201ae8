package org.omnikernel.resource.thread.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.config.CoreSet;
import org.omnikernel.okrt.config.SchedulerSpec;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.CpuAggregate;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.OpenRequest;
import org.omnikernel.syscall.spi.PathProvider;
import org.omnikernel.syscall.spi.ThreadMain;
import org.omnikernel.syscall.spi.ThreadService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The thread resource (TR) as a service: makes CPU aggregates — each an activity and a TR instance
 * attached to OKRT with its own scheduler, whose cpushare at the CPU scheduler is the aggregate's
 * share — and the kernel threads that run in them; provides {@code /cpuaggregate}.
 *
 * <p>Each TR instance dispatches one thread per message: batch 1, so that the CPU scheduler decides
 * again after every timeslice. The timeslice (framework property {@value #TIMESLICE_PROPERTY}, µs,
 * default {@value #DEFAULT_TIMESLICE_MICROS}) is long against the cost of a switch (two hand-offs,
 * some 20 µs here, so about 1 %) and short against the CPU scheduler's fairness window.
 */
@Component(service = {ThreadService.class, PathProvider.class},
        property = PathProvider.PREFIX + "=" + ThreadResources.PATH)
public final class ThreadResources implements ThreadService, PathProvider {

    /** The namespace path of CPU aggregates. */
    public static final String PATH = "/cpuaggregate";
    /** Framework property: the timeslice in µs. */
    public static final String TIMESLICE_PROPERTY = "omnikernel.thread.timeslice";
    /** The timeslice without {@value #TIMESLICE_PROPERTY}. */
    public static final long DEFAULT_TIMESLICE_MICROS = 2000;

    private static final AtomicLong INSTANCES = new AtomicLong();
    private static final AtomicLong THREAD_IDS = new AtomicLong();
    private static final AtomicLong TOKENS = new AtomicLong();

    private final Okrt okrt;
    private final long timesliceNanos;
    private final ThreadLocal<KernelThread> current = new ThreadLocal<>();
    private final java.util.Set<CpuAggregateImpl> aggregates = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** How long {@link #deactivate()} lets killed threads unwind before it takes their aggregates away. */
    static final long UNWIND_MILLIS = 2000;

    /**
     * @param okrt       the kernel
     * @param properties the framework's properties, for {@value #TIMESLICE_PROPERTY}
     */
    @Activate
    public ThreadResources(@Reference Okrt okrt, Map<String, Object> properties) {
        this(okrt, timeslice(properties.get(TIMESLICE_PROPERTY)));
    }

    /**
     * @param okrt             the kernel
     * @param timesliceMicros  the timeslice, in µs
     */
    public ThreadResources(Okrt okrt, long timesliceMicros) {
        if (timesliceMicros < 1) {
            throw new IllegalArgumentException(TIMESLICE_PROPERTY + "=" + timesliceMicros + " is below 1 µs");
        }
        this.okrt = okrt;
        this.timesliceNanos = timesliceMicros * 1000;
    }

    private static long timeslice(Object v) {
        return v == null ? DEFAULT_TIMESLICE_MICROS : Parameters.of(TIMESLICE_PROPERTY, v.toString())
                .getLong(TIMESLICE_PROPERTY, DEFAULT_TIMESLICE_MICROS, 1);
    }

    @Override
    public long timesliceMicros() {
        return timesliceNanos / 1000;
    }

    long timesliceNanos() {
        return timesliceNanos;
    }

    @Override
    public Result<CpuAggregate> createCpuAggregate(String name, String policy, long share) {
        if (share < 1) {
            return Result.error(Err.BAD_PARAMETER, "share=" + share + " is below 1");
        }
        Activity activity = okrt.createActivity(name, Parameters.EMPTY);
        TrInstance tr = new TrInstance("resource.tr." + INSTANCES.incrementAndGet(), activity);
        SchedulerSpec spec = new SchedulerSpec(tr.name(), policy, Metric.CPU, CoreSet.all(okrt.cores()), share, 1,
                Parameters.EMPTY, Parameters.EMPTY, null, 0);
        try {
            okrt.attach(tr, spec);
        } catch (IllegalArgumentException e) {
            okrt.terminate(activity);
            return Result.error(Err.BAD_PARAMETER, "policy=" + policy + ", share=" + share + ": " + e.getMessage());
        }
        CpuAggregateImpl cpua = new CpuAggregateImpl(okrt, activity, tr, policy, share);
        aggregates.add(cpua);
        cpua.released().whenComplete((v, e) -> aggregates.remove(cpua));
        return Result.ok(cpua);
    }

    @Override
    public Result<KernelObject> open(OpenRequest request) {
        Result<AggregatePath> p = AggregatePath.parse(request);
        if (!p.isOk()) {
            return p.cast();
        }
        Result<CpuAggregate> a = createCpuAggregate(request.processName() + ".cpua", p.value().policy(), p.value().share());
        return a.isOk() ? Result.ok(a.value()) : a.cast();
    }

    @Override
    public Result<KThread> create(CpuAggregate cpua, String name, ThreadMain main) {
        if (!(cpua instanceof CpuAggregateImpl impl)) {
            return Result.error(Err.WRONG_KIND, cpua + " is not a CPU aggregate of this thread resource");
        }
        KernelThread t = new KernelThread(THREAD_IDS.incrementAndGet(), name, impl, main, this);
        if (!impl.admit(t)) {
            return Result.error(Err.GONE, cpua + " has been closed");
        }
        return Result.ok(t);
    }

    /**
     * The bundle stops: every thread is killed and gets {@value #UNWIND_MILLIS} ms to unwind at a
     * preemption point; then every aggregate's TR instance is detached and its activity terminated.
     * A thread that never reached a preemption point is left parked, without a core.
     */
    @Deactivate
    public void deactivate() {
        List<KernelThread> threads = aggregates.stream().flatMap(a -> a.live().stream()).toList();
        threads.forEach(KernelThread::kill);
        long deadline = System.nanoTime() + UNWIND_MILLIS * 1_000_000;
        while (threads.stream().anyMatch(KernelThread::isAlive) && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        aggregates.forEach(CpuAggregateImpl::forceClose);
    }

    @Override
    public Optional<KThread> current() {
        return Optional.ofNullable(current.get());
    }

    void enter(KernelThread t) {
        current.set(t);
    }

    void leave() {
        current.remove();
    }

    void forget(KernelThread t) {
        ((CpuAggregateImpl) t.cpua()).forget(t);
    }

    long nextToken() {
        return TOKENS.incrementAndGet();
    }
}
