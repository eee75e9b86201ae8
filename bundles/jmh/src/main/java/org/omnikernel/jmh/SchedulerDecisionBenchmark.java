package org.omnikernel.jmh;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.omnikernel.okrt.Metric;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.ResourceRecord;
import org.omnikernel.okrt.internal.FifoScheduler;
import org.omnikernel.okrt.scheduler.ClientState;
import org.omnikernel.okrt.scheduler.CoreScheduler;
import org.omnikernel.okrt.scheduler.Scheduler;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.omnikernel.scheduler.mclock.MClockFactory;
import org.omnikernel.scheduler.priority.PriorityFactory;
import org.omnikernel.scheduler.rate.RateFactory;
import org.omnikernel.scheduler.roundrobin.RoundRobinFactory;
import org.omnikernel.scheduler.sfq.SfqFactory;
import org.omnikernel.scheduler.testkit.TestClient;
import org.omnikernel.scheduler.testkit.TestContext;
import org.omnikernel.scheduler.wfq.WfqFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one scheduling decision costs each scheduler: one dispatch cycle of one core as OKRT performs
 * it while every client stays backlogged — {@code pollReady()} (which must answer 0),
 * {@code schedule()}, the dispatch's {@code resourceRecord} of {@value #COST} CPU units, and
 * {@code clientReady} for the client dispatched.
 *
 * <p>{@link #decision} runs that cycle on a core scheduler made by the scheduler's own
 * {@link SchedulerFactory} for {@code clients} ready clients; {@link #baseline} runs the same cycle
 * with an {@link ArrayDeque} rotation as the "scheduler" (poll the head, one record, add it back at the
 * tail), the cheapest ring there is, so that each scheduler's cost can be read as a ratio measured in
 * the same run.
 *
 * <p>Client parameters vary across clients as activities' would: {@code share} = 10000, 20000, 30000,
 * 40000 in turn for the proportional-share schedulers, {@code priority} = 0, 1, 2, 3 in turn for strict
 * priority (so only the top quarter runs, taking turns). {@code rate} gets a default rate of
 * {@value #RATE} units per second, which refills a bucket long before the next decision: it measures
 * the decision, never throttling. Each JMH fork runs one scheduler, so its call sites stay
 * monomorphic as on a core that runs one policy.
 *
 * <pre>
 * mvn -q -DskipTests install &amp;&amp; java -jar bundles/jmh/target/benchmarks.jar
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SchedulerDecisionBenchmark {

    /** What each dispatch consumes, in CPU units (ns of handler time): a 2 µs handler. */
    public static final long COST = 2000;

    /** The {@code rate} scheduler's default rate, units per second: its maximum, never a limit here. */
    public static final long RATE = 1_000_000_000_000_000L;

    /** A core scheduler with {@code clients} backlogged clients, made fresh for each trial. */
    @State(Scope.Thread)
    public static class SchedulerState {

        /** The scheduler's name in configurations. */
        @Param({"okrt.fifo", "roundrobin", "propshare.wfq", "priority.strict", "rate", "propshare.mclock",
            "propshare.sfq"})
        public String scheduler;

        /** How many ready clients the core has. */
        @Param({"4", "64"})
        public int clients;

        Cycle<?> cycle;

        /** Creates the scheduler through its factory, core 0, and adds and readies the clients. */
        @Setup(Level.Trial)
        public void setUp() {
            cycle = Cycle.create(scheduler, clients);
        }
    }

    /** The baseline's ring of {@code clients} clients, made fresh for each trial. */
    @State(Scope.Thread)
    public static class RingState {

        /** How many clients the ring holds. */
        @Param({"4", "64"})
        public int clients;

        ArrayDeque<RingClient> ring;

        /** Fills the ring. */
        @Setup(Level.Trial)
        public void setUp() {
            ring = new ArrayDeque<>();
            for (int i = 0; i < clients; i++) {
                ring.add(new RingClient(new TestClient(i + 1, "c" + i)));
            }
        }
    }

    /** A client of the baseline ring: the client and what it consumed, as a scheduler keeps. */
    public static final class RingClient {
        final TestClient client;
        long consumed;

        RingClient(TestClient client) {
            this.client = client;
        }
    }

    /**
     * One dispatch cycle of the scheduler under test.
     *
     * @param s the scheduler's core and clients
     * @return the client state dispatched (sunk by JMH)
     */
    @Benchmark
    public ClientState decision(SchedulerState s) {
        return s.cycle.dispatch();
    }

    /**
     * The same cycle with an {@link ArrayDeque} rotation: a ready check, poll the head, one record,
     * add it back at the tail.
     *
     * @param r the ring
     * @return the client dispatched (sunk by JMH)
     */
    @Benchmark
    public RingClient baseline(RingState r) {
        ArrayDeque<RingClient> ring = r.ring;
        if (ring.isEmpty()) {
            throw new IllegalStateException("baseline ring is empty");
        }
        RingClient c = ring.pollFirst();
        c.consumed += new ResourceRecord(Metric.CPU, COST).consumption();
        ring.addLast(c);
        return c;
    }

    /**
     * One core scheduler with backlogged clients and the dispatch cycle OKRT runs on it.
     *
     * @param <S> the scheduler's client state
     */
    public static final class Cycle<S extends ClientState> {

        private final CoreScheduler<S> core;
        private final List<S> states;

        private Cycle(CoreScheduler<S> core, List<S> states) {
            this.core = core;
            this.states = states;
        }

        /**
         * Creates scheduler {@code name} through its factory on one core with the CPU metric, as OKRT
         * does, initialises core 0, and adds {@code clients} clients and makes them all ready.
         *
         * @param name    a scheduler name of {@link SchedulerState#scheduler}
         * @param clients how many clients
         * @return the cycle, ready to dispatch
         * @throws IllegalArgumentException for an unknown name or a client count below 1
         */
        public static Cycle<?> create(String name, int clients) {
            if (clients < 1) {
                throw new IllegalArgumentException("clients must be at least 1, got " + clients);
            }
            SchedulerFactory factory = factory(name);
            if (!factory.name().equals(name)) {
                throw new IllegalStateException("factory for " + name + " names itself " + factory.name());
            }
            Scheduler scheduler = factory.create(schedulerParameters(name), TestContext.of(1, Metric.CPU));
            return populate(scheduler, scheduler.initCore(0), name, clients);
        }

        private static <S extends ClientState> Cycle<S> populate(Scheduler scheduler, CoreScheduler<S> core,
                String name, int clients) {
            List<S> states = new ArrayList<>(clients);
            for (int i = 0; i < clients; i++) {
                Parameters p = clientParameters(name, i);
                scheduler.checkClient(p);
                states.add(core.addClient(new TestClient(i + 1, "c" + i), p));
            }
            for (S s : states) {
                core.clientReady(s);
            }
            return new Cycle<>(core, List.copyOf(states));
        }

        /**
         * One dispatch cycle: {@code pollReady}, {@code schedule}, the dispatch's record,
         * {@code clientReady} (the client stays backlogged).
         *
         * @return the client state dispatched
         * @throws IllegalStateException when the scheduler does not decide at once or returns no client
         */
        public S dispatch() {
            long poll = core.pollReady();
            if (poll != 0) {
                throw new IllegalStateException("pollReady answered " + poll + " with every client backlogged");
            }
            S s = core.schedule();
            if (s == null) {
                throw new IllegalStateException("pollReady answered 0 but schedule returned null");
            }
            core.resourceRecord(s, new ResourceRecord(Metric.CPU, COST));
            core.clientReady(s);
            return s;
        }

        /** @return the clients' states, in the order they were added */
        public List<S> states() {
            return states;
        }
    }

    static SchedulerFactory factory(String name) {
        switch (name) {
            case FifoScheduler.NAME:
                return new FifoScheduler();
            case RoundRobinFactory.NAME:
                return new RoundRobinFactory();
            case WfqFactory.NAME:
                return new WfqFactory();
            case PriorityFactory.NAME:
                return new PriorityFactory();
            case RateFactory.NAME:
                return new RateFactory();
            case MClockFactory.NAME:
                return new MClockFactory();
            case SfqFactory.NAME:
                return new SfqFactory();
            default:
                throw new IllegalArgumentException("unknown scheduler \"" + name + "\"");
        }
    }

    static Parameters schedulerParameters(String name) {
        return name.equals(RateFactory.NAME) ? Parameters.of("rate", Long.toString(RATE)) : Parameters.EMPTY;
    }

    static Parameters clientParameters(String name, int i) {
        switch (name) {
            case WfqFactory.NAME:
            case SfqFactory.NAME:
            case MClockFactory.NAME:
                return Parameters.of("share", Long.toString(10_000L * (1 + i % 4)));
            case PriorityFactory.NAME:
                return Parameters.of("priority", Integer.toString(i % 4));
            default:
                return Parameters.EMPTY;
        }
    }
}
