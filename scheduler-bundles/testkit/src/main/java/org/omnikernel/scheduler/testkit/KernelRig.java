package org.omnikernel.scheduler.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.config.ConfigException;
import org.omnikernel.okrt.config.GridCatalog;
import org.omnikernel.okrt.config.SchedulerConfig;
import org.omnikernel.okrt.config.SchedulerConfigParser;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.omnikernel.okrt.stats.KernelSnapshot;
import org.omnikernel.okrt.stats.SchedulerClientStatistics;

/**
 * A real kernel (OKRT's {@link Kernel} on a plain class path) booted from {@code schedulerconfig}
 * XML, with {@link Spinner} resources that keep its cores saturated and activities that send to them.
 * Closing it stops every spinner's loop, then the kernel's cores.
 *
 * <pre>{@code
 * try (KernelRig rig = KernelRig.boot(xml, 1, Set.of("resource.spin"), new MyFactory())) {
 *     rig.attachSpinner("resource.spin", 5_000);
 *     Activity a = rig.createActivity("a", Parameters.of("share", "2"));
 *     Activity b = rig.createActivity("b", Parameters.of("share", "1"));
 *     rig.fill("resource.spin", 8, a, b);
 *     Thread.sleep(1000);
 *     Shares cpu = rig.sinceBoot().cpuShares(a, b);
 * }
 * }</pre>
 */
public final class KernelRig implements AutoCloseable {

    /** How long {@link #await} waits before it fails the test. */
    public static final long AWAIT_SECONDS = 20;

    private final Kernel kernel;
    private final long bootNanos;
    private final List<Spinner> spinners = new ArrayList<>();

    private KernelRig(Kernel kernel) {
        this.kernel = kernel;
        this.bootNanos = System.nanoTime();
        kernel.start();
    }

    /**
     * Parses a grid and starts a kernel that runs it.
     *
     * @param xml          the {@code schedulerconfig} document
     * @param machineCores the cores the machine has, for {@code core='0-?'}
     * @param resources    the resource names the grid may use (the resources' capabilities)
     * @param factories    the schedulers the grid may use, found by {@link SchedulerFactory#name()}; include
     *                     {@code okrt.fifo} ({@code new FifoScheduler()}) when the grid names it
     * @return the running kernel
     * @throws AssertionError when the configuration is refused
     */
    public static KernelRig boot(String xml, int machineCores, Set<String> resources, SchedulerFactory... factories) {
        Map<String, SchedulerFactory> byName = new HashMap<>();
        for (SchedulerFactory f : factories) {
            if (byName.putIfAbsent(f.name(), f) != null) {
                throw new IllegalArgumentException("two factories named " + f.name());
            }
        }
        SchedulerConfig config;
        try {
            config = new SchedulerConfigParser(new GridCatalog(resources, byName.keySet()), machineCores)
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test grid");
        } catch (ConfigException e) {
            throw new AssertionError("the test grid was refused: " + e.getMessage(), e);
        }
        return new KernelRig(new Kernel(config, byName::get));
    }

    /** @return the kernel, for what the rig does not cover */
    public Kernel kernel() {
        return kernel;
    }

    /** @return {@link System#nanoTime()} just before the kernel started */
    public long bootNanos() {
        return bootNanos;
    }

    /**
     * Attaches a {@link Spinner}: messages sent to it spin for {@code spinNanos} and send themselves
     * again until it is stopped (at the latest when the rig closes).
     *
     * @param resource  its name, one of the grid's resources
     * @param spinNanos how long each message spins
     * @return the spinner, to stop its loop
     */
    public Spinner attachSpinner(String resource, long spinNanos) {
        Spinner spinner = new Spinner(resource, spinNanos);
        kernel.attach(spinner).orElseThrow(() -> new AssertionError(resource + " was not attached"));
        spinners.add(spinner);
        return spinner;
    }

    /**
     * @param name       the activity's name
     * @param parameters its client parameters
     * @return the new activity
     */
    public Activity createActivity(String name, Parameters parameters) {
        return kernel.createActivity(name, parameters);
    }

    /**
     * Sends one {@value Spinner#REQUEST} message.
     *
     * @param activity the activity that pays for it
     * @param resource the spinner's name
     * @param affinity the message's affinity label
     * @throws AssertionError when the kernel does not queue it
     */
    public void send(Activity activity, String resource, long affinity) {
        SendResult result = kernel.send(activity, resource, Spinner.REQUEST, affinity);
        // A plain comparison, so that the sends of a fill follow one another as closely as a bare loop's:
        // the activities sent to first run alone until the others' messages arrive.
        if (result.status() != SendResult.Status.OK || !result.detail().isEmpty()) {
            fail(activity.name() + "'s message to " + resource + " with label " + affinity + ": " + result);
        }
    }

    /**
     * Puts messages in flight to a spinner: label by label, one message of each activity in turn.
     *
     * @param resource   the spinner's name
     * @param affinities the labels; each activity gets one message per label
     * @param activities the activities
     */
    public void fill(String resource, long[] affinities, Activity... activities) {
        for (long label : affinities) {
            for (Activity a : activities) {
                send(a, resource, label);
            }
        }
    }

    /**
     * {@link #fill(String, long[], Activity...)} with labels 0 to {@code inFlight - 1}.
     *
     * @param resource   the spinner's name
     * @param inFlight   messages per activity
     * @param activities the activities
     */
    public void fill(String resource, int inFlight, Activity... activities) {
        long[] labels = new long[inFlight];
        for (int i = 0; i < inFlight; i++) {
            labels[i] = i;
        }
        fill(resource, labels, activities);
    }

    /**
     * Creates an activity and puts its messages in flight to a spinner.
     *
     * @param name       the activity's name
     * @param parameters its client parameters
     * @param resource   the spinner's name
     * @param inFlight   its messages in flight, with labels 0 to {@code inFlight - 1}
     * @return the activity
     */
    public Activity startActivity(String name, Parameters parameters, String resource, int inFlight) {
        Activity a = createActivity(name, parameters);
        fill(resource, inFlight, a);
        return a;
    }

    /** @return a statistics snapshot, taken now */
    public KernelSnapshot statistics() {
        return kernel.statistics();
    }

    /** @return the window from the kernel's start (every figure 0) to a snapshot taken now */
    public Window sinceBoot() {
        return new Window(new KernelSnapshot(bootNanos, List.of(), List.of(), List.of(), List.of(), 0), statistics());
    }

    /**
     * @param from an earlier snapshot of this kernel
     * @return the window from it to a snapshot taken now
     */
    public Window since(KernelSnapshot from) {
        return new Window(from, statistics());
    }

    /**
     * Waits, sleeping 5 ms at a time, for something the kernel's cores bring about.
     *
     * @param what      what is awaited, for the failure message
     * @param condition true once it has happened
     * @throws AssertionError after {@value #AWAIT_SECONDS} s
     * @throws InterruptedException when interrupted while waiting
     */
    public void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /**
     * @param snapshot a statistics snapshot
     * @param resource a resource's name
     * @param activity an activity with a request queue at it
     * @return what the resource's scheduler reported of that queue
     * @throws AssertionError when the snapshot has no such client
     */
    public static SchedulerClientStatistics client(KernelSnapshot snapshot, String resource, Activity activity) {
        return snapshot.clients().stream()
                .filter(c -> c.resource().equals(resource) && c.activityId() == activity.id()).findFirst()
                .orElseThrow(() -> new AssertionError("no client of " + activity.name() + " at " + resource));
    }

    /**
     * Busy-waits on the calling thread, as a spinner's handler does.
     *
     * @param nanos how long
     */
    public static void spinFor(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** Stops every spinner's loop, then the kernel's cores; queued messages stay queued. */
    @Override
    public void close() {
        spinners.forEach(Spinner::stop);
        try {
            kernel.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the kernel", e);
        }
    }
}
